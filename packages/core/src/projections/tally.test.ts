import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DELTA_WIDTH, packDeltas, seriesKey, unpackDeltas, type Delta, type SeriesKey } from '../deltas.js'
import { metricByKey, metrics, type MetricName } from '../metrics.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'

const { towns } = jiaxiang2024
import type { EntryDeltas } from '../store.js'
import { addBlock, addDeltas, addSnapshot, emptyTally, entriesOfBlocks, latestDay, movesSums, readWithout, sum, sumsAsked, tallyDeltas, type Tally } from './tally.js'

// a handful of metrics and towns, so that entries share series and days
const names = metrics.slice(0, 4).map((m) => m.name as MetricName)
/** A delta of a series drawn from `series`, its day, quantity and events from the ranges given. */
const deltaOf = (series: fc.Arbitrary<SeriesKey>, days: { min: number; max: number }, quantities: { min: number; max: number }): fc.Arbitrary<Delta> =>
  fc.record({ series, day: fc.integer(days), quantity: fc.integer(quantities), events: fc.integer({ min: -1, max: 2 }) }).map(({ series: s, ...cell }) => ({ ...s, ...cell }))
const delta = deltaOf(
  fc.tuple(fc.constantFrom(...names), fc.constantFrom(undefined, ...towns.slice(0, 3).map((t) => t.code))).map(([metric, town]) => seriesKey(town === undefined ? { metric } : { metric, town })),
  { min: 19_700, max: 19_760 },
  { min: -5, max: 20 },
)
const entries = fc.array(fc.array(delta, { maxLength: 4 }), { maxLength: 30 }).map((list) =>
  list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
)

const folded = (es: ReadonlyArray<EntryDeltas>): Tally => es.reduce(addDeltas, emptyTally())

/** What a reading asks of a tally, which leaves its overlays as they are: sums over days, and the latest day. */
const sumsOf = (t: Tally) => ({
  latest: latestDay(t),
  sums: names.map((m) => [sum(t, m, 19_690, 19_730), sum(t, m, 19_731, 19_800), sum(t, m, 19_700, 19_760, { town: towns[0]?.code ?? '' }), sum(t, m, 18_000, 18_200), sum(t, m, 18_150, 18_400)]),
})

/** Everything a reading can ask of a tally, its cells too (which merges the overlays), for comparing two. */
const readingsOf = (t: Tally) => ({ cells: [...tallyDeltas(t)], ...sumsOf(t) })

/** A tally's whole state at its position, as a snapshot keeps it. */
const snapshotOf = (t: Tally): EntryDeltas => ({ position: t.position, recordedAt: t.recordedAt, deltas: tallyDeltas(t) })

// one metric over many days, entries of many deltas: series outgrow their overlay and merge it into their base
const wideDelta = deltaOf(
  fc.constantFrom(...towns.slice(0, 2).map((t) => seriesKey({ metric: names[0] as MetricName, town: t.code }))),
  { min: 18_000, max: 18_400 },
  { min: -1_000, max: 1_000 },
)
const wideEntries = fc.array(fc.array(wideDelta, { maxLength: 40, size: 'max' }), { maxLength: 40, size: 'max' }).map((list) =>
  list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
)
// entries of more cells of one series than its overlay holds: taking one out settles the series
const hugeEntries = fc.array(fc.array(wideDelta, { minLength: 65, maxLength: 160 }), { minLength: 1, maxLength: 4 }).map((list) =>
  list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
)

/** Entries packed as one commit block, the first at `first`. */
const blockOf = (es: ReadonlyArray<EntryDeltas>, first: number) => ({
  first,
  last: first + es.length - 1,
  recordedAt: 7,
  counts: Uint32Array.from(es, (e) => e.deltas.length),
  deltas: Float64Array.from(es.flatMap((e) => [...e.deltas])),
})

/** An entry's position and cells, for comparing entries cut from blocks with those packed. */
const cellsOf = (d: EntryDeltas): [number, number[]] => [d.position, [...d.deltas]]

const lexicographic = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const k = a.findIndex((x, i) => x !== b[i])
  return k === -1 ? 0 : (a[k] as number) - (b[k] as number)
}

const spans = fc.array(fc.tuple(fc.integer({ min: 17_990, max: 18_410 }), fc.integer({ min: 0, max: 420 })), { minLength: 1, maxLength: 8 })

describe('the tally', () => {
  it('packed whole (a snapshot) and folded into an empty tally, reads the same, as a snapshot or as deltas', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const t = folded(es)
        expect(readingsOf(addSnapshot(emptyTally(), snapshotOf(t)))).toEqual(readingsOf(t))
        expect(readingsOf(addDeltas(emptyTally(), snapshotOf(t)))).toEqual(readingsOf(t))
      }),
    )
  })

  it('started from a snapshot at any position and folded on, reads as the same log folded from zero', () => {
    fc.assert(
      fc.property(fc.oneof(entries, wideEntries), fc.nat(), (es, at) => {
        const cut = at % (es.length + 1)
        const fromSnapshot = es.slice(cut).reduce(addDeltas, addSnapshot(emptyTally(), snapshotOf(folded(es.slice(0, cut)))))
        expect(fromSnapshot.position).toBe(es.length)
        expect(readingsOf(fromSnapshot)).toEqual(readingsOf(folded(es)))
      }),
    )
  })

  it('folds packed deltas in any other order, or into a tally already holding cells, as addDeltas does', () => {
    fc.assert(
      fc.property(entries, fc.array(delta, { maxLength: 12 }), (es, ds) => {
        const unsorted: EntryDeltas = { position: es.length + 1, recordedAt: 9_999, deltas: packDeltas(ds) }
        expect(readingsOf(addSnapshot(emptyTally(), unsorted))).toEqual(readingsOf(addDeltas(emptyTally(), unsorted)))
        expect(readingsOf(addSnapshot(folded(es), unsorted))).toEqual(readingsOf(addDeltas(folded(es), unsorted)))
      }),
    )
  })

  it('sums what was folded in, day by day, however many cells a series gathers', () => {
    fc.assert(
      fc.property(wideEntries, spans, (es, asked) => {
        const cells = es.flatMap((e) => unpackDeltas(e.deltas))
        const t = folded(es)
        for (const [from, length] of asked) {
          const to = from + length
          const inSpan = cells.filter((c) => c.day >= from && c.day <= to)
          expect(sum(t, names[0] as MetricName, from, to)).toEqual({
            quantity: inSpan.reduce((n, c) => n + c.quantity, 0),
            events: inSpan.reduce((n, c) => n + c.events, 0),
          })
        }
        expect(latestDay(t)).toBe(cells.length === 0 ? undefined : Math.max(...cells.map((c) => c.day)))
        // every (series, day) touched is a cell, once, in series then day order
        const order = unpackDeltas(tallyDeltas(t)).map((c) => [c.metric, c.town, c.unit, c.sector, c.day])
        expect(order).toEqual([...order].sort(lexicographic))
        const keys = order.map((c) => c.join('/'))
        expect(keys.length).toBe(new Set(keys).size)
        expect(new Set(keys)).toEqual(new Set(cells.map((c) => [c.metric, c.town, c.unit, c.sector, c.day].join('/'))))
      }),
    )
  })

  it('folds a commit block, cut at any position, as it folds the same entries one by one', () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), (es, startAt, cutAt) => {
        const start = es.length === 0 ? 0 : startAt % (es.length + 1)
        const cut = es.length === 0 ? 0 : cutAt % (es.length + 1)
        const viaBlock = addBlock(folded(es.slice(0, start)), blockOf(es, 1), cut)
        const oneByOne = folded(es.slice(0, Math.max(start, cut)))
        expect(viaBlock.position).toBe(Math.max(start, cut))
        expect(readingsOf(viaBlock)).toEqual(readingsOf(oneByOne))
      }),
    )
  })

  it("cuts commit blocks into their entries, never one short: a count past its block's numbers ends that block's cut", () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (es, splitAt, afterAt, endAt, keptAt) => {
        const split = splitAt % (es.length + 1)
        const blocks = [blockOf(es.slice(0, split), 1), blockOf(es.slice(split), split + 1)].filter((b) => b.counts.length > 0)
        const after = afterAt % (es.length + 1)
        const end = after + (endAt % (es.length + 1))
        expect(entriesOfBlocks(blocks, after, end).map(cellsOf)).toEqual(es.filter((e) => e.position > after && e.position <= end).map(cellsOf))
        // the first block with its numbers cut short: its entries while they fit, then the next block's, whole
        const [first, ...rest] = blocks
        if (first === undefined || first.deltas.length === 0) return
        const kept = keptAt % first.deltas.length
        const [inFirst, inRest] = split > 0 ? [es.slice(0, split), es.slice(split)] : [es, []]
        const fits: EntryDeltas[] = []
        for (let n = 0, i = 0; i < inFirst.length && n + (inFirst[i] as EntryDeltas).deltas.length <= kept; n += (inFirst[i] as EntryDeltas).deltas.length, i++) fits.push(inFirst[i] as EntryDeltas)
        const short = entriesOfBlocks([{ ...first, deltas: first.deltas.subarray(0, kept) }, ...rest], 0, es.length)
        expect(short.map(cellsOf)).toEqual([...fits, ...inRest].map(cellsOf))
      }),
    )
  })

  it('says which sums a reading asked, and how taking cells out moves them: not at all where none falls in one', () => {
    const asks = fc.array(
      fc.record({ metric: fc.constantFrom(...names), from: fc.integer({ min: 17_990, max: 19_760 }), length: fc.integer({ min: -5, max: 400 }), town: fc.constantFrom(undefined, ...towns.slice(0, 3).map((t) => t.code)) }),
      { maxLength: 5 },
    )
    fc.assert(
      fc.property(fc.oneof(entries, wideEntries), asks, fc.nat(), (es, calls, at) => {
        if (es.length === 0) return
        const out = es[at % es.length] as EntryDeltas
        // and spans that begin or end on the very days of the cells taken out
        const edges = unpackDeltas(out.deltas).flatMap((c) => {
          const metric = metricByKey.get(c.metric)?.name as MetricName
          return [0, 3].flatMap((length) => [{ metric, from: c.day, length, town: undefined }, { metric, from: c.day - length, length, town: undefined }])
        })
        const all = [...calls, ...edges]
        const read = (t: Tally) => all.map((c) => sum(t, c.metric, c.from, c.from + c.length, c.town === undefined ? {} : { town: c.town }))
        const t = folded(es)
        const asked = sumsAsked(t, read)
        // an empty span asks nothing of the tally
        expect(asked?.length).toBe(all.filter((c) => c.length >= 0).length)
        const moved = movesSums(asked ?? [], out.deltas)
        const before = read(t)
        const after = read(addDeltas(folded(es), { ...out, deltas: out.deltas.map((x, i) => (i % DELTA_WIDTH >= DELTA_WIDTH - 2 ? -x : x)) }))
        if (!moved.moves) expect(after).toEqual(before)
        expect(before.reduce((n, s) => n + s.events, 0) - after.reduce((n, s) => n + s.events, 0)).toBe(moved.events)
      }),
    )
  })

  it("reads as if an entry's cells were taken out, and is left as it was, question after question", () => {
    fc.assert(
      fc.property(fc.oneof(entries, wideEntries, hugeEntries), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (es, asked, wholly) => {
        if (es.length === 0) return
        const read = wholly ? readingsOf : sumsOf
        const t = folded(es)
        const block = blockOf(es, 1)
        for (const k of asked.map((n) => n % es.length)) {
          const out = es[k] as EntryDeltas
          const without = addDeltas(folded(es), { ...out, deltas: out.deltas.map((x, i) => (i % DELTA_WIDTH >= DELTA_WIDTH - 2 ? -x : x)) })
          expect(readWithout(t, out.deltas, read)).toEqual(read(without))
          // the same cells where a commit block holds them, between other entries'
          const from = es.slice(0, k).reduce((n, e) => n + e.deltas.length, 0)
          expect(readWithout(t, block.deltas, read, from, from + out.deltas.length)).toEqual(read(without))
        }
        expect(t.position).toBe(es.length)
        expect(readingsOf(t)).toEqual(readingsOf(folded(es)))
      }),
    )
  })
})

describe('the tally, for a plan of any size', () => {
  // keys no catalogue of today holds: a town among 400 and more, a unit among 200, a sector among 100, up to 2^40
  const large = (min: number) => fc.oneof(fc.integer({ min, max: min + 3 }), fc.integer({ min, max: 2 ** 40 }))
  const metric = metrics[0] as (typeof metrics)[number]
  const series = fc.record({ metric: fc.constant(metric.key), town: large(400), unit: large(200), sector: large(100) })
  const largeEntries = fc.array(fc.array(deltaOf(series, { min: 19_700, max: 19_710 }, { min: -50, max: 50 }), { maxLength: 6 }), { maxLength: 20 }).map((list) =>
    list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
  )
  const cellKey = (c: Delta): string => [c.metric, c.town, c.unit, c.sector, c.day].join('/')

  it('keeps every series apart, sums them exactly and reads each cell back', () => {
    fc.assert(
      fc.property(largeEntries, (es) => {
        const cells = es.flatMap((e) => unpackDeltas(e.deltas))
        const expected = new Map<string, Delta>()
        for (const c of cells) {
          const was = expected.get(cellKey(c))
          expected.set(cellKey(c), { ...c, quantity: (was?.quantity ?? 0) + c.quantity, events: (was?.events ?? 0) + c.events })
        }
        const t = folded(es)
        const back = unpackDeltas(tallyDeltas(t))
        expect(new Map(back.map((c) => [cellKey(c), c]))).toEqual(expected)
        expect(back.map((c) => [c.metric, c.town, c.unit, c.sector, c.day])).toEqual([...expected.values()].map((c) => [c.metric, c.town, c.unit, c.sector, c.day]).sort(lexicographic))
        expect(sum(t, metric.name as MetricName, 19_700, 19_710)).toEqual({
          quantity: cells.reduce((n, c) => n + c.quantity, 0),
          events: cells.reduce((n, c) => n + c.events, 0),
        })
        // and a snapshot of it starts the same tally
        expect(readingsOf(addSnapshot(emptyTally(), snapshotOf(t)))).toEqual(readingsOf(t))
      }),
    )
  })

  it('holds 400 towns, 200 units and 100 sectors of one metric side by side', () => {
    const ds = Array.from({ length: 400 }, (_, i): Delta => ({ metric: metric.key, town: 400 + i, unit: 200 + (i % 200), sector: 100 + (i % 100), day: 19_700 + (i % 7), quantity: i + 1, events: 1 }))
    const t = addDeltas(emptyTally(), { position: 1, recordedAt: 1, deltas: packDeltas([...ds, ...ds]) })
    expect(t.series.size).toBe(400)
    expect(unpackDeltas(tallyDeltas(t))).toEqual(ds.map((d) => ({ ...d, quantity: 2 * d.quantity, events: 2 })))
    expect(sum(t, metric.name as MetricName, 19_700, 19_706).quantity).toBe(2 * ds.reduce((n, d) => n + d.quantity, 0))
  })
})
