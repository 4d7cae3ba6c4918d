import type { Report } from '@policy-ledger/core'
import { byLabels, partsOf, type Breakdown } from './breakdowns.js'
import { csvText } from './csv.js'
import type { Cell } from './table.js'

/*
 * Open SDG's data format: one CSV per indicator, `Year`, `Units`, the
 * disaggregation columns, `Value` last; headline rows leave the
 * disaggregations empty. Years without a value are left out, as Open SDG
 * expects. A county can publish its plan on an Open SDG site with these.
 */

export interface OpenSdgOptions {
  /** add the 镇街 disaggregation: each town with events beside the headline */
  readonly byTown?: Breakdown<'town'>
}

/** vehicles.nev-fleet → vehicles-nev-fleet, as Open SDG writes 1.1.1 as 1-1-1 */
export const openSdgId = (id: string): string => id.replaceAll('.', '-')

/** The file Open SDG reads an indicator's data from. */
export const openSdgFileName = (id: string): string => `indicator_${openSdgId(id)}.csv`

/** One CSV text per indicator id, for the years of `history`. */
export const toOpenSdg = (history: ReadonlyArray<Report>, options: OpenSdgOptions = {}): ReadonlyMap<string, string> => {
  const { byTown } = options
  const ids = history[0]?.indicators.map((i) => i.id) ?? []
  const town = byLabels.town.zh
  return new Map(
    ids.map((id) => {
      const rows = history.flatMap((report): ReadonlyArray<ReadonlyArray<Cell>> => {
        const indicator = report.indicators.find((i) => i.id === id)
        if (indicator === undefined) return []
        const line = (place: string | null, value: number): ReadonlyArray<Cell> => [report.year, indicator.unit.zh, ...(byTown === undefined ? [] : [place]), value]
        return [
          ...(indicator.value === null ? [] : [line(null, indicator.value)]),
          ...partsOf(byTown, id, report.year).flatMap((p) => (p.value === null ? [] : [line(p.zh, p.value)])),
        ]
      })
      return [id, csvText([['Year', 'Units', ...(byTown === undefined ? [] : [town]), 'Value'], ...rows])] as const
    }),
  )
}
