import { createLedger, emptyTally, loadTally, tallyDeltas, writeSnapshots, type EventStore, type Known, type Tally } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it, onTestFinished } from 'vitest'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const tallyOf = async (store: EventStore, known: Known, from?: Tally, pageSize?: number): Promise<Tally> => {
  const r = await loadTally(store, known, from, pageSize)()
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const sizes = [3, 1, 7, 2, 5, 1, 4]
const START = Date.UTC(2025, 0, 1)

/** A ledger of a few commits of different sizes, a minute apart; and the same store without its optional reads, so that core falls back to readDeltas. */
const recorded = async (): Promise<{ readonly store: EventStore; readonly byEntry: EventStore; readonly end: number }> => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const store = sqliteStore({ file: temp.file() })
  onTestFinished(() => store.close())
  const { readDeltaBlocks: _blocks, readSnapshot: _read, writeSnapshot: _write, ...byEntry } = store
  let now = START
  const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => now })
  let from = 0
  for (const size of sizes) {
    now += 60_000
    const batch = registrations(9, from, size)
    const vin = (batch[0]?.data as { vin: string }).vin
    const r = await ledger.recordBatch([...batch, traded(vin, from)])()
    if (E.isLeft(r)) throw new Error(r.left.message)
    from += size
  }
  const head = await store.head()()
  if (E.isLeft(head)) throw new Error(head.left.message)
  return { store, byEntry, end: head.right.position }
}

const sameAs =
  (store: EventStore, byEntry: EventStore) =>
  async (known: Known, start: number, pageSize: number): Promise<void> => {
    const a = await tallyOf(byEntry, { position: start }, emptyTally())
    const b = await tallyOf(byEntry, { position: start }, emptyTally())
    const expected = await tallyOf(byEntry, known, a, pageSize)
    const actual = await tallyOf(store, known, b, pageSize)
    expect(actual.position).toBe(expected.position)
    expect(actual.recordedAt).toBe(expected.recordedAt)
    expect([...tallyDeltas(actual)]).toEqual([...tallyDeltas(expected)])
  }

it('a replay by commit blocks folds exactly what a replay entry by entry folds, for every cut by position or instant and from any start', async () => {
  const { store, byEntry, end } = await recorded()
  expect(store.readDeltaBlocks).toBeDefined()
  expect(end).toBe(sizes.reduce((a, b) => a + b + 1, 0))
  const same = sameAs(store, byEntry)
  for (let position = 0; position <= end; position++)
    for (const start of [0, 1, 4, Math.min(position, 9)]) for (const pageSize of [1, 3, 10_000]) await same({ position }, start, pageSize)
  for (let k = 0; k <= sizes.length + 1; k++)
    for (const offset of [-1, 0, 1]) await same({ recordedAt: START + k * 60_000 + offset }, 2, 4)
  // a whole replay has every entry
  expect((await tallyOf(store, {})).position).toBe(end)
})

it('a replay from the nearest snapshot folds what a replay from zero folds, for every cut; snapshots are written once', async () => {
  const { store, byEntry, end } = await recorded()
  const written = await writeSnapshots(store, 5)()
  expect(written).toEqual(E.right(Math.floor(end / 5)))
  expect(await writeSnapshots(store, 5)()).toEqual(E.right(0))
  const same = sameAs(store, byEntry)
  for (let position = 0; position <= end; position++) await same({ position }, 0, 4)
  for (let k = 0; k <= sizes.length + 1; k++) for (const offset of [-1, 0, 1]) await same({ recordedAt: START + k * 60_000 + offset }, 0, 10_000)
  // the latest snapshot at or before the head is where a whole replay starts
  const snapshot = await store.readSnapshot?.({ position: end, recordedAt: Number.MAX_SAFE_INTEGER })()
  expect(snapshot).toMatchObject({ _tag: 'Right', right: { position: 5 * Math.floor(end / 5) } })
  // and an incremental tally handed in is the one brought up to date
  const incremental = emptyTally()
  await loadTally(store, {}, incremental)()
  expect(incremental.position).toBe(end)
})
