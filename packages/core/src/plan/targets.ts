import { pipe } from 'fp-ts/lib/function.js'
import * as Q from '../exact.js'
import type { Amount, Figure, Rational } from '../exact.js'

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
  /** half-width of the 左右 band, as a fraction of the target; default 0.05 (a number is read by its digits: 0.05 is exactly 1/20) */
  readonly tolerance?: Amount
  /** the share of the baseline stock that may remain for 基本淘汰; default 0.05 */
  readonly eliminateTolerance?: Amount
}

export interface JudgeOptions extends MeetOptions {
  /** the year `progress.baseline` was observed in, when the target names none: the plan's baseline year */
  readonly baselineYear: number
}

const DEFAULT_TOLERANCE = Q.rational(1n, 20n)

const toleranceOf = (tolerance: Amount | undefined, what: string): Rational =>
  tolerance === undefined ? DEFAULT_TOLERANCE : Q.asRational(Q.figureOf(tolerance), what)

const { compareFigures: cmp } = Q

/** |v − r| ≤ share × |r|: the closed band around r, so an exact boundary (800 of 16,000 at 5%) is met. */
const within = (value: Figure, reference: Rational, share: Rational): boolean => {
  const half = Q.mul(share)(Q.abs(reference))
  return cmp(value, Q.sub(half)(reference)) >= 0 && cmp(value, Q.add(half)(reference)) <= 0
}

const satisfies = (comparator: Comparator, value: Figure, reference: Figure, options: MeetOptions): boolean => {
  switch (comparator) {
    case 'gt':
    case 'increase':
      return cmp(value, reference) > 0
    case 'gte':
    case 'milestone':
      return cmp(value, reference) >= 0
    case 'about':
      return within(value, Q.asRational(reference, '左右 target'), toleranceOf(options.tolerance, 'tolerance'))
    case 'eliminate': {
      // remaining ≤ tolerance × baseline; without a baseline stock above zero, none left
      const base = Q.asRational(reference, '基本淘汰 baseline')
      const allowed = Q.sign(base) <= 0 ? Q.zero : Q.mul(toleranceOf(options.eliminateTolerance, 'eliminateTolerance'))(base)
      return cmp(value, allowed) <= 0
    }
    case 'all':
      return cmp(value, reference) === 0
  }
}

/**
 * Whether `value` satisfies the comparator against `reference`: the target
 * value for gt, gte, about, all (100) and milestone (1 = reached); the
 * baseline for eliminate (the stock then) and increase (the value then).
 * Decided exactly: numbers by their decimal digits, figures as they are.
 */
export const meets = (comparator: Comparator, value: Amount, reference: Amount, options: MeetOptions = {}): boolean =>
  satisfies(comparator, Q.figureOf(value), Q.figureOf(reference), options)

export type Status = 'met' | 'on-track' | 'at-risk' | 'behind' | 'no-data'

export interface Progress {
  /** the year the observed value is for */
  readonly year: number
  /** a number (read by its decimal digits) or the reading's exact figure */
  readonly value: Amount | null
  /** the indicator's value in the baseline year, where it has one */
  readonly baseline: Amount | null
  /** the fraction (0..1) of `year` elapsed at the report's instant (a report gives days ÷ days of the year, exactly) */
  readonly elapsed: Amount
  /** true when the value is a count within the year (12 exhibitions each year), false for a stock or a rate */
  readonly flow: boolean
}

/** What `meets` compares a target against, or null when that needs a baseline there is none of. */
export const referenceOf = <A>(target: Target, baseline: A | null): A | number | null => {
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

/** Whether progress made ÷ progress needed is at least a share: how a pace is graded. */
type AtLeast = (share: Rational) => boolean

/** Open SDG's thresholds on the ratio of progress made to progress needed (both strictly between 0 and 1: see `compoundPace`). */
const ON_TRACK = Q.rational(19n, 20n)
const AT_RISK = Q.rational(1n, 2n)

const grade = (atLeast: AtLeast): Status => (atLeast(ON_TRACK) ? 'on-track' : atLeast(AT_RISK) ? 'at-risk' : 'behind')

/** made ÷ needed ≥ share; with nothing needed, any progress is ahead and none is not (as x ÷ 0 reads in floating point). */
const quotient =
  (made: Figure, needed: Rational): AtLeast =>
  (share) => {
    const s = Q.sign(needed)
    if (s === 0) return cmp(made, Q.zero) > 0
    const c = cmp(made, Q.mul(share)(needed))
    return s > 0 ? c >= 0 : c <= 0
  }

/** The largest exponents `compoundPace` raises to exactly; a report's years are whole days over days of a year (q ≤ 366). */
const EXACT_EXPONENTS = { p: 40_000, q: 1_000 }

/**
 * a^q against (1 − θ + θ·g^(1/span))^p, exactly: −1, 0 or 1. Where the root
 * u = g^(1/span) is rational the powers compare as integers. Where it is
 * not, the sides never tie, for 0 < θ < 1: were v = 1 − θ + θu to have a
 * rational power, its conjugates 1 − θ + θσ(u) would all share one modulus,
 * i.e. the σ(u), which lie on the circle |z| = u, would all be equally far
 * from −(1 − θ)/θ ≠ 0; at most two points of that circle are, mirror images
 * across the real axis, and u is real, so u would be its only conjugate:
 * rational. Narrowing u between rationals until v^p's bounds leave a^q
 * behind therefore ends, with the exact answer.
 */
const powerAgainstRootSum = (aq: Rational, p: number, g: Rational, span: number, share: Rational): number => {
  const v = (u: Rational): Rational => pipe(u, Q.mul(share), Q.add(Q.sub(share)(Q.one)), Q.pow(p))
  const u = Q.exactRoot(span)(g)
  if (u !== undefined) return Q.compare(aq, v(u))
  for (let bits = 64; ; bits *= 2) {
    const { lo, hi } = Q.rootBounds(span, bits)(g)
    if (Q.compare(aq, v(lo)) < 0) return -1
    if (Q.compare(aq, v(hi)) > 0) return 1
  }
}

/**
 * Compound growth achieved (a = now ÷ from over `years`) against compound
 * growth needed (g = goal ÷ from over `span`): (a^(1/years) − 1) ÷
 * (g^(1/span) − 1) ≥ θ. With years = p/q and v = 1 − θ + θ·g^(1/span) > 0,
 * growing (g > 1) that is a^(q/p) ≥ v, i.e. a^q ≥ v^p; falling, a^q ≤ v^p.
 */
const compoundPace =
  (a: Rational, g: Rational, years: Rational, span: number): AtLeast =>
  (share) => {
    const growing = Q.compare(g, Q.one) > 0
    const [p, q] = [years.numerator, years.denominator]
    if (p > EXACT_EXPONENTS.p || q > EXACT_EXPONENTS.q) {
      // Not exact: years given finer than days (an elapsed share such as 0.31415926…) would need powers too large to take,
      // so this one case is judged in floating point.
      const ratio = (Q.toNumber(a) ** (1 / Q.toNumber(years)) - 1) / (Q.toNumber(g) ** (1 / span) - 1)
      return ratio >= Q.toNumber(share)
    }
    const c = powerAgainstRootSum(Q.pow(Number(q))(a), Number(p), g, span, share)
    return growing ? c >= 0 : c <= 0
  }

/**
 * The growth achieved from `from` to `now` over `years`, against the growth
 * needed from `from` to `goal` over `span` years: compound when the levels
 * allow it, otherwise (a count from zero) the share of the distance covered
 * against the share of the time gone.
 */
const growthPace = (from: Rational, now: Rational, goal: Rational, years: Rational, span: number): AtLeast => {
  // no growth needed: holding the level keeps pace, any move away from it does not
  if (Q.compare(goal, from) === 0) return () => Q.compare(now, from) === 0
  if (Q.sign(from) > 0 && Q.sign(now) >= 0 && Q.sign(goal) >= 0) return compoundPace(Q.div(from)(now), Q.div(from)(goal), years, span)
  return quotient(Q.mul(Q.fromNumber(span))(Q.sub(from)(now)), Q.mul(years)(Q.sub(from)(goal)))
}

/** A level `years` after the baseline, paced by its growth from the baseline toward `goal`. */
const levelPace = (baseline: Figure | null, level: Rational, goal: Rational, years: Rational, span: number): Status =>
  // Judgement: with no baseline there is no growth to measure, so a target
  // not yet met is at risk until it is met (or its year ends and it is behind).
  baseline === null || Q.sign(years) <= 0 || span <= 0 ? 'at-risk' : grade(growthPace(Q.asRational(baseline, 'baseline'), level, goal, years, span))

interface Observed {
  readonly year: number
  readonly value: Figure
  readonly baseline: Figure | null
  readonly elapsed: Rational
  readonly flow: boolean
}

/** Progress toward a target not yet due and not yet met. */
const pace = (target: Target, progress: Observed, reference: Figure, options: JudgeOptions): Status => {
  const { value, elapsed } = progress
  // a milestone is reached or not: there is no pace to measure
  if (target.comparator === 'milestone') return 'at-risk'
  const from = target.baselineYear ?? options.baselineYear
  const span = target.year - from
  const wanted = Q.asRational(reference, 'target')
  // a level falls toward what 基本淘汰 leaves of the baseline stock, and rises toward the target
  const goal = target.comparator === 'eliminate' ? Q.mul(toleranceOf(options.eliminateTolerance, 'eliminateTolerance'))(wanted) : wanted
  if (progress.flow) {
    if (Q.sign(elapsed) <= 0) return 'on-track'
    // a count within its own year, pro rata to the time gone
    if (progress.year === target.year) return grade(quotient(value, Q.mul(elapsed)(wanted)))
    // an earlier year's count, at its rate for the whole year, is a level: grown from the baseline year's count
    return levelPace(progress.baseline, Q.div(elapsed)(Q.asRational(value, 'count')), goal, Q.fromNumber(progress.year - from), span)
  }
  const growth = 'growth' in target ? target.growth : undefined
  // the value already is a compound annual growth: compare it with the one needed
  if (growth === 'annual') return grade(quotient(value, wanted))
  // a stock or rate observed for `year` at `elapsed` is that far past the end of the baseline year
  const years = Q.add(elapsed)(Q.fromNumber(progress.year - 1 - from))
  if (growth === 'cumulative') {
    const level = (percent: Rational) => Q.add(Q.one)(Q.div(Q.hundred)(percent))
    return Q.sign(years) > 0 ? grade(growthPace(Q.one, level(Q.asRational(value, 'growth')), level(wanted), years, span)) : 'at-risk'
  }
  return levelPace(progress.baseline, Q.asRational(value, 'level'), goal, years, span)
}

/**
 * Where a target stands, given the value observed for a year: met or behind
 * once its year is over; met as soon as a floor (gt, gte, all, eliminate,
 * milestone) is reached; otherwise on track, at risk or behind by the pace
 * of progress, after Open SDG's progress methodology. Every comparison is
 * exact (see `compoundPace` for the one pace that may not be).
 */
export const judge = (target: Target, progress: Progress, options: JudgeOptions): Status => {
  if (progress.value === null) return 'no-data'
  // a count within one year says nothing about an earlier year's target
  if (progress.flow && progress.year > target.year) return 'no-data'
  const baseline = progress.baseline === null ? null : Q.figureOf(progress.baseline)
  const wanted = referenceOf(target, baseline)
  // 大幅提升 is read against the baseline: without it there is nothing to compare
  if (wanted === null) return 'no-data'
  const reference = typeof wanted === 'number' ? Q.fromNumber(wanted) : wanted
  const observed: Observed = {
    year: progress.year,
    value: Q.figureOf(progress.value),
    baseline,
    elapsed: Q.asRational(Q.figureOf(progress.elapsed), 'elapsed'),
    flow: progress.flow,
  }
  const met = satisfies(target.comparator, observed.value, reference, options)
  const over = progress.year > target.year || (progress.year === target.year && Q.compare(observed.elapsed, Q.one) >= 0)
  if (over) return met ? 'met' : 'behind'
  switch (target.comparator) {
    case 'increase':
      return met ? 'on-track' : 'behind'
    case 'about': {
      if (met) return 'on-track'
      // already past the band before its year: it may yet come back, but is not on course
      if (cmp(observed.value, reference) > 0) return 'at-risk'
      return pace(target, observed, reference, options)
    }
    default:
      // Met before its year is over: a count within its own year or a milestone reached stays met;
      // a stock, a rate or an earlier year's count may still fall back, so it is on track until its year closes.
      if (met) return (progress.flow && progress.year === target.year) || target.comparator === 'milestone' ? 'met' : 'on-track'
      return pace(target, observed, reference, options)
  }
}
