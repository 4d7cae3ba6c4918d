import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { judge, type Target } from '../plan/targets.js'
import { dayOfDate, yearOfDay } from '../time.js'
import { compoundGrowthSince, growthOver, ratio, share, type Read } from './readings.js'
import { emptyTally } from './tally.js'

/*
 * Readings keep the tally's integers exact through shares, growth and
 * compound growth, and the judgement of those readings agrees with an
 * oracle in bigint arithmetic written here.
 */

/** A reading of integer quantities by year, in units of 1/`unit` (1 count, 1 分, 10⁻⁴), as the tally's sums read. */
const levels =
  (unit: bigint, byYear: Readonly<Record<number, bigint>>): Read =>
  (_tally, w) => {
    const q = byYear[yearOfDay(w.to)]
    return q === undefined ? { value: null, events: 0 } : { value: Number(q) / Number(unit), events: 1, exact: { numerator: String(q), denominator: String(unit) } }
  }
const yearWindow = (year: number) => ({ from: dayOfDate(year, 1, 1), to: dayOfDate(year, 12, 31) })
const readIn = (read: Read, year: number) => read(emptyTally(), yearWindow(year), {})
const units = fc.constantFrom(1n, 100n, 10_000n)

describe('exact readings', () => {
  it('give a share and a ratio as the exact quotient of their sides, the float beside it', () => {
    const r = readIn(share(levels(10_000n, { 2025: 9_556_000n }), levels(10_000n, { 2025: 29_684_500n })), 2025)
    // 955,600,000 ÷ 29,684,500 in lowest terms (their gcd is 500)
    expect(r.exact).toEqual({ numerator: '1911200', denominator: '59369' })
    expect(r.value).toBe(9_556_000 * 100 / 29_684_500)
    expect(readIn(ratio(levels(1n, { 2025: 4n }), levels(1n, { 2025: 5n })), 2025)).toMatchObject({ value: 0.8, exact: { numerator: '4', denominator: '5' }, numerator: 4, denominator: 5 })
  })

  it('judge growth over 2023 exactly: (now − base) × 100 ≥ target × base, at the boundary and one step either side', () => {
    fc.assert(
      fc.property(units, fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.integer({ min: 1, max: 120 }), fc.constantFrom(-1n, 0n, 1n), (unit, base, percent, side) => {
        // the boundary: base × (100 + percent) / 100 when that is a whole quantity, one step off it otherwise
        const now = (base * BigInt(100 + percent)) / 100n + side
        const growth = readIn(growthOver(2023, levels(unit, { 2023: base, 2025: now })), 2025)
        const target: Target = { year: 2025, word: '以上', comparator: 'gte', value: percent, baselineYear: 2023, growth: 'cumulative' }
        const met = (now - base) * 100n >= BigInt(percent) * base
        expect(judge(target, { year: 2025, elapsed: 1, value: growth.exact ?? null, baseline: null, flow: false }, { baselineYear: 2023 })).toBe(met ? 'met' : 'behind')
      }),
      { numRuns: 500 },
    )
  })

  it('judge compound annual growth exactly: now × 100ⁿ ≥ base × (100 + r)ⁿ, at the boundary and one step either side', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 80 }), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.constantFrom(-1n, 0n, 1n), (unit, years, percent, k, side) => {
        const n = BigInt(years)
        const base = k * 100n ** n
        const now = k * BigInt(100 + percent) ** n + side
        const growth = readIn(compoundGrowthSince(2023, levels(unit, { 2023: base, [2023 + years]: now })), 2023 + years)
        const target: Target = { year: 2023 + years, word: '以上', comparator: 'gte', value: percent, baselineYear: 2023, growth: 'annual' }
        const met = now * 100n ** n >= base * BigInt(100 + percent) ** n
        expect(judge(target, { year: 2023 + years, elapsed: 1, value: growth.exact ?? null, baseline: null, flow: false }, { baselineYear: 2023 })).toBe(met ? 'met' : 'behind')
        // at the boundary the growth is the rational it is, not a float a hair below it
        if (side === 0n) expect(growth).toMatchObject({ value: percent, exact: { numerator: String(percent), denominator: '1' } })
      }),
      { numRuns: 500 },
    )
  })

  it('read public piles from 500 at the end of 2023 to 980 at the end of 2025 as 40% a year exactly', () => {
    const piles = levels(1n, { 2023: 500n, 2025: 980n })
    expect(readIn(compoundGrowthSince(2023, piles), 2025)).toMatchObject({ value: 40, exact: { numerator: '40', denominator: '1' }, numerator: 980, denominator: 500 })
    // 981 has no rational root: the ratio and its years stand for it
    expect(readIn(compoundGrowthSince(2023, levels(1n, { 2023: 500n, 2025: 981n })), 2025).exact).toEqual({ numerator: '981', denominator: '500', years: 2 })
  })

  it('have no growth rate from nothing, nor to below nothing', () => {
    expect(readIn(compoundGrowthSince(2023, levels(1n, { 2023: 0n, 2025: 10n })), 2025).value).toBeNull()
    expect(readIn(compoundGrowthSince(2023, levels(1n, { 2023: 10n, 2025: -1n })), 2025).value).toBeNull()
    expect(readIn(growthOver(2023, levels(1n, { 2023: 0n, 2025: 10n })), 2025).exact).toBeUndefined()
  })
})
