import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addedDelta,
  DELTA_WIDTH,
  deltaOf,
  packDeltas,
  codeKey,
  seriesKey,
  unpackDeltas,
  upgradeDeltas,
  upgradedLength,
  type Contribution,
  type Delta,
} from './deltas.js'
import { metrics, type MetricName } from './metrics.js'

// few metrics, towns and days, so that contributions share cells
const contribution: fc.Arbitrary<Contribution> = fc.record(
  {
    metric: fc.constantFrom(...metrics.slice(0, 3).map((m) => m.name as MetricName)),
    quantity: fc.constantFrom(-0, 0, 1, -1, 2, 1_500),
    day: fc.integer({ min: 20_000, max: 20_002 }),
    town: fc.constantFrom('macun', 'zhifang'),
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

/* Delta format 1 as the release before format 2 wrote it: the series packed into one number. */
const v1Series = (metric: number, town: number, unit: number, sector: number): number => ((metric * 32 + town) * 128 + unit) * 64 + sector

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

  it('reads every format-1 series as format 1 did: the same four keys (property)', () => {
    const v1 = fc.record({ metric: key(4_095), town: key(31), unit: key(127), sector: key(63), ...cell })
    fc.assert(
      fc.property(fc.array(v1, { maxLength: 10 }), (ds) => {
        const series = ds.map((d) => v1Series(d.metric, d.town, d.unit, d.sector))
        expect(unpackDeltas(upgradeDeltas(Float64Array.from(ds.flatMap((d, i) => [series[i] as number, d.day, d.quantity, d.events]))))).toEqual(ds)
      }),
    )
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

describe('a code’s key', () => {
  it('is the code’s own: the same wherever it is asked, a whole number of at most 48 bits, never 0 (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (code) => {
        const k = codeKey(code)
        expect(Number.isSafeInteger(k) && k > 0 && k < 2 ** 48).toBe(true)
        expect(codeKey(code)).toBe(k)
      }),
    )
  })

  it('tells 10,000 codes apart, so that no catalogue caps a plan', () => {
    const codes = Array.from({ length: 10_000 }, (_, i) => `t-${i}`)
    expect(new Set(codes.map(codeKey)).size).toBe(codes.length)
    const parts = seriesKey({ metric: metrics[0]?.name as MetricName, town: 't-9999', unit: 'commerce', sector: 'industry' })
    expect(parts).toEqual({ metric: metrics[0]?.key, town: codeKey('t-9999'), unit: codeKey('commerce'), sector: codeKey('industry') })
  })
})
