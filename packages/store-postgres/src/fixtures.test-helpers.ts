import type { EventStore, LedgerError, RecordInput } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach } from 'vitest'
import { postgresStore } from './index.js'

/** A pool on the real driver whose clients keep the text of every statement they send, to be searched. */
export const watchedPool = (url: string): { readonly pool: pg.Pool; readonly sent: string[] } => {
  const sent: string[] = []
  class WatchedClient extends pg.Client {
    override query(...args: unknown[]): never {
      const [text] = args
      sent.push(typeof text === 'string' ? text : String((text as { text?: unknown }).text))
      return (super.query as (...a: unknown[]) => never)(...args)
    }
  }
  return { pool: new pg.Pool({ connectionString: url, Client: WatchedClient }), sent }
}

/** A schema name no other test uses. */
export const freshSchema = (prefix = 't'): string => `${prefix}_${randomBytes(6).toString('hex')}`

/** Drop a test's schema once it is done, so that a shared server (DATABASE_URL) is left clean. */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  } finally {
    await client.end()
  }
}

export const openStore = (url: string, schema: string, follow = { idleMs: 100, retryMs: 200 }) =>
  postgresStore({ connectionString: url, schema, follow })

/** The value of a success; a failure ends the test with its code and message. */
export const right = <A>(e: E.Either<LedgerError, A>): A => {
  if (E.isLeft(e)) throw new Error(`${e.left.code}: ${e.left.message}`)
  return e.right
}

/** A new-energy car registered in 纸坊镇; the seed keeps ids apart between test files. */
export const registered = (seed: string, n: number): RecordInput =>
  input(
    'VehicleRegistered',
    { vin: vinFrom(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
    { occurredAt: '2025-03-01T09:00:00+08:00', seed: `${seed}-${n}` },
  )

/** Wait until a condition holds, or fail after `ms`. */
export const until = async (done: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * A fresh schema for each test of a describe block: stores opened on it are
 * closed and the schema dropped after each test.
 */
export const schemaPerTest = (url: string, prefix: string) => {
  let schema = freshSchema(prefix)
  const stores: EventStore[] = []
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()))
    await dropSchema(url, schema)
    schema = freshSchema(prefix)
  })
  const track = (store: EventStore): EventStore => (stores.push(store), store)
  return { schema: (): string => schema, track, open: (): EventStore => track(openStore(url, schema)) }
}
