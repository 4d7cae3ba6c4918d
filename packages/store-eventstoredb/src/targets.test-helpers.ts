import { randomUUID } from 'node:crypto'
import type { EventStore, LedgerError } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll } from 'vitest'
import { eventStoreDbStore } from './index.js'
import { startStandIn, type StandIn } from './test-server/stand-in.js'

/**
 * Where the tests run: always the in-process stand-in server (test code,
 * NOT EventStoreDB: see test-server/stand-in.ts), and a real EventStoreDB or
 * KurrentDB too when EVENTSTORE_CONNECTION_STRING is set. Each test gets its
 * own stream prefix, so tests never see each other's ledgers.
 */
export interface Target {
  readonly name: string
  readonly connectionString: () => Promise<string>
}

let standIn: Promise<StandIn> | undefined
/** one stand-in per test file, started on first use */
export const sharedStandIn = (): Promise<StandIn> => (standIn ??= startStandIn())
afterAll(async () => {
  await (await standIn)?.stop()
})

const real = process.env.EVENTSTORE_CONNECTION_STRING
export const targets: ReadonlyArray<Target> = [
  { name: 'eventstoredb on the stand-in gRPC server (not EventStoreDB)', connectionString: async () => (await sharedStandIn()).connectionString },
  ...(real === undefined || real === '' ? [] : [{ name: 'eventstoredb on EVENTSTORE_CONNECTION_STRING', connectionString: async () => real }]),
]

export const right = <A>(e: E.Either<LedgerError, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected success, got ${e.left.code}: ${e.left.message}`)
  return e.right
}

export const freshPrefix = (): string => `test-${randomUUID()}-`

export const open = async (connectionString: string, prefix: string, retryMs = 100): Promise<EventStore> =>
  right(await eventStoreDbStore({ connectionString, prefix, retryMs })())

export const until = async (done: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
