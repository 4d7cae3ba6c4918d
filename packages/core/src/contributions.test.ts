import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addedDelta, deltaOf, packDeltas, type Contribution } from './contributions.js'
import { metrics, type MetricName } from './metrics.js'
import { towns, type TownCode } from './plan/towns.js'

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
