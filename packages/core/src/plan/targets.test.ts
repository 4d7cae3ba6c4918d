import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { judge, meets, referenceOf, type Comparator, type Progress, type Target } from './targets.js'

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
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (value, target) => !meets('gt', value, target) || meets('gte', value, target)))
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

  it('has no data without a value, nor for a count of another year', () => {
    expect(judge(over35, during(2025, 1, null))).toBe('no-data')
    expect(judge(exhibitions2025, flow(2024, 1, 20))).toBe('no-data')
    expect(judge(exhibitions2025, flow(2026, 0.5, 20))).toBe('no-data')
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
