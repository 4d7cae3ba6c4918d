import {
  createLedger,
  emptyTally,
  loadTally,
  memoryStore,
  tallyDeltas,
  verifyStore,
  writeSnapshots,
  type Entry,
  type EventStore,
  type Known,
  type RecordInput,
  type Tally,
} from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { registered, right, schemaPerTest, watchedPool } from './fixtures.test-helpers.js'
import { postgresStore } from './index.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const url = inject('databaseUrl')

const traded = (n: number, k: number): RecordInput =>
  input('UsedCarTraded', { vin: vinFrom(n), market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000 + k, town: 'jiaxiang' }, { seed: `read-trade-${n}-${k}`, recordedBy: 'commerce' })

const sizes = [3, 1, 7, 2, 5, 1, 4]
const START = Date.UTC(2025, 0, 1)

/** The same batches, a minute apart, recorded into a store and into the memory store (the reference). */
const recordBoth = async (store: EventStore): Promise<{ readonly reference: EventStore; readonly end: number }> => {
  const reference = memoryStore()
  let now = START
  const ledgers = [createLedger({ plan: jiaxiang2024, store, clock: () => now }), createLedger({ plan: jiaxiang2024, store: reference, clock: () => now })]
  let from = 0
  for (const size of sizes) {
    now += 60_000
    const batch = [...Array.from({ length: size }, (_, i) => registered('read', from + i)), traded(from, from)]
    for (const ledger of ledgers) right(await ledger.recordBatch(batch)())
    from += size
  }
  return { reference, end: right(await store.head()()).position }
}

const tallyOf = async (store: EventStore, known: Known, from: Tally = emptyTally(), pageSize?: number): Promise<Tally> => right(await loadTally(store, known, from, pageSize)())

const sameTally = (actual: Tally, expected: Tally): void => {
  expect(actual.position).toBe(expected.position)
  expect(actual.recordedAt).toBe(expected.recordedAt)
  expect([...tallyDeltas(actual)]).toEqual([...tallyDeltas(expected)])
}

describe('postgres: the fast paths', () => {
  const scratch = schemaPerTest(url, 'reads')
  const { open } = scratch

  it('reads several streams in one query as readStream reads each', async () => {
    const store = open()
    await recordBoth(store)
    const streams = [...new Set(right(await store.readAll({ after: 0, limit: 100 })()).map((e) => e.stream))]
    expect(streams.length).toBeGreaterThan(5)
    const asked = [...streams, 'vehicle-none'].reverse()
    const each = (await Promise.all(asked.map(async (s) => right(await store.readStream(s)())))).flat()
    const byStream = (es: ReadonlyArray<Entry>) => [...es].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.revision - b.revision))
    expect(right(await (store.readStreams as NonNullable<EventStore['readStreams']>)(asked)())).toEqual(byStream(each))
    expect(each.some((e) => e.revision === 2)).toBe(true)
  })

  it('replays by commit blocks, and entry by entry, exactly as the memory store does, for every cut by position or instant and from any start', async () => {
    const store = open()
    const { reference, end } = await recordBoth(store)
    expect(end).toBe(sizes.reduce((a, b) => a + b + 1, 0))
    // the same store without blocks: core falls back to readDeltas, cut from the same commits
    const { readDeltaBlocks: _blocks, ...byEntry } = store
    expect(store.readDeltaBlocks).toBeDefined()
    for (const s of [store, byEntry])
      for (let position = 0; position <= end; position++)
        for (const start of [0, 1, Math.min(position, 9)])
          for (const pageSize of [1, 3, 10_000])
            sameTally(
              await tallyOf(s, { position }, await tallyOf(s, { position: start }), pageSize),
              await tallyOf(reference, { position }, await tallyOf(reference, { position: start }), pageSize),
            )
    for (let k = 0; k <= sizes.length + 1; k++)
      for (const offset of [-1, 0, 1]) sameTally(await tallyOf(store, { recordedAt: START + k * 60_000 + offset }, emptyTally(), 4), await tallyOf(reference, { recordedAt: START + k * 60_000 + offset }))
    expect(right(await store.readDeltas({ after: 2, limit: 5 })())).toEqual(right(await reference.readDeltas({ after: 2, limit: 5 })()))
  })

  it('starts a replay from the nearest snapshot, folding what a replay from zero folds; snapshots are written once', async () => {
    const store = open()
    const { reference, end } = await recordBoth(store)
    expect(right(await writeSnapshots(store, 5)())).toBe(Math.floor(end / 5))
    expect(right(await writeSnapshots(store, 5)())).toBe(0)
    for (let position = 0; position <= end; position++) sameTally(await tallyOf(store, { position }), await tallyOf(reference, { position }))
    for (let k = 0; k <= sizes.length + 1; k++) sameTally(await tallyOf(store, { recordedAt: START + k * 60_000 }), await tallyOf(reference, { recordedAt: START + k * 60_000 }))
    const snapshot = right(await (store.readSnapshot as NonNullable<EventStore['readSnapshot']>)({ position: end, recordedAt: Number.MAX_SAFE_INTEGER })())
    expect(snapshot?.position).toBe(5 * Math.floor(end / 5))
  })

  it('gives raw bodies that verify as the parsed entries do', async () => {
    const store = open()
    const { end } = await recordBoth(store)
    const raw = right(await (store.readRaw as NonNullable<EventStore['readRaw']>)({ after: 3, limit: 4 })())
    const parsed = right(await store.readAll({ after: 3, limit: 4 })())
    expect(raw.bodies.map((body, i) => ({ ...(JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as object), hash: raw.hashes[i] }))).toEqual(parsed)
    expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: end })
    // a forged body is found at its position
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`UPDATE ${pg.escapeIdentifier(scratch.schema())}.entries SET body = replace(body, '"recordedBy":"', '"recordedBy":"forged-') WHERE position = 17`)
    await admin.end()
    expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 17, problem: 'content-changed' })
  })

  it('refuses a batch that repeats an id, naming an id already held first, and writes nothing', async () => {
    const store = open()
    const [held] = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([registered('repeat', 1)])()).recorded
    if (held === undefined) throw new Error('nothing recorded')
    const draft = (id: string, n: number) => ({ entry: { ...held, id, stream: `vehicle-repeat-${n}`, revision: 1 }, deltas: new Float64Array(4) })
    const expected = [2, 3, 4].map((n) => ({ stream: `vehicle-repeat-${n}`, revision: 0 }))
    const twice = await store.append({ drafts: [draft('a', 2), draft('b', 3), draft('a', 4)], expected, now: Date.now() })()
    expect(twice).toMatchObject({ _tag: 'Left', left: { code: 'ID_CONFLICT', id: 'a' } })
    const both = await store.append({ drafts: [draft('a', 2), draft(held.id, 3), draft('a', 4)], expected, now: Date.now() })()
    expect(both).toMatchObject({ _tag: 'Left', left: { code: 'ID_CONFLICT', id: held.id } })
    expect(right(await store.head()()).position).toBe(1)
  })

  it('appends in one statement while it writes alone, and seals afresh when another writer moved the head', async () => {
    const { pool, sent } = watchedPool(url)
    const store = postgresStore({ pool, schema: scratch.schema() })
    const other = open()
    try {
      const ledger = createLedger({ plan: jiaxiang2024, store })
      right(await ledger.record(registered('alone', 1))()) // migrates, and learns the head by a wasted try
      sent.length = 0
      for (let n = 2; n <= 4; n++) right(await ledger.record(registered('alone', n))())
      // a new stream is read once (the ledger), then the append is one statement
      expect(sent.filter((t) => !/FROM \S+\.entries WHERE stream = \$1/.test(t))).toHaveLength(3)
      right(await createLedger({ plan: jiaxiang2024, store: other }).record(registered('alone', 5))())
      const after = right(await ledger.record(registered('alone', 6))())
      expect(after.position).toBe(6)
      expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 6 })
    } finally {
      await store.close()
      await pool.end()
    }
  })
})
