import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packDeltas, seriesKey } from '../contributions.js'
import { metrics, type MetricName } from '../metrics.js'
import { towns } from '../plan/towns.js'
import type { EntryDeltas } from '../store.js'
import { addBlock, addDeltas, emptyTally, latestDay, sum, tallyDeltas, type Tally } from './tally.js'

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
  sums: names.map((m) => [sum(t, m, 19_690, 19_730), sum(t, m, 19_731, 19_800), sum(t, m, 19_700, 19_760, { town: towns[0]?.code ?? '' })]),
})

describe('the tally', () => {
  it('packed whole (a snapshot) and folded into an empty tally, reads the same', () => {
    fc.assert(
      fc.property(entries, (es) => {
        const t = folded(es)
        const restored = addDeltas(emptyTally(), { position: t.position, recordedAt: t.recordedAt, deltas: tallyDeltas(t) })
        expect(readingsOf(restored)).toEqual(readingsOf(t))
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
