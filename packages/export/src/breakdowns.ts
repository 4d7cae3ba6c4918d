import { breakdown, calendar, type BreakdownBy, type Plan, type Report, type Tally } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/*
 * Breakdowns by town (镇街), recording unit or sector, read from the tally
 * with the same cut as the reports they accompany: each report's year,
 * occurred-by day and filter.
 */

export interface BreakdownRow {
  readonly indicator: string
  readonly year: number
  readonly code: string
  readonly zh: string
  readonly en: string
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly events: number
}

export interface Breakdown<B extends BreakdownBy = BreakdownBy> {
  readonly by: B
  /** only the parts with events behind them, by indicator, year and the catalogue's order of parts */
  readonly rows: ReadonlyArray<BreakdownRow>
}

export const byLabels: Readonly<Record<BreakdownBy, { readonly zh: string; readonly en: string }>> = {
  town: { zh: '镇街', en: 'Town' },
  unit: { zh: '填报单位', en: 'Recording unit' },
  sector: { zh: '行业', en: 'Sector' },
}

const occurredByDay = (report: Report): number => {
  const day = calendar.parseDate(report.occurredBy)
  if (E.isLeft(day)) throw new RangeError(`occurredBy: ${day.left}`)
  return day.right
}

/** Every indicator of every report, broken down by `by`. */
export const breakdownOf =
  <B extends BreakdownBy>(plan: Plan, tally: Tally, by: B) =>
  (reports: ReadonlyArray<Report>): Breakdown<B> => ({
    by,
    rows: reports.flatMap((report) =>
      report.indicators.flatMap((indicator) =>
        // a report's indicators are its plan's: none is unknown to it
        E.getOrElseW(() => [])(breakdown(plan, tally, indicator.id, by, { year: report.year, occurredBy: occurredByDay(report), filter: report.filter })).map(
          (part): BreakdownRow => ({
            indicator: indicator.id,
            year: report.year,
            code: part.code,
            zh: part.zh,
            en: part.en,
            value: part.reading.value,
            numerator: part.reading.numerator ?? null,
            denominator: part.reading.denominator ?? null,
            events: part.reading.events,
          }),
        ),
      ),
    ),
  })

/** The rows of one indicator and year, for exports that put parts beside the total. */
export const partsOf = (table: Breakdown | undefined, indicator: string, year: number): ReadonlyArray<BreakdownRow> =>
  table?.rows.filter((r) => r.indicator === indicator && r.year === year) ?? []
