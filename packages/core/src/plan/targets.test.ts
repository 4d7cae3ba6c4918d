import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { judge as judgeIn, meets, referenceOf, type Comparator, type JudgeOptions, type MeetOptions, type Progress, type Target } from './targets.js'

/** Judged in a plan whose baseline year is 2023, as Jiaxiang's is. */
const judge = (target: Target, progress: Progress, options: MeetOptions = {}): ReturnType<typeof judgeIn> =>
  judgeIn(target, progress, { baselineYear: 2023, ...options } satisfies JudgeOptions)

const during = (year: number, elapsed: number, value: number | null, baseline: number | null = null): Progress => ({
  year, elapsed, value, baseline, flow: false,
})
const flow = (year: number, elapsed: number, value: number | null): Progress => ({ year, elapsed, value, baseline: null, flow: true })

describe('meets: targets as the plan words them', () => {
  it('超过/突破 are strict: 35.0 does not exceed 35%', () => {
    expect(meets('gt', 35, 35)).toBe(false)
    expect(meets('gt', 35.01, 35)).toBe(true)
    expect(meets('gt', 20_000_000, 20_000_000)).toBe(false)
  })

  it('以上/达到/不少于 include the number', () => {
    expect(meets('gte', 96, 96)).toBe(true)
    expect(meets('gte', 95.99, 96)).toBe(false)
    expect(meets('gte', 8, 8)).toBe(true)
  })

  it('左右 is a band, ±5% unless told: 15,200 is about 1.6万辆 and 15,199 is not', () => {
    expect(meets('about', 15_200, 16_000)).toBe(true)
    expect(meets('about', 15_199, 16_000)).toBe(false)
    expect(meets('about', 16_800, 16_000)).toBe(true)
    expect(meets('about', 16_801, 16_000)).toBe(false)
    expect(meets('about', 14_400, 16_000)).toBe(false)
    expect(meets('about', 14_400, 16_000, { tolerance: 0.1 })).toBe(true)
    // 约一倍: +100% on the baseline, in growth per cent
    expect(meets('about', 95, 100)).toBe(true)
    expect(meets('about', 94.9, 100)).toBe(false)
  })

  it('基本淘汰 leaves at most 5% of the baseline stock, that share included', () => {
    expect(meets('eliminate', 50, 1_000)).toBe(true)
    expect(meets('eliminate', 51, 1_000)).toBe(false)
    expect(meets('eliminate', 0, 1_000, { eliminateTolerance: 0 })).toBe(true)
    expect(meets('eliminate', 1, 1_000, { eliminateTolerance: 0 })).toBe(false)
    expect(meets('eliminate', 0, 0)).toBe(true)
    expect(meets('eliminate', 1, 0)).toBe(false)
  })

  it('全部/100% is exactly all', () => {
    expect(meets('all', 100, 100)).toBe(true)
    expect(meets('all', 99.99, 100)).toBe(false)
  })

  it('大幅提升 is strictly above the baseline; a milestone is reached or not', () => {
    expect(meets('increase', 30.1, 30)).toBe(true)
    expect(meets('increase', 30, 30)).toBe(false)
    expect(meets('milestone', 1, 1)).toBe(true)
    expect(meets('milestone', 0, 1)).toBe(false)
  })

  it('gt implies gte', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
    fc.assert(fc.property(finite, finite, (value, target) => !meets('gt', value, target) || meets('gte', value, target)))
  })

  it('reads a number by its decimal digits, and refuses one that is not finite', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: read as written, it exceeds 0.3
    expect(meets('gt', 0.1 + 0.2, 0.3)).toBe(true)
    expect(meets('all', 0.3, 0.3)).toBe(true)
    expect(() => meets('gte', Number.POSITIVE_INFINITY, 1)).toThrow(/expected a finite number, got Infinity/)
  })

  it('about is symmetric around the target and exact at the edge of its band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 50 }), (t, d, pct) => {
        const options = { tolerance: pct / 100 }
        const above = meets('about', t + d, t, options)
        expect(meets('about', t - d, t, options)).toBe(above)
        expect(above).toBe(100 * d <= pct * t)
      }),
    )
  })
})

describe('judge: where a target stands', () => {
  const nevFleet2025: Target = { year: 2025, word: '左右', comparator: 'about', value: 16_000 }
  const over35: Target = { year: 2025, word: '超过', comparator: 'gt', value: 35 }
  const exhibitions2025: Target = { year: 2025, word: '以上', comparator: 'gte', value: 12 }
  const piles2025: Target = { year: 2025, word: '达到', comparator: 'gte', value: 1_440 }

  it('has no data without a value, nor for a count of a later year', () => {
    expect(judge(over35, during(2025, 1, null))).toBe('no-data')
    expect(judge(exhibitions2025, flow(2026, 0.5, 20))).toBe('no-data')
  })

  it('judges a count of an earlier year as that year’s rate: on track once it reaches the target, paced from the baseline otherwise', () => {
    expect(judge(exhibitions2025, flow(2024, 1, 20))).toBe('on-track')
    // 6 by mid-2024 is 12 for the year
    expect(judge(exhibitions2025, { year: 2024, elapsed: 0.5, value: 6, baseline: 10, flow: true })).toBe('on-track')
    // 10 in 2023 to 12 in 2025 needs 9.5% a year; 10.4 in 2024 is 4%, 0.42 of it
    expect(judge(exhibitions2025, { year: 2024, elapsed: 1, value: 10.4, baseline: 10, flow: true })).toBe('behind')
    expect(judge(exhibitions2025, { year: 2024, elapsed: 1, value: 11, baseline: 10, flow: true })).toBe('on-track')
    // without a baseline there is no rate of growth to pace
    expect(judge(exhibitions2025, flow(2024, 1, 11))).toBe('at-risk')
  })

  it('is met or behind once the target’s year is over', () => {
    expect(judge(nevFleet2025, during(2025, 1, 15_200))).toBe('met')
    expect(judge(nevFleet2025, during(2025, 1, 15_199))).toBe('behind')
    expect(judge(nevFleet2025, during(2026, 0.2, 16_500))).toBe('met')
    expect(judge(over35, during(2025, 1, 35))).toBe('behind')
    expect(judge(over35, during(2025, 1, 35.1))).toBe('met')
    expect(judge(exhibitions2025, flow(2025, 1, 11))).toBe('behind')
    expect(judge(nevFleet2025, during(2025, 1, 15_200), { tolerance: 0.01 })).toBe('behind')
  })

  it('is met early by a count within its year or a milestone; a stock or rate already there is on track until its year closes', () => {
    expect(judge({ year: 2027, word: '建成', comparator: 'gte', value: 5 }, during(2025, 0.5, 5))).toBe('on-track')
    expect(judge(exhibitions2025, flow(2025, 0.4, 12))).toBe('met')
    expect(judge({ year: 2025, word: '100%', comparator: 'all' }, during(2024, 1, 100))).toBe('on-track')
    expect(judge({ year: 2025, word: '建成运营', comparator: 'milestone' }, during(2024, 0.5, 1))).toBe('met')
  })

  it('paces a count within its year pro rata to the time gone', () => {
    // 12 due by the end of 2025; at mid-year 6 are due
    expect(judge(exhibitions2025, flow(2025, 0.5, 6))).toBe('on-track')
    expect(judge(exhibitions2025, flow(2025, 0.5, 5))).toBe('at-risk') // 5/6 = 0.83
    expect(judge(exhibitions2025, flow(2025, 0.5, 3))).toBe('at-risk') // 0.5
    expect(judge(exhibitions2025, flow(2025, 0.5, 2))).toBe('behind') // 0.33
    expect(judge(exhibitions2025, flow(2025, 0, 0))).toBe('on-track')
  })

  it('paces a stock by compound growth since the baseline against the growth needed', () => {
    // 1,000 in 2023 to 1,440 by the end of 2025 needs 20% a year; a year on:
    expect(judge(piles2025, during(2024, 1, 1_200, 1_000))).toBe('on-track') // 20% of 20%
    expect(judge(piles2025, during(2024, 1, 1_150, 1_000))).toBe('at-risk') // 15% of 20% = 0.75
    expect(judge(piles2025, during(2024, 1, 1_080, 1_000))).toBe('behind') // 0.4
    expect(judge(piles2025, during(2024, 1, 950, 1_000))).toBe('behind') // deterioration
    // half-way through 2025 is 1.5 years on: 1,000 × 1.2^1.5 is on track
    expect(judge(piles2025, during(2025, 0.5, 1_000 * 1.2 ** 1.5, 1_000))).toBe('on-track')
    expect(judge(piles2025, during(2025, 0.5, 1_200, 1_000))).toBe('at-risk')
  })

  it('paces growth over the baseline and annual growth as the plan states them', () => {
    const growth28: Target = { year: 2027, word: '以上', comparator: 'gte', value: 28, baselineYear: 2023, growth: 'cumulative' }
    // two years on: 13% (0.99 of the needed pace), 8% (0.62), 6% (0.46)
    expect(judge(growth28, during(2025, 1, 13))).toBe('on-track')
    expect(judge(growth28, during(2025, 1, 8))).toBe('at-risk')
    expect(judge(growth28, during(2025, 1, 6))).toBe('behind')
    const annual25: Target = { year: 2025, word: '以上', comparator: 'gte', value: 25, baselineYear: 2023, growth: 'annual' }
    expect(judge(annual25, during(2025, 0.5, 24))).toBe('on-track')
    expect(judge(annual25, during(2025, 0.5, 20))).toBe('at-risk')
    expect(judge(annual25, during(2025, 0.5, 10))).toBe('behind')
    expect(judge(annual25, during(2025, 0.5, 26))).toBe('on-track')
  })

  it('judges 基本淘汰 against the baseline stock, exactly 5% left included', () => {
    const eliminated: Target = { year: 2025, word: '基本淘汰', comparator: 'eliminate', baselineYear: 2023 }
    expect(judge(eliminated, during(2025, 1, 50, 1_000))).toBe('met')
    expect(judge(eliminated, during(2025, 1, 51, 1_000))).toBe('behind')
    expect(judge(eliminated, during(2024, 0.5, 50, 1_000))).toBe('on-track')
    // to 50 of 1,000 in two years needs −77.6% a year
    expect(judge(eliminated, during(2024, 1, 224, 1_000))).toBe('on-track')
    expect(judge(eliminated, during(2024, 1, 600, 1_000))).toBe('at-risk')
    expect(judge(eliminated, during(2024, 1, 1_100, 1_000))).toBe('behind')
    // with no baseline stock only none left is eliminated
    expect(judge(eliminated, during(2024, 1, 10, null))).toBe('at-risk')
    expect(judge(eliminated, during(2024, 1, 0, null))).toBe('on-track')
  })

  it('judges 左右 within its band at its year, and off course when already past it', () => {
    const beidou: Target = { year: 2027, word: '左右', comparator: 'about', value: 410 }
    expect(judge(beidou, during(2025, 1, 400))).toBe('on-track')
    expect(judge(beidou, during(2025, 1, 500))).toBe('at-risk')
    expect(judge(beidou, during(2027, 1, 500))).toBe('behind')
    // 10,000 in 2023 to 16,000 by 2025 needs 26.5% a year
    expect(judge(nevFleet2025, during(2024, 1, 12_649, 10_000))).toBe('on-track')
    expect(judge(nevFleet2025, during(2024, 1, 11_000, 10_000))).toBe('behind')
  })

  it('keeps 大幅提升 on track while above the baseline', () => {
    const aGrade: Target = { year: 2027, word: '大幅提升', comparator: 'increase', baselineYear: 2023 }
    expect(judge(aGrade, during(2025, 1, 35, 30))).toBe('on-track')
    expect(judge(aGrade, during(2025, 1, 30, 30))).toBe('behind')
    expect(judge(aGrade, during(2027, 1, 31, 30))).toBe('met')
    expect(judge(aGrade, during(2025, 1, 35, null))).toBe('no-data')
  })

  it('counts from zero by the share of the distance against the share of the time', () => {
    const bases: Target = { year: 2027, word: '以上', comparator: 'gte', value: 2 }
    expect(judge(bases, during(2025, 1, 1, 0))).toBe('on-track')
    expect(judge(bases, during(2025, 1, 0, 0))).toBe('behind')
  })

  it('holds a target without a baseline at risk until it is met, and a milestone too', () => {
    const rd: Target = { year: 2027, word: '达到', comparator: 'gte', value: 55 }
    expect(judge(rd, during(2025, 1, 52))).toBe('at-risk')
    expect(judge(rd, during(2027, 1, 52))).toBe('behind')
    const platform: Target = { year: 2025, word: '建成运营', comparator: 'milestone' }
    expect(judge(platform, during(2024, 0.5, 0))).toBe('at-risk')
    expect(judge(platform, during(2025, 1, 0))).toBe('behind')
    // with a baseline a rate is paced: 60% to 100% in two years needs 29% a year; 90% a year on is ahead
    expect(judge({ year: 2025, word: '100%', comparator: 'all' }, during(2024, 1, 90, 60))).toBe('on-track')
    expect(judge({ year: 2025, word: '100%', comparator: 'all' }, during(2025, 1, 99.99, 60))).toBe('behind')
  })

  it('never judges behind in a target’s own year a value that meets it', () => {
    const comparators: ReadonlyArray<Comparator> = ['gt', 'gte', 'about', 'eliminate', 'all', 'increase', 'milestone']
    const target = fc
      .record({
        comparator: fc.constantFrom(...comparators),
        year: fc.integer({ min: 2024, max: 2027 }),
        value: fc.integer({ min: 1, max: 100_000 }),
        growth: fc.constantFrom(undefined, 'cumulative' as const, 'annual' as const),
      })
      .map(({ comparator, year, value, growth }): Target =>
        comparator === 'gt' || comparator === 'gte' || comparator === 'about'
          ? { year, word: '—', comparator, value, ...(growth === undefined ? {} : { growth, baselineYear: 2023 }) }
          : { year, word: '—', comparator },
      )
    fc.assert(
      fc.property(
        target,
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (t, baseline, elapsed, isFlow, slack) => {
          const reference = referenceOf(t, baseline)
          fc.pre(reference !== null)
          const r = reference ?? 0
          const value = {
            gt: r + 1 + slack,
            gte: r * (1 + slack),
            milestone: 1,
            about: r * (1 + (slack - 0.5) * 0.09),
            eliminate: r * 0.05 * slack,
            all: 100,
            increase: r + 1 + slack,
          }[t.comparator]
          fc.pre(meets(t.comparator, value, r))
          const status = judge(t, { year: t.year, value, baseline, elapsed, flow: isFlow })
          expect(status).not.toBe('behind')
          expect(status).not.toBe('no-data')
        },
      ),
    )
  })
})

/*
 * Exact judgement against an oracle written here, independently, in bigint
 * fractions: the tally's integers (counts, 分, decimals ×10⁴) as readings
 * give them, at and one smallest step either side of every boundary.
 */
type Frac = readonly [bigint, bigint]
const frac = (n: bigint, d = 1n): Frac => (d < 0n ? [-n, -d] : [n, d])
const cmp = ([a, b]: Frac, [c, d]: Frac): number => Math.sign(Number(a * d - c * b))
const times = ([a, b]: Frac, [c, d]: Frac): Frac => frac(a * c, b * d)
const minus = ([a, b]: Frac, [c, d]: Frac): Frac => frac(a * d - c * b, b * d)
const plus = (x: Frac, [c, d]: Frac): Frac => minus(x, [-c, d])
const absolute = ([a, b]: Frac): Frac => [a < 0n ? -a : a, b]
const exactOf = ([n, d]: Frac) => ({ numerator: String(n), denominator: String(d) })

const oracle = (comparator: Comparator, v: Frac, r: Frac, tolerance: Frac): boolean => {
  switch (comparator) {
    case 'gt':
    case 'increase':
      return cmp(v, r) > 0
    case 'gte':
    case 'milestone':
      return cmp(v, r) >= 0
    case 'about':
      return cmp(absolute(minus(v, r)), times(tolerance, absolute(r))) <= 0
    case 'eliminate':
      return cmp(r, [0n, 1n]) <= 0 ? cmp(v, [0n, 1n]) <= 0 : cmp(v, times(tolerance, r)) <= 0
    case 'all':
      return cmp(v, r) === 0
  }
}

/** the smallest step of each kind of quantity, as the indicator's unit divides it */
const scales = { count: 1n, fen: 100n, scaled: 10_000n } as const

describe('exact judgement (against a bigint oracle)', () => {
  const comparators: ReadonlyArray<Exclude<Comparator, 'milestone'>> = ['gt', 'gte', 'about', 'eliminate', 'all', 'increase']
  // a figure near a boundary: at it, one step either side, or anywhere
  const near = (edge: bigint) => fc.oneof(fc.constantFrom(edge - 1n, edge, edge + 1n), fc.bigInt({ min: -10n, max: 10n ** 13n }))

  it('meets every comparator exactly as the oracle, at x = target and one smallest step either side', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...comparators),
        fc.constantFrom(...(Object.values(scales) as bigint[])),
        // a target (or baseline) a multiple of 20 steps, so that the ±5% band has its edges on steps
        fc.bigInt({ min: 0n, max: 5n * 10n ** 11n }).map((k) => 20n * k),
        fc.constantFrom(-1n, 0n, 1n),
        fc.constantFrom(0n, 1n, 19n, 21n),
        fc.constantFrom(undefined, 0.05, 0.1, 0),
        (comparator, unit, target, side, twentieths, tolerance) => {
          // the boundary tried: the target itself, or the edges of a band (1/20 or 21/20 of it)
          const edge = twentieths === 0n ? target : (target * twentieths) / 20n
          const quantity = edge + side
          const r = frac(target, unit)
          const t = tolerance === undefined ? frac(1n, 20n) : frac(BigInt(Math.round(tolerance * 100)), 100n)
          // as the plan writes a target (a number in the indicator's unit) and a reading gives a value (exactly)
          const reference = comparator === 'eliminate' || comparator === 'increase' ? exactOf(r) : Number(target) / Number(unit)
          const options = tolerance === undefined ? {} : { tolerance, eliminateTolerance: tolerance }
          const expected = oracle(comparator, frac(quantity, unit), r, t)
          expect(meets(comparator, exactOf(frac(quantity, unit)), reference, options)).toBe(expected)
          // the year over, the status is that decision: met or behind
          const t2025: Target =
            comparator === 'gt' || comparator === 'gte' || comparator === 'about'
              ? { year: 2025, word: '—', comparator, value: Number(target) / Number(unit) }
              : { year: 2025, word: '—', comparator }
          const baseline = comparator === 'eliminate' || comparator === 'increase' ? exactOf(r) : null
          const value = comparator === 'all' ? exactOf(frac(100n * unit + side, unit)) : exactOf(frac(quantity, unit))
          const status = judge(t2025, { year: 2025, elapsed: 1, value, baseline, flow: false }, options)
          const allExpected = comparator === 'all' ? side === 0n : expected
          expect(status).toBe(allExpected ? 'met' : 'behind')
        },
      ),
      { numRuns: 2_000 },
    )
  })

  it('meets random figures as the oracle does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...comparators), near(0n), near(0n), fc.constantFrom(...(Object.values(scales) as bigint[])), (comparator, q, target, unit) => {
        expect(meets(comparator, exactOf(frac(q, unit)), exactOf(frac(target, unit)))).toBe(oracle(comparator, frac(q, unit), frac(target, unit), frac(1n, 20n)))
      }),
    )
  })

  it('judges compound annual growth exactly: R ≥ (1 + r/100)^n, at the boundary and one unit either side', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -60, max: 120 }),
        // up to 10¹⁸ at the base: one unit is then beyond what a double resolves
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.constantFrom(-1n, 0n, 1n),
        (years, percent, k, side) => {
          const n = BigInt(years)
          // base and now chosen so that growth is exactly `percent` a year when side is 0
          const base = k * 100n ** n
          const now = k * (100n + BigInt(percent)) ** n + side
          fc.pre(now >= 0n)
          const growth = { numerator: String(now), denominator: String(base), years }
          const r: Frac = [BigInt(percent), 1n]
          // the oracle: CAGR vs r ⇔ now·100ⁿ vs base·(100 + r)ⁿ, and the band's edges likewise
          const against = (target: Frac): number => cmp(frac(now * target[1] ** n * 100n ** n), frac(base * (100n * target[1] + target[0]) ** n))
          const atLeast = against(r) >= 0
          expect(meets('gte', growth, percent)).toBe(atLeast)
          expect(meets('gt', growth, percent)).toBe(against(r) > 0)
          const half = times([1n, 20n], absolute(r))
          expect(meets('about', growth, percent)).toBe(against(minus(r, half)) >= 0 && against(plus(r, half)) <= 0)
          const target: Target = { year: 2025, word: '以上', comparator: 'gte', value: percent, baselineYear: 2023, growth: 'annual' }
          expect(judge(target, { year: 2025, elapsed: 1, value: growth, baseline: null, flow: false })).toBe(atLeast ? 'met' : 'behind')
        },
      ),
      { numRuns: 1_000 },
    )
  })

  it('meets 年均增长40%以上 with public piles from 500 to 980 in two years: √1.96 − 1 is 40% exactly', () => {
    const piles = { numerator: '980', denominator: '500', years: 2 }
    expect(meets('gte', piles, 40)).toBe(true)
    expect(meets('gt', piles, 40)).toBe(false)
    expect(meets('gte', { numerator: '979', denominator: '500', years: 2 }, 40)).toBe(false)
    const annual40: Target = { year: 2025, word: '以上', comparator: 'gte', value: 40, baselineYear: 2023, growth: 'annual' }
    expect(judge(annual40, { year: 2025, elapsed: 1, value: piles, baseline: null, flow: false })).toBe('met')
  })

  it('grades a pace on its thresholds exactly: 95% and 50% of the growth needed, the boundary included', () => {
    // 1,000 at the end of 2023 to 1,440 by the end of 2025 needs 20% a year; a year on, 95% of that pace is 1,190
    const piles2025: Target = { year: 2025, word: '达到', comparator: 'gte', value: 1_440 }
    const at = (value: number) => judge(piles2025, during(2024, 1, value, 1_000))
    expect([at(1_190), at(1_189.9999), at(1_100), at(1_099.9999)]).toEqual(['on-track', 'at-risk', 'at-risk', 'behind'])
    // growth over 2023 of 107.36% by 2027 is 1.2⁴: 20% a year. Two years on, 10% a year (1.1² − 1 = 21%) is half that pace
    // and 19% a year (1.19² − 1 = 41.61%) is 95% of it
    const growth = (value: number) =>
      judge({ year: 2027, word: '以上', comparator: 'gte', value: 107.36, baselineYear: 2023, growth: 'cumulative' }, during(2025, 1, value))
    expect([growth(41.61), growth(41.6099), growth(21), growth(20.9999)]).toEqual(['on-track', 'at-risk', 'at-risk', 'behind'])
    // a count within its year, pro rata: 6 of 12 at mid-year is exactly on pace
    const exhibitions: Target = { year: 2025, word: '以上', comparator: 'gte', value: 12 }
    expect(judge(exhibitions, { year: 2025, elapsed: { numerator: '182', denominator: '365' }, value: 6, baseline: null, flow: true })).toBe('on-track')
  })

  it('grades a compound pace as an independent high-precision oracle does, the year cut at any day', () => {
    // the oracle: roots by bisection on 2^-200 fixed point, trusted where it is clear of the threshold
    const ONE = 1n << 200n
    const power = (x: bigint, k: bigint): bigint => {
      let [r, b, e] = [ONE, x, k]
      for (; e > 0n; e >>= 1n, b = (b * b) >> 200n) if (e & 1n) r = (r * b) >> 200n
      return r
    }
    const root = (a: Frac, k: bigint): bigint => {
      // the fixed-point x with x^k ≈ a, by bisection
      let [lo, hi] = [0n, ONE * 4096n]
      const target = (a[0] * ONE) / a[1]
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n
        if (power(mid, k) <= target) lo = mid
        else hi = mid
      }
      return lo
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 1, max: 4_000 }),
        fc.integer({ min: 0, max: 365 }),
        (from, now, goal, day) => {
          fc.pre(goal !== from)
          // 2024 reported on day `day` of 365: 1 + day/365 years since the end of 2023; a target due in 2026, 3 years on
          const target: Target = { year: 2026, word: '达到', comparator: 'gte', value: goal }
          fc.pre(now < goal)
          const status = judge(target, { year: 2025, elapsed: { numerator: String(day), denominator: '365' }, value: now, baseline: from, flow: false })
          // achieved = (now/from)^(365/(365 + day)) − 1, the (365 + day)-th root raised to the 365th; needed = (goal/from)^(1/3) − 1
          const achieved = power(root([BigInt(now), BigInt(from)], BigInt(365 + day)), 365n) - ONE
          const needed = root([BigInt(goal), BigInt(from)], 3n) - ONE
          const ratioAtLeast = (num: bigint, den: bigint): boolean | undefined => {
            const gap = needed > 0n ? achieved * den - needed * num : needed * num - achieved * den
            const margin = (needed < 0n ? -needed : needed) >> 100n
            return gap > margin * den ? true : gap < -margin * den ? false : undefined
          }
          const onTrack = ratioAtLeast(19n, 20n)
          const atRisk = ratioAtLeast(1n, 2n)
          fc.pre(onTrack !== undefined && atRisk !== undefined)
          expect(status).toBe(onTrack ? 'on-track' : atRisk ? 'at-risk' : 'behind')
        },
      ),
      { numRuns: 60 },
    )
  })

  it('falls back to floating point only for a share of the year finer than days, and says the same there', () => {
    const piles2025: Target = { year: 2025, word: '达到', comparator: 'gte', value: 1_440 }
    // π/10 of 2025: 1.314 years on; 1,000 × 1.2^1.314 keeps pace, 1,200 is 15% a year (0.74 of it), 1,100 is 7.5% (0.38)
    expect(judge(piles2025, during(2025, Math.PI / 10, 1_000 * 1.2 ** (1 + Math.PI / 10), 1_000))).toBe('on-track')
    expect(judge(piles2025, during(2025, Math.PI / 10, 1_200, 1_000))).toBe('at-risk')
    expect(judge(piles2025, during(2025, Math.PI / 10, 1_100, 1_000))).toBe('behind')
  })
})
