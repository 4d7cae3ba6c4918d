import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, memoryStore, storageFailed, type EventStore, type RecordInput } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { vehicleRegistered } from '../cli.test-helpers.js'
import type { Line } from './line.js'
import { recordLines } from './record.js'

const linesOf = (ns: ReadonlyArray<number>): ReadonlyArray<Line> =>
  ns.map((n, i) => ({ file: 'f.jsonl', line: i + 1, input: E.right(vehicleRegistered(n, '2025-03-01T09:30:00+08:00')) }))

/** A store that fails appends as `refuse` says, and stops answering reads too while `down()` holds. */
const failing = (refuse: (ids: ReadonlyArray<string>, call: number) => boolean, down: () => boolean): EventStore => {
  const store = memoryStore()
  let calls = 0
  return {
    ...store,
    append: (request) => (refuse(request.drafts.map((d) => d.entry.id), ++calls) ? TE.left(storageFailed('数据库连接中断 the connection to the database was lost')) : store.append(request)),
    head: () => (down() ? TE.left(storageFailed('数据库连接中断 the connection to the database was lost')) : store.head()),
  }
}

const options = { batchSize: 2, onBatch: () => undefined }
const idOf = (n: number): string => (vehicleRegistered(n, '') as unknown as RecordInput).id

describe('recordLines', () => {
  it('stops where the store stops answering, keeping what was recorded before and naming no line for it', async () => {
    let gone = false
    const store = failing((_, call) => (gone ||= call > 1), () => gone)
    const outcome = await recordLines(createLedger({ plan: jiaxiang2024, store }), linesOf([1, 2, 3, 4, 5, 6]), options)
    expect(outcome).toMatchObject({ recorded: 2, duplicates: 0, rejections: [], stopped: { status: 3, message: expect.stringContaining('the connection to the database was lost') } })
  })

  it('rejects the one line a store refuses while it still answers, and records the rest of its batch', async () => {
    const store = failing((ids) => ids.includes(idOf(3)), () => false)
    const outcome = await recordLines(createLedger({ plan: jiaxiang2024, store }), linesOf([1, 2, 3, 4, 5, 6]), { ...options, batchSize: 6 })
    expect(outcome).toEqual({ recorded: 5, duplicates: 0, rejections: [expect.objectContaining({ line: 3, code: 'STORAGE_FAILED' })] })
    const all = await store.readAll({ after: 0, limit: 10 })()
    expect(E.isRight(all) && all.right.map((e) => e.id)).toEqual([1, 2, 4, 5, 6].map(idOf))
  })
})
