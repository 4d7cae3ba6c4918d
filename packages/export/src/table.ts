import type { Amount, IndicatorReport, Plan, Report, TargetReport, UnitKind } from '@policy-ledger/core'
import { comparedAmount, figureDigits, figureNumber, sectionTitle, statusLabels, targetUnit, targetUnitKind, valueAmount, valueUnit, type DisplayUnit } from './labels.js'

/*
 * The report as a table an analyst filters: one row per indicator and
 * target, so that 状态 can be filtered on, each status beside the year and
 * the figure it was judged on. The CSV and the workbook share these
 * columns; `kind` tells the workbook which number format a cell takes.
 * A target's value and compared figure are in the unit the plan words the
 * target in (17亿元 in 亿元), named in 目标单位; the indicator's value in the
 * unit its targets are worded in (8.37 亿元, not 837,000,000 元), named in
 * 单位. The JSON keeps the exact figures in the indicator's own unit.
 */

export interface TargetRow {
  readonly indicator: IndicatorReport
  /** null only for an indicator without targets */
  readonly target: TargetReport | null
  /** the unit kind of the target's value and compared figure */
  readonly targetKind: UnitKind
  /** the unit the target's value and compared figure are shown in */
  readonly targetUnit: DisplayUnit
}

/** A figure: the number a spreadsheet computes with, and its digits rounded exactly for a person (what the CSV writes). */
export interface FigureCell {
  readonly value: number
  readonly text: string
}

/** money in 万元 and 亿元 take their own number formats */
export type CellKind = 'text' | 'year' | 'integer' | 'number' | UnitKind | 'status' | 'wan-yuan' | 'yi-yuan'
export type Cell = string | number | null | FigureCell

export interface Column {
  readonly zh: string
  readonly en: string
  readonly width: number
  readonly kind: (row: TargetRow) => CellKind
  readonly cell: (row: TargetRow) => Cell
}

const fixed =
  (kind: CellKind) =>
  (): CellKind =>
    kind
const kindOf = (unit: DisplayUnit): CellKind => (unit.kind !== 'yuan' || unit.per === 1 ? unit.kind : unit.per === 1e8 ? 'yi-yuan' : 'wan-yuan')
const ofIndicator = (plan: Plan) => (row: TargetRow): CellKind => kindOf(valueUnit(plan, row.indicator))
const ofTarget = (row: TargetRow): CellKind => kindOf(row.targetUnit)

/** A figure in a display unit, for a cell (null stays empty). */
export const figure = (x: Amount | null, unit: DisplayUnit): Cell => (x === null ? null : { value: figureNumber(x, unit), text: figureDigits(x, unit) })
const ownUnit = (row: Pick<TargetRow, 'indicator'>): DisplayUnit => ({ kind: row.indicator.unit.kind, zh: row.indicator.unit.zh, per: 1 })

/** The columns of a plan's report (its sections name the rows' parts). */
export const targetColumns = (plan: Plan): ReadonlyArray<Column> => [
  { zh: '指标编号', en: 'Indicator id', width: 34, kind: fixed('text'), cell: (r) => r.indicator.id },
  { zh: '指标名称', en: 'Indicator', width: 40, kind: fixed('text'), cell: (r) => r.indicator.zh },
  { zh: '英文名称', en: 'Indicator (en)', width: 40, kind: fixed('text'), cell: (r) => r.indicator.en },
  { zh: '所属部分', en: 'Section', width: 24, kind: fixed('text'), cell: (r) => sectionTitle(plan, r.indicator.section) },
  { zh: '单位', en: 'Unit', width: 12, kind: fixed('text'), cell: (r) => valueUnit(plan, r.indicator).zh },
  { zh: '数值', en: 'Value', width: 16, kind: ofIndicator(plan), cell: (r) => figure(valueAmount(r.indicator), valueUnit(plan, r.indicator)) },
  { zh: '分子', en: 'Numerator', width: 14, kind: fixed('number'), cell: (r) => r.indicator.numerator },
  { zh: '分母', en: 'Denominator', width: 14, kind: fixed('number'), cell: (r) => r.indicator.denominator },
  { zh: '统计期', en: 'Period', width: 10, kind: fixed('text'), cell: (r) => r.indicator.period.label },
  { zh: '统计截至', en: 'Period ends', width: 12, kind: fixed('text'), cell: (r) => r.indicator.period.to },
  { zh: '事件数', en: 'Events', width: 10, kind: fixed('integer'), cell: (r) => r.indicator.events },
  { zh: '目标年份', en: 'Target year', width: 10, kind: fixed('year'), cell: (r) => r.target?.year ?? null },
  { zh: '比较词', en: 'Comparator word', width: 10, kind: fixed('text'), cell: (r) => r.target?.word ?? null },
  { zh: '目标值', en: 'Target', width: 16, kind: ofTarget, cell: (r) => figure(r.target?.value ?? null, r.targetUnit) },
  { zh: '目标单位', en: 'Target unit', width: 14, kind: fixed('text'), cell: (r) => (r.target === null ? null : r.targetUnit.zh) },
  { zh: '基期年份', en: 'Baseline year', width: 10, kind: fixed('year'), cell: (r) => r.target?.baselineYear ?? null },
  { zh: '适用范围', en: 'Scope', width: 14, kind: fixed('text'), cell: (r) => r.target?.scope ?? null },
  { zh: '比较年份', en: 'Compared year', width: 10, kind: fixed('year'), cell: (r) => r.target?.comparedYear ?? null },
  { zh: '比较值', en: 'Compared figure', width: 16, kind: ofTarget, cell: (r) => (r.target === null ? null : figure(comparedAmount(r.target), r.targetUnit)) },
  { zh: '状态', en: 'Status', width: 10, kind: fixed('status'), cell: (r) => (r.target === null ? null : statusLabels[r.target.status].zh) },
  { zh: '状态（英文）', en: 'Status (en)', width: 12, kind: fixed('text'), cell: (r) => (r.target === null ? null : statusLabels[r.target.status].en) },
]

export const indicatorRows =
  (plan: Plan) =>
  (indicator: IndicatorReport): ReadonlyArray<TargetRow> =>
    indicator.targets.length === 0
      ? [{ indicator, target: null, targetKind: indicator.unit.kind, targetUnit: ownUnit({ indicator }) }]
      : indicator.targets.map((target, i) => ({ indicator, target, targetKind: targetUnitKind(plan, indicator, i), targetUnit: targetUnit(plan, indicator, i) }))

export const targetRows = (plan: Plan, report: Pick<Report, 'indicators'>): ReadonlyArray<TargetRow> => report.indicators.flatMap(indicatorRows(plan))
