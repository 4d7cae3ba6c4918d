import { DECIMAL_SCALE } from '../codecs.js'
import type { MetricName } from '../metrics.js'
import { dayOfDate, yearOfDay, type Day } from '../time.js'
import { sum, type Filter, type Tally } from './tally.js'

/*
 * Readings: how an indicator's value is read from the tally for a window of
 * days. A flow counts what happened within the window; a stock, what stands
 * at its end; a share, one reading over another. Where nothing was recorded
 * the value is null ("no data"), never a silent 0.
 */

/** The days a value is for, already cut at the report's occurred-by day. */
export interface Window {
  readonly from: Day
  readonly to: Day
}

export interface Reading {
  readonly value: number | null
  /** how many events are behind the value */
  readonly events: number
  /** for shares and ratios, both sides, in the parts' own units */
  readonly numerator?: number | null
  readonly denominator?: number | null
}

/** A reading; `flow` marks a count that accumulates through its year (judged pro rata while the year runs). */
export type Read = ((tally: Tally, window: Window, filter: Filter) => Reading) & { readonly flow?: true }

/** The earliest day any stock counts from: stocks include what stood before the plan. */
const BEGINNING: Day = dayOfDate(1900, 1, 1)

/** Divide a metric's integer quantity into the indicator's unit: 分 → 元, scaled decimals → decimals. */
export const per = { count: 1, fen: 100, scaled: DECIMAL_SCALE } as const

const total = (tally: Tally, metrics: ReadonlyArray<MetricName>, from: Day, to: Day, filter: Filter) =>
  metrics.reduce(
    (acc, m) => {
      const s = sum(tally, m, from, to, filter)
      return { quantity: acc.quantity + s.quantity, events: acc.events + s.events }
    },
    { quantity: 0, events: 0 },
  )

const reading = (quantity: number, events: number, divisor: number): Reading => ({
  value: events === 0 ? null : quantity / divisor,
  events,
})

/** The sum of what was recorded within the window: a reported statistic's value for its year. */
export const withinWindow =
  (metrics: ReadonlyArray<MetricName>, divisor: number = per.count): Read =>
  (tally, w, f) => {
    const s = total(tally, metrics, w.from, w.to, f)
    return reading(s.quantity, s.events, divisor)
  }

/** What happened within the window, and keeps adding up through the year: counts, sums of money. */
export const flow = (metrics: ReadonlyArray<MetricName>, divisor: number = per.count): Read =>
  Object.assign(withinWindow(metrics, divisor), { flow: true as const })

/** What stands at the end of the window: everything recorded up to then. */
export const stock =
  (metrics: ReadonlyArray<MetricName>, divisor: number = per.count): Read =>
  (tally, w, f) => {
    const s = total(tally, metrics, BEGINNING, w.to, f)
    return reading(s.quantity, s.events, divisor)
  }

/** A cumulative count from the start of a year (the plan's own start, 2024) to the end of the window. */
export const cumulativeSince =
  (year: number, metrics: ReadonlyArray<MetricName>, divisor: number = per.count): Read =>
  (tally, w, f) => {
    const s = total(tally, metrics, dayOfDate(year, 1, 1), w.to, f)
    return reading(s.quantity, s.events, divisor)
  }

/** One reading over another, scaled (100 for a percentage, 1 for a ratio). Both sides stay visible. */
const quotient =
  (scale: number) =>
  (numerator: Read, denominator: Read): Read =>
  (tally, w, f) => {
    const n = numerator(tally, w, f)
    const d = denominator(tally, w, f)
    const value = d.value === null || d.value === 0 ? null : ((n.value ?? 0) * scale) / d.value
    return { value, events: n.events + d.events, numerator: n.value, denominator: d.value }
  }

export const share = quotient(100)
export const ratio = quotient(1)

/** The same reading over the whole of a year. */
const inYear = (read: Read, year: number): Read => (tally, _w, f) => read(tally, { from: dayOfDate(year, 1, 1), to: dayOfDate(year + 1, 1, 1) - 1 }, f)

/** Growth in percent of a reading over its value in the baseline year. */
export const growthOver =
  (baselineYear: number, read: Read): Read =>
  (tally, w, f) => {
    const now = read(tally, w, f)
    const base = inYear(read, baselineYear)(tally, w, f)
    const value = now.value === null || base.value === null || base.value === 0 ? null : ((now.value - base.value) * 100) / base.value
    return { value, events: now.events + base.events, numerator: now.value, denominator: base.value }
  }

/** Compound annual growth in percent of a stock from the end of the baseline year to the end of the window. */
export const compoundGrowthSince =
  (baselineYear: number, read: Read): Read =>
  (tally, w, f) => {
    const years = yearOfDay(w.to) - baselineYear
    const now = read(tally, w, f)
    const base = inYear(read, baselineYear)(tally, w, f)
    const value =
      years <= 0 || now.value === null || base.value === null || base.value <= 0
        ? null
        : ((now.value / base.value) ** (1 / years) - 1) * 100
    return { value, events: now.events + base.events, numerator: now.value, denominator: base.value }
  }

/** A dated yes or no: 1 once reached by the end of the window, else 0 (not reaching is itself the finding). */
export const milestone =
  (metric: MetricName): Read =>
  (tally, w, f) => {
    const s = total(tally, [metric], BEGINNING, w.to, f)
    return { value: s.quantity > 0 ? 1 : 0, events: s.events }
  }

/**
 * Projects under way within the window: started by its end, and not
 * completed before its start.
 */
export const underWay =
  (started: MetricName, completed: MetricName): Read =>
  (tally, w, f) => {
    const s = total(tally, [started], BEGINNING, w.to, f)
    const c = total(tally, [completed], BEGINNING, w.from - 1, f)
    return reading(s.quantity - c.quantity, s.events + c.events, per.count)
  }

/** The share of a set of places where a stock stands above zero at the end of the window. */
export const coverage =
  (metric: MetricName, places: ReadonlyArray<string>): Read =>
  (tally, w, f) => {
    const inScope = f.town === undefined ? places : places.filter((p) => p === f.town)
    let covered = 0
    let events = 0
    for (const town of inScope) {
      const s = total(tally, [metric], BEGINNING, w.to, { ...f, town })
      events += s.events
      if (s.quantity > 0) covered++
    }
    return { value: events === 0 || inScope.length === 0 ? null : (covered * 100) / inScope.length, events, numerator: covered, denominator: inScope.length }
  }

/** Choose a reading by the year of the window: the plan's scope for some targets changes with the year. */
export const byYear =
  (choose: (year: number) => Read): Read =>
  (tally, w, f) =>
    choose(yearOfDay(w.to))(tally, w, f)
