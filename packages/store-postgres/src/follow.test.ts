import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type Entry, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, inject, it } from 'vitest'
import { openStore, registered, right, schemaPerTest, until } from './fixtures.test-helpers.js'
import { postgresStore } from './index.js'
import { startServer } from '@policy-ledger/testkit/postgres'

const url = inject('databaseUrl')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('postgres: following the log', () => {
  const scratch = schemaPerTest(url, 'follow')
  const { track } = scratch

  it('resumes from a saved checkpoint in a new process while writers keep writing: every entry exactly once', async () => {
    const writer = createLedger({ plan: jiaxiang2024, store: scratch.open() })
    const seen: number[] = []
    let checkpoint = 0
    // a projection saves the last position it handled with what it made of it
    const onEntries = async (entries: ReadonlyArray<Entry>): Promise<void> => {
      seen.push(...entries.map((e) => e.position))
      checkpoint = entries[entries.length - 1]?.position ?? checkpoint
    }
    const writing = (async () => {
      for (let n = 1; n <= 60; n++) {
        right(await writer.recordBatch([registered('follow', 2 * n), registered('follow', 2 * n + 1)])())
        await sleep(5)
      }
    })()
    const first = openStore(url, scratch.schema())
    const before = first.follow({ after: 0, onEntries, batchSize: 5 })
    await until(() => seen.length >= 30, 20_000)
    await before.stop()
    await first.close()
    expect(before.position()).toBe(checkpoint)
    // restarted: a new pool, as a new process would open, from the saved checkpoint
    const after = scratch.open().follow({ after: checkpoint, onEntries, batchSize: 5 })
    await writing
    await until(() => seen.length >= 120, 20_000)
    await sleep(300)
    await after.stop()
    expect(seen).toEqual(range(1, 120))
  })

  it('is woken by NOTIFY when a commit lands, not by its polling interval', async () => {
    const writer = createLedger({ plan: jiaxiang2024, store: scratch.open() })
    right(await writer.record(registered('follow', 1))())
    const follower = track(postgresStore({ connectionString: url, schema: scratch.schema(), follow: { idleMs: 60_000 } }))
    const seen: number[] = []
    // not stopped here: closing the store (afterEach) stops its followers, even after a failure
    follower.follow({ after: 0, onEntries: async (es) => void seen.push(...es.map((e) => e.position)) })
    await until(() => seen.length === 1, 20_000)
    // past the reads a new subscription makes on its own: from here only a notification wakes it within a minute
    await sleep(500)
    for (const n of [2, 3]) {
      right(await writer.record(registered('follow', n))())
      await until(() => seen.length === n, 5_000)
    }
    expect(seen).toEqual([1, 2, 3])
  })
})

describe('postgres: following while the server goes away and comes back', () => {
  it('reconnects by itself and delivers every entry once; appends in between fail as STORAGE_FAILED and write nothing', async () => {
    // a server of its own, so that stopping it disturbs no other test
    const server = await startServer()
    const schema = 'away'
    const store = postgresStore({ connectionString: server.url, schema, follow: { idleMs: 60_000, retryMs: 100 } })
    const follower = postgresStore({ connectionString: server.url, schema, follow: { idleMs: 60_000, retryMs: 100 } })
    try {
      const ledger = createLedger({ plan: jiaxiang2024, store })
      right(await ledger.recordBatch([1, 2, 3].map((n) => registered('follow', n)))())
      const seen: number[] = []
      const errors: StorageFailed[] = []
      const subscription = follower.follow({
        after: 0,
        onEntries: async (es) => void seen.push(...es.map((e) => e.position)),
        onError: (e) => errors.push(e),
      })
      await until(() => seen.length === 3, 20_000)

      await server.stop()
      const refused = await ledger.record(registered('follow', 4))()
      expect(E.isLeft(refused) && refused.left.code).toBe('STORAGE_FAILED')
      expect(E.isLeft(refused) && refused.left.message).toMatch(/cannot reach|shutting down/)
      await server.start()

      expect(right(await ledger.recordBatch([4, 5].map((n) => registered('follow', n)))()).recorded).toHaveLength(2)
      // well inside the follower's one-minute idle wait: its LISTEN connection came back by itself
      await until(() => seen.length === 5, 15_000)
      right(await ledger.record(registered('follow', 6))())
      await until(() => seen.length === 6, 15_000)
      await subscription.stop()
      expect(seen).toEqual(range(1, 6))
      expect(errors.every((e) => e.code === 'STORAGE_FAILED')).toBe(true)
      expect(right(await store.head()()).position).toBe(6)
    } finally {
      await Promise.all([store.close(), follower.close()])
      await server.dispose()
    }
  })
})
