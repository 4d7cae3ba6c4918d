import type { IndicatorReport, Report, UnitKind } from '@policy-ledger/core'
import { partsOf, type Breakdown } from './breakdowns.js'
import { csvText } from './csv.js'
import type { Cell } from './table.js'

/*
 * SDMX 2.1 CSV: one observation per indicator and year, each row naming its
 * dataflow, so that a statistics office's tools (the .Stat suite, the SDMX
 * converters) can load the plan's figures. Codes are SDMX ids: letters,
 * digits and underscores.
 */

export const DATAFLOW = 'JIAXIANG:PLAN_2024_5(1.0)'
/** 嘉祥县 in GB/T 2260, the administrative division code */
export const JIAXIANG_AREA = '370829'
/** SDMX's code for a total over a dimension */
const TOTAL = '_T'

export interface SdmxOptions {
  /** default JIAXIANG:PLAN_2024_5(1.0) */
  readonly dataflow?: string
  /** default 370829 */
  readonly refArea?: string
  /** add a TOWN dimension: the county total as _T, then each town with events */
  readonly byTown?: Breakdown<'town'>
}

/** vehicles.nev-fleet → VEHICLES_NEV_FLEET */
export const sdmxCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]+/g, '_')

/** Units as SDMX's CL_UNIT_MEASURE spells them where it has one. */
const unitCodes: Readonly<Record<UnitKind, string>> = {
  percent: 'PT',
  'growth-percent': 'PT',
  count: 'NUMBER',
  yuan: 'CNY',
  ratio: 'PURE_NUMB',
  petaflops: 'PFLOPS',
  milestone: 'NUMBER',
}

export const toSdmxCsv = (history: ReadonlyArray<Report>, options: SdmxOptions = {}): string => {
  const dataflow = options.dataflow ?? DATAFLOW
  const refArea = options.refArea ?? JIAXIANG_AREA
  const byTown = options.byTown
  const header = ['DATAFLOW', 'REF_AREA', 'INDICATOR', ...(byTown === undefined ? [] : ['TOWN']), 'TIME_PERIOD', 'OBS_VALUE', 'UNIT_MEASURE', 'OBS_STATUS']
  // a missing observation keeps its row, empty, with status M (missing)
  const row = (indicator: IndicatorReport, year: number, town: string | undefined, value: number | null): ReadonlyArray<Cell> => [
    dataflow,
    refArea,
    sdmxCode(indicator.id),
    ...(town === undefined ? [] : [town]),
    String(year),
    value,
    unitCodes[indicator.unit.kind],
    value === null ? 'M' : 'A',
  ]
  return csvText([
    header,
    ...history.flatMap((report) =>
      report.indicators.flatMap((indicator) => [
        row(indicator, report.year, byTown === undefined ? undefined : TOTAL, indicator.value),
        ...partsOf(byTown, indicator.id, report.year).map((part) => row(indicator, report.year, sdmxCode(part.code), part.value)),
      ]),
    ),
  ])
}
