import { DECIMAL_SCALE } from '../codecs.js'
import * as Q from '../exact.js'
import type { Exact, Figure, Rational } from '../exact.js'
import type { MetricName } from '../metrics.js'
import { dayOfDate, yearOfDay, type Day } from '../time.js'
import { sum, type Filter, type Tally } from './tally.js'

/*
 * Readings: how an indicator's value is read from the tally for a window of
 * days. A flow counts what happened within the window; a stock, what stands
 * at its end; a share, one reading over another. Where nothing was recorded
 * the value is null ("no data"), never a silent 0. The tally's integers make
 * every value exact: `exact` keeps it (exact.ts), `value` is the nearest
 * double, for display.
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
  /** the value exactly, wherever there is one: the figure judged */
  readonly exact?: Exact
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

/** A reading's value and its exact form, or no data. */
const valued = (figure: Figure | null): Pick<Reading, 'value' | 'exact'> =>
  figure === null ? { value: null } : { value: Q.figureValue(figure), exact: Q.toExact(figure) }

/** A reading's value as a level to compute with (every reading here that has a value has its exact form). */
const levelOf = (r: Reading): Rational | null => (r.exact === undefined ? null : Q.asRational(Q.fromExact(r.exact), 'reading'))

const reading = (quantity: number, events: number, divisor: number): Reading => ({
  ...valued(events === 0 ? null : Q.div(Q.fromNumber(divisor))(Q.fromNumber(quantity))),
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
    const [top, bottom] = [levelOf(n) ?? Q.zero, levelOf(d)]
    const figure = bottom === null || Q.sign(bottom) === 0 ? null : Q.div(bottom)(Q.mul(Q.fromNumber(scale))(top))
    return { ...valued(figure), events: n.events + d.events, numerator: n.value, denominator: d.value }
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
    const [n, b] = [levelOf(now), levelOf(base)]
    const figure = n === null || b === null || Q.sign(b) === 0 ? null : Q.div(b)(Q.mul(Q.hundred)(Q.sub(b)(n)))
    return { ...valued(figure), events: now.events + base.events, numerator: now.value, denominator: base.value }
  }

/**
 * Compound annual growth in percent of a stock from the end of the baseline
 * year to the end of the window, over whole years; exact where the ratio is
 * a perfect power, else kept as the ratio and its years (exact.ts).
 */
export const compoundGrowthSince =
  (baselineYear: number, read: Read): Read =>
  (tally, w, f) => {
    const years = yearOfDay(w.to) - baselineYear
    const now = read(tally, w, f)
    const base = inYear(read, baselineYear)(tally, w, f)
    const [n, b] = [levelOf(now), levelOf(base)]
    // a rate of growth needs a level above zero to grow from, and one not below zero to reach
    const figure = years <= 0 || n === null || b === null || Q.sign(b) <= 0 || Q.sign(n) < 0 ? null : Q.compoundGrowth(Q.div(b)(n), years)
    return { ...valued(figure), events: now.events + base.events, numerator: now.value, denominator: base.value }
  }

/** A dated yes or no: 1 once reached by the end of the window, else 0 (not reaching is itself the finding). */
export const milestone =
  (metric: MetricName): Read =>
  (tally, w, f) => {
    const s = total(tally, [metric], BEGINNING, w.to, f)
    return { ...valued(s.quantity > 0 ? Q.one : Q.zero), events: s.events }
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
    const figure = events === 0 || inScope.length === 0 ? null : Q.div(Q.fromNumber(inScope.length))(Q.fromNumber(covered * 100))
    return { ...valued(figure), events, numerator: covered, denominator: inScope.length }
  }

/** Choose a reading by the year of the window: the plan's scope for some targets changes with the year. */
export const byYear =
  (choose: (year: number) => Read): Read =>
  (tally, w, f) =>
    choose(yearOfDay(w.to))(tally, w, f)
