import * as E from 'fp-ts/lib/Either.js'
import { validationFailed, type ValidationFailed } from '../errors.js'
import * as Q from '../exact.js'
import type { Amount, Exact } from '../exact.js'
import type { Plan, PlanIndicator } from '../plan/define.js'
import type { IndicatorUnit } from '../plan/indicators.js'
import { judge, type Comparator, type JudgeOptions, type Status, type Target } from '../plan/targets.js'
import { dayToIso, parseDate, year as yearPeriod, yearOfDay, type Day } from '../time.js'
import { periodOf } from './query.js'
import { growthOver, type Read, type Reading } from './readings.js'
import { latestDay, type Filter, type Tally } from './tally.js'

/*
 * The progress report: every indicator's value for a year, as it had
 * occurred by a day, against each of its targets. Its JSON shape is the
 * contract of `policy-ledger report --format json`.
 */

export interface ReportOptions {
  /** the year to report; default the latest plan year (from the baseline to the horizon) in which anything occurred */
  readonly year?: number
  /** count facts that occurred on or before this day (YYYY-MM-DD, Asia/Shanghai); default the end of `year` */
  readonly occurredBy?: string
  /** narrow every indicator to a town, a recording unit or a sector */
  readonly filter?: Filter
  /** the band of 左右 and of 基本淘汰, as fractions; default 0.05 each (numbers are read by their digits: 0.05 is 1/20) */
  readonly tolerance?: Amount
  readonly eliminateTolerance?: Amount
}

export interface TargetReport {
  readonly year: number
  /** the plan's comparator word: 超过, 以上, 左右, 全部 … */
  readonly word: string
  readonly comparator: Comparator
  /** the target in the indicator's unit (a growth target in per cent over its baseline year); null where the word carries it (全部, 大幅提升, 建成运营) */
  readonly value: number | null
  readonly baselineYear: number | null
  readonly scope: string | null
  /** the figure judged: the indicator's value for min(report year, target year), or its growth over the baseline year */
  readonly compared: number | null
  /** the year `compared` is for, min(report year, target year): the status stands on that year's value */
  readonly comparedYear: number
  /** `compared` exactly (null where it is): what the status was decided on */
  readonly comparedExact: Exact | null
  readonly status: Status
}

export interface IndicatorReport {
  readonly id: string
  readonly zh: string
  readonly en: string
  readonly section: number
  readonly measures: ReadonlyArray<number>
  readonly unit: IndicatorUnit
  readonly value: number | null
  /** `value` exactly (null where it is); `value` is the nearest double */
  readonly exact: Exact | null
  /** for shares and ratios, both sides */
  readonly numerator: number | null
  readonly denominator: number | null
  readonly period: { readonly label: string; readonly from: string; readonly to: string }
  /** how many recorded events are behind the value */
  readonly events: number
  readonly targets: ReadonlyArray<TargetReport>
}

export interface Report {
  readonly plan: { readonly id: string; readonly title: string }
  readonly year: number
  /** the last day whose facts count (Asia/Shanghai) */
  readonly occurredBy: string
  /**
   * what the ledger knew: the last position folded in and when it was
   * recorded; a replay (`reportAsOf`) states the instant asked for too
   * (null: now, everything recorded)
   */
  readonly knownAt: { readonly position: number; readonly recordedAt: string | null; readonly requested?: string | null }
  readonly filter: Filter
  readonly indicators: ReadonlyArray<IndicatorReport>
}

/** The reading a target is judged on: growth targets on a level are judged on its growth over the baseline year. */
const judgedReading = (plan: Plan, indicator: PlanIndicator, target: Target): Read =>
  'growth' in target && target.growth === 'cumulative' && indicator.unit.kind !== 'growth-percent'
    ? growthOver(target.baselineYear ?? plan.years.baseline, indicator.read)
    : indicator.read

/** A reading for a whole year, cut at the occurred-by day. */
const readYear = (tally: Tally, read: Read, year: number, occurredBy: Day, filter: Filter): Reading => {
  const p = yearPeriod(year)
  const to = Math.min(p.to, occurredBy)
  return to < p.from ? { value: null, events: 0 } : read(tally, { from: p.from, to }, filter)
}

/** How much of a year had passed by the occurred-by day, 0..1, exactly: its days gone over its days. */
const elapsedOf = (year: number, occurredBy: Day): Exact => {
  const p = yearPeriod(year)
  const days = p.to - p.from + 1
  const gone = Math.min(days, Math.max(0, occurredBy - p.from + 1))
  return Q.toExact(Q.rational(BigInt(gone), BigInt(days)))
}

/** What a reading gives judgement: its exact figure, or no data. */
const amountOf = (r: Reading): Amount | null => r.exact ?? r.value

const targetReport = (plan: Plan, tally: Tally, indicator: PlanIndicator, target: Target, reportYear: number, occurredBy: Day, options: ReportOptions): TargetReport => {
  const read = judgedReading(plan, indicator, target)
  // a target due before the report year is judged on its own year; one due later, on the report year
  const year = Math.min(reportYear, target.year)
  const observed = readYear(tally, read, year, occurredBy, options.filter ?? {})
  const baselineYear = target.baselineYear ?? plan.years.baseline
  const baseline = amountOf(readYear(tally, indicator.read, baselineYear, occurredBy, options.filter ?? {}))
  const judgeOptions: JudgeOptions = {
    baselineYear: plan.years.baseline,
    ...(options.tolerance === undefined ? {} : { tolerance: options.tolerance }),
    ...(options.eliminateTolerance === undefined ? {} : { eliminateTolerance: options.eliminateTolerance }),
  }
  const status = judge(target, { year, value: amountOf(observed), baseline, elapsed: elapsedOf(year, occurredBy), flow: read.flow === true }, judgeOptions)
  return {
    year: target.year,
    word: target.word,
    comparator: target.comparator,
    value: 'value' in target ? target.value : null,
    baselineYear: target.baselineYear ?? null,
    scope: target.scope ?? null,
    compared: observed.value,
    comparedYear: year,
    comparedExact: observed.exact ?? null,
    status,
  }
}

/** The year a report is for when none is asked: the latest plan year in which anything occurred, the baseline year at the earliest. */
const defaultYear = (plan: Plan, tally: Tally, occurredBy: Day | undefined): number => {
  const last = occurredBy ?? latestDay(tally)
  const { baseline, horizon } = plan.years
  return last === undefined ? horizon : Math.max(baseline, Math.min(horizon, yearOfDay(last)))
}

/** The day a report counts facts to, if one is asked (`occurredBy`): refused as VALIDATION_FAILED unless it is a date. */
export const occurredByDay = (occurredBy: string | undefined): E.Either<ValidationFailed, Day | undefined> =>
  occurredBy === undefined ? E.right(undefined) : E.mapLeft((reason: string) => validationFailed([{ path: 'occurredBy', reason }]))(parseDate(occurredBy))

/** The progress report of every indicator of a plan against its targets, read from a tally. */
export const report = (plan: Plan, tally: Tally, options: ReportOptions = {}): E.Either<ValidationFailed, Report> =>
  E.map((cut: Day | undefined): Report => {
    const year = options.year ?? defaultYear(plan, tally, cut)
    const occurredBy = cut ?? yearPeriod(year).to
    const filter = options.filter ?? {}
    const period = periodOf({ year })
    return {
      plan: { id: plan.document, title: plan.title.zh },
      year,
      occurredBy: dayToIso(occurredBy),
      knownAt: { position: tally.position, recordedAt: tally.position === 0 ? null : new Date(tally.recordedAt).toISOString() },
      filter,
      indicators: plan.indicators.map((indicator): IndicatorReport => {
        const r = readYear(tally, indicator.read, year, occurredBy, filter)
        return {
          id: indicator.id,
          zh: indicator.zh,
          en: indicator.en,
          section: indicator.section,
          measures: indicator.measures,
          unit: indicator.unit,
          value: r.value,
          exact: r.exact ?? null,
          numerator: r.numerator ?? null,
          denominator: r.denominator ?? null,
          period: { label: period.label, from: dayToIso(period.from), to: dayToIso(Math.min(period.to, occurredBy)) },
          events: r.events,
          targets: indicator.targets.map((t) => targetReport(plan, tally, indicator, t, year, occurredBy, options)),
        }
      }),
    }
  })(occurredByDay(options.occurredBy))

/** The years a plan's reports run over: from the baseline, beside which growth is read, to the horizon. */
export const reportedYears = (plan: Pick<Plan, 'years'>): ReadonlyArray<number> =>
  Array.from({ length: plan.years.horizon - plan.years.baseline + 1 }, (_, i) => plan.years.baseline + i)

/** The report for every year from the baseline to the plan's horizon: the history a chart draws. */
export const reportYears = (plan: Plan, tally: Tally, options: Omit<ReportOptions, 'year'> = {}): E.Either<ValidationFailed, ReadonlyArray<Report>> =>
  E.traverseArray((year: number) => report(plan, tally, { ...options, year }))(reportedYears(plan))
