import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packDeltas, seriesKey, unpackDeltas } from '../contributions.js'
import { metrics, type MetricName } from '../metrics.js'
import { towns } from '../plan/towns.js'
import type { EntryDeltas } from '../store.js'
import { addBlock, addDeltas, addSnapshot, emptyTally, latestDay, sum, tallyDeltas, type Tally } from './tally.js'

// a handful of metrics and towns, so that entries share series and days
const names = metrics.slice(0, 4).map((m) => m.name as MetricName)
const delta = fc.record({
  series: fc.tuple(fc.constantFrom(...names), fc.constantFrom(undefined, ...towns.slice(0, 3).map((t) => t.code))).map(([metric, town]) => seriesKey(town === undefined ? { metric } : { metric, town })),
  day: fc.integer({ min: 19_700, max: 19_760 }),
  quantity: fc.integer({ min: -5, max: 20 }),
  events: fc.integer({ min: -1, max: 2 }),
})
const entries = fc.array(fc.array(delta, { maxLength: 4 }), { maxLength: 30 }).map((list) =>
  list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
)

const folded = (es: ReadonlyArray<EntryDeltas>): Tally => es.reduce(addDeltas, emptyTally())

/** Everything a reading can ask of a tally, for comparing two. */
const readingsOf = (t: Tally) => ({
  cells: [...tallyDeltas(t)],
  latest: latestDay(t),
  sums: names.map((m) => [sum(t, m, 19_690, 19_730), sum(t, m, 19_731, 19_800), sum(t, m, 19_700, 19_760, { town: towns[0]?.code ?? '' }), sum(t, m, 18_000, 18_200), sum(t, m, 18_150, 18_400)]),
})

/** A tally's whole state at its position, as a snapshot keeps it. */
const snapshotOf = (t: Tally): EntryDeltas => ({ position: t.position, recordedAt: t.recordedAt, deltas: tallyDeltas(t) })

// one metric over many days, entries of many deltas: series outgrow their overlay and merge it into their base
const wideDelta = fc.record({
  series: fc.constantFrom(...towns.slice(0, 2).map((t) => seriesKey({ metric: names[0] as MetricName, town: t.code }))),
  day: fc.integer({ min: 18_000, max: 18_400 }),
  quantity: fc.integer({ min: -1_000, max: 1_000 }),
  events: fc.integer({ min: -1, max: 2 }),
})
const wideEntries = fc.array(fc.array(wideDelta, { maxLength: 40, size: 'max' }), { maxLength: 40, size: 'max' }).map((list) =>
  list.map((ds, i): EntryDeltas => ({ position: i + 1, recordedAt: 1_000 + i, deltas: packDeltas(ds) })),
)
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
        const order = unpackDeltas(tallyDeltas(t)).map((c): [number, number] => [c.series, c.day])
        expect(order).toEqual([...order].sort(([s1, d1], [s2, d2]) => s1 - s2 || d1 - d2))
        const keys = order.map(([series, day]) => `${series}/${day}`)
        expect(keys.length).toBe(new Set(keys).size)
        expect(new Set(keys)).toEqual(new Set(cells.map((c) => `${c.series}/${c.day}`)))
      }),
    )
  })

  it('folds a commit block, cut at any position, as it folds the same entries one by one', () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), (es, startAt, cutAt) => {
        const start = es.length === 0 ? 0 : startAt % (es.length + 1)
        const cut = es.length === 0 ? 0 : cutAt % (es.length + 1)
        const block = {
          first: 1,
          last: es.length,
          recordedAt: 7,
          counts: Uint32Array.from(es, (e) => e.deltas.length),
          deltas: Float64Array.from(es.flatMap((e) => [...e.deltas])),
        }
        const viaBlock = addBlock(folded(es.slice(0, start)), block, cut)
        const oneByOne = folded(es.slice(0, Math.max(start, cut)))
        expect(viaBlock.position).toBe(Math.max(start, cut))
        expect(readingsOf(viaBlock)).toEqual(readingsOf(oneByOne))
      }),
    )
  })
})
