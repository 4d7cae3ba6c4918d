import { baselineYear as planBaselineYear } from './plan.js'

/*
 * Targets judged as the plan words them. The Chinese word carries the
 * comparison (超过 is strict, 以上 includes the number, 左右 is a band), so
 * every target keeps its word and the comparator read from it; see
 * docs/plan/indicators.md, "How to read a target".
 */

export type Comparator = 'gt' | 'gte' | 'about' | 'eliminate' | 'all' | 'increase' | 'milestone'

/**
 * How a growth target is measured from the baseline year: `cumulative` for
 * 较2023年增长 (the value is the growth since the baseline), `annual` for
 * 年均增长 (the value is the compound annual growth since the baseline).
 */
export type Growth = 'cumulative' | 'annual'

interface TargetCommon {
  /** the year by whose end (Asia/Shanghai) the target is due */
  readonly year: number
  /** the plan's own comparator word: 超过, 以上, 左右, 基本淘汰 … */
  readonly word: string
  /** the year the value is measured from, where the plan names one */
  readonly baselineYear?: number
  /** the part of the population the target covers, where it differs by year */
  readonly scope?: string
}

export type Target = TargetCommon &
  (
    | {
        readonly comparator: 'gt' | 'gte' | 'about'
        /** in the indicator's unit; for a growth target, per cent over the baseline */
        readonly value: number
        readonly growth?: Growth
      }
    /** `all` is 100% of the population in scope; `eliminate` and `increase` are read against the baseline; `milestone` is reached or not */
    | { readonly comparator: 'all' | 'eliminate' | 'increase' | 'milestone' }
  )

export interface MeetOptions {
  /** half-width of the 左右 band, as a fraction of the target; default 0.05 */
  readonly tolerance?: number
  /** the share of the baseline stock that may remain for 基本淘汰; default 0.05 */
  readonly eliminateTolerance?: number
}

export interface JudgeOptions extends MeetOptions {
  /** the year `progress.baseline` was observed in, when the target names none; default the plan's (2023) */
  readonly baselineYear?: number
}

const defaults = { tolerance: 0.05, eliminateTolerance: 0.05 }

/** |a − b| ≤ share × |b|, written as a quotient so an exact boundary (800 of 16,000 at 5%) is met exactly. */
const within = (value: number, reference: number, share: number): boolean =>
  reference === 0 ? value === 0 : Math.abs(value - reference) / Math.abs(reference) <= share

/**
 * Whether `value` satisfies the comparator against `reference`: the target
 * value for gt, gte, about, all (100) and milestone (1 = reached); the
 * baseline for eliminate (the stock then) and increase (the value then).
 */
export const meets = (comparator: Comparator, value: number, reference: number, options: MeetOptions = {}): boolean => {
  switch (comparator) {
    case 'gt':
    case 'increase':
      return value > reference
    case 'gte':
    case 'milestone':
      return value >= reference
    case 'about':
      return within(value, reference, options.tolerance ?? defaults.tolerance)
    case 'eliminate':
      // remaining ÷ baseline ≤ tolerance, as a quotient for the same exactness as `about`
      return reference <= 0 ? value <= 0 : value / reference <= (options.eliminateTolerance ?? defaults.eliminateTolerance)
    case 'all':
      return value === reference
  }
}

export type Status = 'met' | 'on-track' | 'at-risk' | 'behind' | 'no-data'

export interface Progress {
  /** the year the observed value is for */
  readonly year: number
  readonly value: number | null
  /** the indicator's value in the baseline year, where it has one */
  readonly baseline: number | null
  /** the fraction (0..1) of `year` elapsed at the report's instant */
  readonly elapsed: number
  /** true when the value is a count within the year (12 exhibitions each year), false for a stock or a rate */
  readonly flow: boolean
}

/** What `meets` compares a target against, or null when that needs a baseline there is none of. */
export const referenceOf = (target: Target, baseline: number | null): number | null => {
  switch (target.comparator) {
    case 'gt':
    case 'gte':
    case 'about':
      return target.value
    case 'all':
      return 100
    case 'milestone':
      return 1
    case 'increase':
      return baseline
    case 'eliminate':
      // without a known baseline stock only none left counts as eliminated
      return baseline ?? 0
  }
}

/** Open SDG's thresholds on the ratio of progress made to progress needed. */
const grade = (ratio: number): Status => (ratio >= 0.95 ? 'on-track' : ratio >= 0.5 ? 'at-risk' : 'behind')

/**
 * The growth achieved from `from` to `now` over `years`, against the growth
 * needed from `from` to `goal` over `span` years: compound when the levels
 * allow it, otherwise (a count from zero) the share of the distance covered
 * against the share of the time gone.
 */
const growthRatio = (from: number, now: number, goal: number, years: number, span: number): number => {
  // no growth needed: holding the level keeps pace, any move away from it does not
  if (goal === from) return now === from ? 1 : -1
  if (from > 0 && now >= 0 && goal >= 0) {
    const achieved = (now / from) ** (1 / years) - 1
    const needed = (goal / from) ** (1 / span) - 1
    return achieved / needed
  }
  return (now - from) / (goal - from) / (years / span)
}

/** Progress toward a target not yet due and not yet met. */
const pace = (target: Target, progress: Progress & { readonly value: number }, reference: number, options: JudgeOptions): Status => {
  const { value, elapsed } = progress
  // a milestone is reached or not: there is no pace to measure
  if (target.comparator === 'milestone') return 'at-risk'
  if (progress.flow) return elapsed <= 0 ? 'on-track' : grade(value / (reference * elapsed))
  const growth = 'growth' in target ? target.growth : undefined
  // the value already is a compound annual growth: compare it with the one needed
  if (growth === 'annual') return grade(value / reference)
  const from = target.baselineYear ?? options.baselineYear ?? planBaselineYear
  // a stock or rate observed for `year` at `elapsed` is that far past the end of the baseline year
  const years = progress.year - 1 - from + elapsed
  const span = target.year - from
  if (growth === 'cumulative') return years > 0 ? grade(growthRatio(1, 1 + value / 100, 1 + reference / 100, years, span)) : 'at-risk'
  // Judgement: with no baseline there is no growth to measure, so a target
  // not yet met is at risk until it is met (or its year ends and it is behind).
  if (progress.baseline === null || years <= 0) return 'at-risk'
  const goal = target.comparator === 'eliminate' ? reference * (options.eliminateTolerance ?? defaults.eliminateTolerance) : reference
  return grade(growthRatio(progress.baseline, value, goal, years, span))
}

/**
 * Where a target stands, given the value observed for a year: met or behind
 * once its year is over; met as soon as a floor (gt, gte, all, eliminate,
 * milestone) is reached; otherwise on track, at risk or behind by the pace
 * of progress, after Open SDG's progress methodology.
 */
export const judge = (target: Target, progress: Progress, options: JudgeOptions = {}): Status => {
  const { value } = progress
  if (value === null) return 'no-data'
  // a count within one year says nothing about another year's target
  if (progress.flow && progress.year !== target.year) return 'no-data'
  const reference = referenceOf(target, progress.baseline)
  // 大幅提升 is read against the baseline: without it there is nothing to compare
  if (reference === null) return 'no-data'
  const met = meets(target.comparator, value, reference, options)
  const over = progress.year > target.year || (progress.year === target.year && progress.elapsed >= 1)
  if (over) return met ? 'met' : 'behind'
  switch (target.comparator) {
    case 'increase':
      return met ? 'on-track' : 'behind'
    case 'about': {
      if (met) return 'on-track'
      // already past the band before its year: it may yet come back, but is not on course
      if (value > reference) return 'at-risk'
      return pace(target, { ...progress, value }, reference, options)
    }
    default:
      // Met before its year is over: a count within the year or a milestone reached stays met;
      // a stock or a rate may still fall back, so it is on track until its year closes.
      if (met) return progress.flow || target.comparator === 'milestone' ? 'met' : 'on-track'
      return pace(target, { ...progress, value }, reference, options)
  }
}
