import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addedDelta,
  DELTA_WIDTH,
  deltaOf,
  packDeltas,
  seriesKey,
  seriesParts,
  unpackDeltas,
  upgradeDeltas,
  upgradedLength,
  type Contribution,
  type Delta,
  type SeriesParts,
} from './contributions.js'
import { metricByKey, metrics, type MetricName } from './metrics.js'
import { sectorByKey, sectors } from './plan/sectors.js'
import { townByKey, towns, type TownCode } from './plan/towns.js'
import { unitByKey, units } from './plan/units.js'

// few metrics, towns and days, so that contributions share cells
const contribution: fc.Arbitrary<Contribution> = fc.record(
  {
    metric: fc.constantFrom(...metrics.slice(0, 3).map((m) => m.name as MetricName)),
    quantity: fc.constantFrom(-0, 0, 1, -1, 2, 1_500),
    day: fc.integer({ min: 20_000, max: 20_002 }),
    town: fc.constantFrom(...towns.slice(0, 2).map((t) => t.code as TownCode)),
    unit: fc.constant('commerce' as const),
  },
  { requiredKeys: ['metric', 'quantity', 'day'] },
)

describe('contributions', () => {
  it('make by themselves what deltaOf makes of them over nothing, byte for byte once packed (property)', () => {
    fc.assert(
      fc.property(fc.array(contribution, { maxLength: 12 }), (added) => {
        expect(addedDelta(added)).toEqual(deltaOf([], added))
        expect(Buffer.from(packDeltas(addedDelta(added)).buffer)).toEqual(Buffer.from(packDeltas(deltaOf([], added)).buffer))
      }),
    )
  })
})

/*
 * Delta format 1 as the release before format 2 wrote and read it, kept
 * here as the reference the upgrade is held to: the series packed into one
 * number, and its parts taken back through the catalogue.
 */
const v1Series = (metric: number, town: number, unit: number, sector: number): number => ((metric * 32 + town) * 128 + unit) * 64 + sector
const v1Parts = (series: number): SeriesParts | undefined => {
  const sector = sectorByKey.get(series % 64)?.code
  const unit = unitByKey.get(Math.floor(series / 64) % 128)?.code
  const town = townByKey.get(Math.floor(series / (64 * 128)) % 32)?.code
  const metric = metricByKey.get(Math.floor(series / (32 * 128 * 64)))?.name
  if (metric === undefined) return undefined
  return { metric, ...(town === undefined ? {} : { town }), ...(unit === undefined ? {} : { unit }), ...(sector === undefined ? {} : { sector }) }
}

const key = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 0, max }), fc.constant(max))
const cell = { day: fc.integer({ min: -4_000_000, max: 4_000_000 }), quantity: fc.maxSafeInteger().map((n) => n - 2 ** 52), events: fc.integer({ min: -1_000, max: 1_000 }) }

describe('delta format 2', () => {
  it('round-trips any keys, up to 2^40 and beyond, with any day, quantity and events (property)', () => {
    const large = fc.oneof(key(2 ** 40), fc.maxSafeInteger())
    const delta: fc.Arbitrary<Delta> = fc.record({ metric: large, town: large, unit: large, sector: large, ...cell })
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 10 }), (ds) => {
        const packed = packDeltas(ds)
        expect(packed.length).toBe(ds.length * DELTA_WIDTH)
        expect(unpackDeltas(packed)).toEqual(ds)
      }),
    )
  })

  it('reads every format-1 series as format 1 did: the same keys, and the same codes through the catalogue (property)', () => {
    const v1 = fc.record({ metric: key(4_095), town: key(31), unit: key(127), sector: key(63), ...cell })
    fc.assert(
      fc.property(fc.array(v1, { maxLength: 10 }), (ds) => {
        const series = ds.map((d) => v1Series(d.metric, d.town, d.unit, d.sector))
        const upgraded = unpackDeltas(upgradeDeltas(Float64Array.from(ds.flatMap((d, i) => [series[i] as number, d.day, d.quantity, d.events]))))
        expect(upgraded).toEqual(ds)
        upgraded.forEach((d, i) => {
          const parts = v1Parts(series[i] as number)
          if (parts === undefined) expect(() => seriesParts(d)).toThrow(RangeError)
          else expect(seriesParts(d)).toEqual(parts)
        })
      }),
    )
  })

  it('upgrades the series of every part the catalogue holds, stated or not, to the keys that series has now', () => {
    const orNone = <T>(xs: ReadonlyArray<T>): Array<T | undefined> => [undefined, ...xs]
    const wrong: SeriesParts[] = []
    let checked = 0
    for (const m of metrics)
      for (const town of orNone(towns))
        for (const unit of orNone(units))
          for (const sector of orNone(sectors)) {
            const parts: SeriesParts = { metric: m.name as MetricName, ...(town && { town: town.code }), ...(unit && { unit: unit.code }), ...(sector && { sector: sector.code }) }
            const now = seriesKey(parts)
            const [d] = unpackDeltas(upgradeDeltas(Float64Array.of(v1Series(now.metric, now.town, now.unit, now.sector), 1, 2, 3)))
            if (!(d?.metric === now.metric && d.town === now.town && d.unit === now.unit && d.sector === now.sector)) wrong.push(parts)
            checked++
          }
    expect(wrong).toEqual([])
    expect(checked).toBe(metrics.length * (towns.length + 1) * (units.length + 1) * (sectors.length + 1))
  })

  it('keeps numbers after the last whole format-1 delta as they are, so that a forged block stays one', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 15 }), (numbers) => {
        const v1 = Float64Array.from(numbers)
        const out = upgradeDeltas(v1)
        expect(out.length).toBe(upgradedLength(v1.length))
        const rest = v1.length % 4
        expect([...out.subarray(out.length - rest)]).toEqual([...v1.subarray(v1.length - rest)])
      }),
    )
  })
})
