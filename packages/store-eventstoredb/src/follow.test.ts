import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type Entry, type StorageFailed } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { startStandIn } from './test-server/stand-in.js'
import { freshPrefix, open, right, targets, until } from './targets.test-helpers.js'

const registered = (n: number) =>
  input('VehicleRegistered', { vin: vinFrom(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' }, { seed: `follow-${n}` })

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

for (const target of targets) {
  describe(`${target.name}: following`, () => {
    it('resumes from a saved checkpoint after each stop, while writers go on, and sees every entry once', async () => {
      const connectionString = await target.connectionString()
      const prefix = freshPrefix()
      const writer = await open(connectionString, prefix)
      const reader = await open(connectionString, prefix)
      const ledger = createLedger({ plan: jiaxiang2024, store: writer })
      const seen: number[] = []
      let checkpoint = 0
      // what a projection does: handle the entries, then save the position
      const onEntries = async (entries: ReadonlyArray<Entry>): Promise<void> => {
        seen.push(...entries.map((e) => e.position))
        checkpoint = entries[entries.length - 1]?.position ?? checkpoint
      }
      const writing = (async () => {
        for (let n = 1; n <= 30; n += 3) {
          right(await ledger.recordBatch([n, n + 1, n + 2].slice(0, n % 2 === 0 ? 1 : 3).map(registered))())
          await sleep(5)
        }
      })()
      for (let restart = 0; restart < 4; restart++) {
        const subscription = reader.follow({ after: checkpoint, onEntries, batchSize: 3 })
        await sleep(20 + restart * 15)
        await subscription.stop()
        expect(subscription.position()).toBe(checkpoint)
      }
      await writing
      const total = right(await writer.head()()).position
      const last = reader.follow({ after: checkpoint, onEntries })
      await until(() => checkpoint === total)
      await last.stop()
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1))
      await Promise.all([writer.close(), reader.close()])
    })
  })
}

describe('eventstoredb on the stand-in gRPC server (not EventStoreDB): the server goes away', () => {
  it('a follower reports the outage, then resumes by itself when the server is back, missing nothing and repeating nothing', async () => {
    const server = await startStandIn()
    const prefix = freshPrefix()
    const writer = await open(server.connectionString, prefix)
    const reader = await open(server.connectionString, prefix)
    const ledger = createLedger({ plan: jiaxiang2024, store: writer })
    const seen: number[] = []
    const errors: StorageFailed[] = []
    const subscription = reader.follow({
      after: 0,
      onEntries: async (entries) => {
        seen.push(...entries.map((e) => e.position))
      },
      onError: (error) => errors.push(error),
    })
    right(await ledger.recordBatch([1, 2, 3].map(registered))())
    await until(() => seen.length === 3)

    await server.stop()
    await until(() => errors.length > 0)
    expect(errors[0]?.code).toBe('STORAGE_FAILED')
    expect(errors[0]?.message).toContain('following the log')
    expect(errors[0]?.message).toContain(`127.0.0.1:${server.port}`)
    // while it is away, writing fails plainly and writes nothing
    const refused = await ledger.record(registered(4))()
    expect(E.isLeft(refused) && refused.left.code).toBe('STORAGE_FAILED')

    await server.start()
    // a writer retries a STORAGE_FAILED until the server answers again
    for (let tries = 0; E.isLeft(await ledger.record(registered(4))()); tries++) {
      expect(tries).toBeLessThan(100)
      await sleep(50)
    }
    right(await ledger.recordBatch([5, 6].map(registered))())
    await until(() => seen.length >= 6)
    await sleep(100) // time for a duplicate to show up, were there one
    await subscription.stop()
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
    expect(subscription.position()).toBe(6)
    expect(errors.every((e) => !e.message.includes('esdb://'))).toBe(true)
    await Promise.all([writer.close(), reader.close()])
    await server.stop()
  })
})
