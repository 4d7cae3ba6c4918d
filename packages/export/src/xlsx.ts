import ExcelJS from 'exceljs'
import type { Plan, Report, Status } from '@policy-ledger/core'
import { opensFormula } from './csv.js'
import { sectionTitle, statusLabels, statusOrder } from './labels.js'
import { targetColumns, targetRows, type CellKind, type Column, type TargetRow } from './table.js'

/*
 * The report as an Excel workbook: an overview (汇总) with the count of each
 * status, then one sheet per part of the plan with the indicator × target
 * table, its header styled and frozen, numbers formatted by unit, and the
 * status cell in its colour.
 */

/** Excel's Text number format: what is typed into the cell stays text. */
export const TEXT_FORMAT = '@'

/** What Excel refuses in a sheet name. */
const FORBIDDEN = /[\\/?*[\]:]/g
const MAX_SHEET_NAME = 31

/** A name Excel accepts: forbidden characters as full-width look-alikes or _, no edge apostrophes, at most 31 characters. */
export const sheetName = (name: string): string => {
  const cleaned = name
    .replaceAll(':', '：')
    .replaceAll('?', '？')
    .replace(FORBIDDEN, '_')
    .replace(/^'+|'+$/g, '')
  const cut = Array.from(cleaned).slice(0, MAX_SHEET_NAME).join('').replace(/'+$/, '')
  return cut.trim() === '' ? 'Sheet' : cut
}

/** Excel number formats by what a cell holds; percentages are written as fractions. */
export const numberFormats: Readonly<Record<CellKind, string | undefined>> = {
  text: undefined,
  status: undefined,
  year: '0',
  integer: '#,##0',
  number: '#,##0.00',
  count: '#,##0',
  percent: '0.0%',
  'growth-percent': '0.0%',
  yuan: '#,##0.00"元"',
  'wan-yuan': '#,##0.00"万元"',
  'yi-yuan': '#,##0.00"亿元"',
  ratio: '0.00',
  petaflops: '#,##0.0',
  milestone: '"已建成运营";;"未建成"',
}

const argb = (hex: string): string => `FF${hex.slice(1).toUpperCase()}`
const solid = (hex: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } })

const HEADER_FILL = '#1a3c6e'
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFD0D4DA' } }
const grid: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin }

const styleHeader = (row: ExcelJS.Row): void => {
  row.height = 34
  row.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } }
    cell.fill = solid(HEADER_FILL)
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
    cell.border = grid
  })
}

const paintStatus = (cell: ExcelJS.Cell, status: Status): void => {
  cell.fill = solid(statusLabels[status].colour)
  cell.font = { bold: true, color: { argb: argb(statusLabels[status].ink) } }
  cell.alignment = { horizontal: 'center' }
}

const isPercent = (kind: CellKind): boolean => kind === 'percent' || kind === 'growth-percent'

const addTargetRow = (sheet: ExcelJS.Worksheet, columns: ReadonlyArray<Column>, row: TargetRow): void => {
  const added = sheet.addRow(
    columns.map((c) => {
      const cell = c.cell(row)
      const value = cell !== null && typeof cell === 'object' ? cell.value : cell
      return typeof value === 'number' && isPercent(c.kind(row)) ? value / 100 : value
    }),
  )
  columns.forEach((c, i) => {
    const cell = added.getCell(i + 1)
    cell.border = grid
    const format = numberFormats[c.kind(row)]
    if (format !== undefined) cell.numFmt = format
    if (c.kind(row) === 'status' && row.target !== null) paintStatus(cell, row.target.status)
  })
}

const addSectionSheet = (wb: ExcelJS.Workbook, plan: Plan, report: Report, section: number): void => {
  const sheet = wb.addWorksheet(sheetName(sectionTitle(plan, section)), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] })
  const columns = targetColumns(plan)
  sheet.columns = columns.map((c) => ({ width: c.width }))
  styleHeader(sheet.addRow(columns.map((c) => `${c.zh}\n${c.en}`)))
  const rows = targetRows(plan, { indicators: report.indicators.filter((i) => i.section === section) })
  if (rows.length === 0) {
    sheet.addRow(['本部分无量化指标 (no quantified indicator in this part)'])
    return
  }
  rows.forEach((row) => addTargetRow(sheet, columns, row))
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
}

const countOf = (rows: ReadonlyArray<TargetRow>, status: Status): number => rows.filter((r) => r.target?.status === status).length

const addOverview = (wb: ExcelJS.Workbook, plan: Plan, report: Report): void => {
  const sheet = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 6 }] })
  sheet.columns = [{ width: 34 }, ...statusOrder.map(() => ({ width: 12 })), { width: 10 }]
  sheet.addRow([`${plan.title.zh}（${plan.document}）`]).font = { bold: true, size: 14 }
  sheet.addRow(['报告年度 Report year', report.year])
  sheet.addRow(['统计截至 Occurred by', report.occurredBy])
  sheet.addRow(['账本位置 Known at position', report.knownAt.position])
  sheet.addRow(['记录时间 Recorded at (UTC)', report.knownAt.recordedAt ?? '—'])
  styleHeader(sheet.addRow(['部分 Part', ...statusOrder.map((s) => `${statusLabels[s].zh}\n${statusLabels[s].en}`), '合计\ntotal']))
  const all = targetRows(plan, report)
  const line = (label: string, rows: ReadonlyArray<TargetRow>): void => {
    const row = sheet.addRow([label, ...statusOrder.map((s) => countOf(rows, s)), rows.length])
    row.eachCell((cell) => {
      cell.border = grid
    })
    statusOrder.forEach((s, i) => {
      // colour the count only where there is one, so the eye goes to what matters
      if (countOf(rows, s) > 0) paintStatus(row.getCell(i + 2), s)
    })
  }
  line('全部目标 All targets', all)
  plan.sections.forEach((s) => line(sectionTitle(plan, s.number), all.filter((r) => r.indicator.section === s.number)))
}

/**
 * Text that would open a formula (`opensFormula`, the CSV rule's test)
 * stays text: exceljs writes every string as a string cell, never a
 * formula, and the Text format keeps it text when someone edits the cell.
 */
const keepText = (wb: ExcelJS.Workbook): void =>
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && opensFormula(cell.value)) cell.numFmt = TEXT_FORMAT
      }),
    ),
  )

/** The workbook as .xlsx bytes. */
export const toXlsx = async (plan: Plan, report: Report): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'policy-ledger'
  wb.title = plan.title.zh
  addOverview(wb, plan, report)
  plan.sections.forEach((s) => addSectionSheet(wb, plan, report, s.number))
  keepText(wb)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
