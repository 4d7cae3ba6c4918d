import { lineageColumns, type LineageRow, type Plan } from '@policy-ledger/core'
import type { Report } from '@policy-ledger/core'
import { byLabels, type Breakdown } from './breakdowns.js'
import { valueUnit } from './labels.js'
import { figure, targetColumns, targetRows, type Cell } from './table.js'

/*
 * CSV per RFC 4180 (CRLF line ends, fields quoted where they hold a comma,
 * a quote or a line break), in UTF-8 with a byte-order mark: without it
 * Excel and WPS read the Chinese as mojibake.
 */

export const BOM = '\uFEFF'

/**
 * Whether a spreadsheet would take this text for a formula (OWASP's list:
 * = + - @, tab, carriage return), as a source record id like
 * `=HYPERLINK(…)` or `-2+3+cmd|' /C calc'!A0` would be.
 */
export const opensFormula = (text: string): boolean => /^[=+\-@\t\r]/.test(text)

/**
 * One field. Text that would open a formula is written as text: a single
 * quote before it, the field quoted (OWASP's CSV injection rule), so Excel
 * and WPS show it and never run it. Numbers, and the figures the library
 * rounds (a delta of -3), are numbers it computed, never caller text: they
 * are written as they are, so a spreadsheet still computes with them;
 * neither is grouped. Null is empty.
 */
export const csvField = (cell: Cell): string => {
  if (cell === null) return ''
  if (typeof cell === 'string' && opensFormula(cell)) return `"'${cell.replaceAll('"', '""')}"`
  const s = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell : cell.text
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** Rows to CSV text, without the BOM (SDMX and Open SDG tools want none). */
export const csvText = (rows: ReadonlyArray<ReadonlyArray<Cell>>): string => rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('')

/** The progress report, one row per indicator and target, with a BOM for Excel and WPS. */
export const toCsv = (plan: Plan, report: Pick<Report, 'indicators'>): string => {
  const rows = targetRows(plan, report)
  const columns = targetColumns(plan)
  return BOM + csvText([columns.map((c) => c.zh), ...rows.map((row) => columns.map((c) => c.cell(row)))])
}

/** The header and rows of a breakdown, each value in the unit its indicator's targets are worded in (单位), for the CSV and the workbook. */
export const breakdownCells = (plan: Plan, table: Breakdown): ReadonlyArray<ReadonlyArray<Cell>> => [
  ['指标编号', '指标名称', '年份', `${byLabels[table.by].zh}代码`, byLabels[table.by].zh, '数值', '单位', '分子', '分母', '事件数'],
  ...table.rows.map((r) => {
    const indicator = plan.indicatorById.get(r.indicator)
    const unit = indicator === undefined ? undefined : valueUnit(plan, { id: r.indicator, unit: indicator.unit })
    return [r.indicator, indicator?.zh ?? '', r.year, r.code, r.zh, unit === undefined ? r.value : figure(r.value, unit), unit?.zh ?? '', r.numerator, r.denominator, r.events]
  }),
]

/** A breakdown by town, unit or sector, one row per indicator, year and part, with a BOM. */
export const toBreakdownCsv = (plan: Plan, table: Breakdown): string => BOM + csvText(breakdownCells(plan, table))

/** Lineage rows (the drill-down behind a value) as CSV with a bilingual header, without the BOM, for a spreadsheet or another auditor. */
export const lineageCsv = (rows: ReadonlyArray<LineageRow>): string =>
  csvText([lineageColumns.map(([h]) => h), ...rows.map((r) => lineageColumns.map(([, cell]) => cell(r)))])
