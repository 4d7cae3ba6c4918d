import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createServer } from 'node:net'
import { createLedger, type StorageFailed } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { eventStoreDbStore } from './index.js'
import { names } from './names.js'
import { readEvents } from './reads.js'
import { freshPrefix, open, right, sharedStandIn } from './targets.test-helpers.js'

const SECRET = 's3cr3t-Pa55'

const failed = async (connectionString: string, prefix = freshPrefix()): Promise<StorageFailed> => {
  const opened = await eventStoreDbStore({ connectionString, prefix })()
  if (E.isRight(opened)) throw new Error('expected the store to refuse to open')
  return opened.left
}

const expectNoSecrets = (error: StorageFailed, connectionString: string): void => {
  const text = JSON.stringify(error)
  expect(text).not.toContain(SECRET)
  expect(text).not.toContain(connectionString)
  expect(text).not.toContain('admin:')
}

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1))
    })
  })

const registered = (n: number) =>
  input('VehicleRegistered', { vin: vinFrom(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' }, { seed: `conn-${n}` })

describe('eventstoredb: a store that cannot be used says why, without credentials, and writes nothing', () => {
  it('a connection string that does not parse', async () => {
    const connectionString = `esdb://admin:${SECRET}@localhost:2113?tls=maybe`
    const error = await failed(connectionString)
    expect(error.code).toBe('STORAGE_FAILED')
    expect(error.message).toMatch(/connection string is not valid at character \d+: expected true or false/)
    expectNoSecrets(error, connectionString)
    const nonsense = await failed(`postgres://admin:${SECRET}@`)
    expect(nonsense.message).toContain('connection string is not valid')
    expectNoSecrets(nonsense, `postgres://admin:${SECRET}@`)
  })

  it('a server that cannot be reached', async () => {
    const port = await closedPort()
    const connectionString = `esdb://admin:${SECRET}@127.0.0.1:${port}?tls=false`
    const error = await failed(connectionString)
    expect(error.code).toBe('STORAGE_FAILED')
    expect(error.message).toContain(`the EventStoreDB server at 127.0.0.1:${port} cannot be reached`)
    expectNoSecrets(error, connectionString)
  })

  it('a log stream holding events that are not ledger entries', async () => {
    const { connectionString } = await sharedStandIn()
    const prefix = freshPrefix()
    const log = names(prefix).log
    const client = EventStoreDBClient.connectionString(connectionString)
    await client.appendToStream(log, [jsonEvent({ type: 'OrderPlaced', data: { order: 1 } })])
    const error = await failed(connectionString, prefix)
    expect(error.code).toBe('STORAGE_FAILED')
    expect(error.message).toContain('holds data that is not a policy-ledger log')
    expect(error.message).toContain(`event 0 of ${log} has no ledger metadata`)
    expect(await readEvents(client, log, { count: 10 })).toHaveLength(1)
    await client.dispose()
  })

  it('an entry whose content was changed after it was sealed', async () => {
    const { connectionString } = await sharedStandIn()
    const prefix = freshPrefix()
    const log = names(prefix).log
    const store = await open(connectionString, prefix)
    const ledger = createLedger({ plan: jiaxiang2024, store })
    right(await ledger.recordBatch([registered(1), registered(2)])())
    // forge a third entry: the second one's metadata, hash and all, over other data
    const client = EventStoreDBClient.connectionString(connectionString)
    const [second] = await readEvents(client, log, { from: 1n, count: 1 })
    const sealed = second?.event
    if (sealed === undefined || !sealed.isJson) throw new Error('no second entry')
    const forgedMetadata = { ...(sealed.metadata as Record<string, unknown>), position: 3 }
    await client.appendToStream(log, [jsonEvent({ type: sealed.type, data: { ...(sealed.data as object), town: 'macun' }, metadata: forgedMetadata })], { expectedRevision: 1n })

    const read = await store.readAll({ after: 0, limit: 10 })()
    expect(E.isLeft(read) && read.left.message).toContain(`event 2 of ${log}: content changed, its hash does not match`)
    const refused = await ledger.record(registered(3))()
    expect(E.isLeft(refused) && refused.left.code).toBe('STORAGE_FAILED')
    expect(await readEvents(client, log, { count: 10 })).toHaveLength(3)
    expect(E.isLeft(await eventStoreDbStore({ connectionString, prefix })())).toBe(true)
    await Promise.all([client.dispose(), store.close()])
  })
})
