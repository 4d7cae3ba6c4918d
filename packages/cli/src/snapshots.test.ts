import { createLedger, memoryStore, storageFailed, type EventStore, type RecordInput } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { keepSnapshots } from './snapshots.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

const recordFive = async (store: EventStore): Promise<void> => {
  const done = await createLedger({ plan: jiaxiang2024, store }).recordBatch([1, 2, 3, 4, 5].map((n) => vehicleRegistered(n, '2025-03-01T09:00:00+08:00') as unknown as RecordInput))()
  if (E.isLeft(done)) throw new Error(done.left.message)
}

describe('the snapshots a writing command keeps', () => {
  it('are brought up to date after recording, one every so many entries, and again adds none', async () => {
    const store = sqliteStore({ file: tmp.path('kept.db') })
    await recordFive(store)
    expect(await keepSnapshots(store, 2)).toBeUndefined()
    expect(await keepSnapshots(store, 2)).toBeUndefined()
    const kept = await (store.listSnapshots as NonNullable<EventStore['listSnapshots']>)()()
    expect(E.isRight(kept) && kept.right.map((s) => s.position)).toEqual([2, 4])
    await store.close()
  })

  it('that a store cannot keep give a note in Chinese, then English, and leave what was recorded', async () => {
    const base = memoryStore()
    await recordFive(base)
    const refusing: EventStore = { ...base, readSnapshot: () => TE.right(undefined), writeSnapshot: () => TE.left(storageFailed('无权写入快照 / permission denied for table snapshots')) }
    const note = await keepSnapshots(refusing, 2)
    expect(note).toMatch(/^注意 note: 计数快照未更新.*无权写入快照.* \/ the tally's snapshots were not brought up to date.*permission denied for table snapshots\n$/)
    const head = await base.head()()
    expect(E.isRight(head) && head.right.position).toBe(5)
  })
})
