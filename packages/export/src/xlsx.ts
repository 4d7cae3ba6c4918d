import ExcelJS from 'exceljs'
import type { Plan, Report, Status } from '@policy-ledger/core'
import { byLabels, type Breakdown } from './breakdowns.js'
import { chartPng } from './chart-image.js'
import { breakdownCells, opensFormula } from './csv.js'
import { sectionTitle, statusLabels, statusOrder } from './labels.js'
import { targetColumns, targetRows, type CellKind, type Column, type TargetRow } from './table.js'

/*
 * The report as an Excel workbook: an overview (汇总) with the count of each
 * status, then one sheet per part of the plan with the indicator × target
 * table, its header styled and frozen, numbers formatted by unit, and the
 * status cell in its colour. Every sheet prints on A4, fitted to the
 * page's width, its header rows repeated on each page (print titles); a
 * section's sheet carries its indicators' charts under the table, as
 * pictures (chart-image.ts says why not native charts).
 */

export interface XlsxOptions {
  /** the same ledger read for each plan year (`reportYears`): with it, each section's sheet carries its indicators' charts */
  readonly history?: ReadonlyArray<Report>
  /** each indicator's parts, on a sheet of their own (`report --by`) */
  readonly breakdown?: Breakdown
}

/** A4 (paper size 9), as wide as the page, as many pages down as it takes, the rows above `headerRow` repeated on each. */
const printSetup = (sheet: ExcelJS.Worksheet, headerRow: number, orientation: 'portrait' | 'landscape'): void => {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `1:${headerRow}`,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  }
  sheet.headerFooter = { oddFooter: '&C第 &P 页 / 共 &N 页', oddHeader: '&L&A' }
}

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

/** A chart's picture spans this many rows of the default height (15 points = 20 pixels) and two to a row of charts. */
const CHART_ROWS = 12
const CHART_COLUMNS = 5

/** The section's charts under its table, two abreast, each anchored to cells so it prints with them. */
const addCharts = async (wb: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, plan: Plan, report: Report, history: ReadonlyArray<Report>, section: number): Promise<void> => {
  const indicators = report.indicators.filter((i) => i.section === section)
  const first = sheet.rowCount + 2
  const images = await Promise.all(indicators.map((i) => chartPng(plan, i, history, report.year)))
  images.forEach((image, n) => {
    const id = wb.addImage({ buffer: Buffer.from(image.png) as unknown as ExcelJS.Buffer, extension: 'png' })
    sheet.addImage(id, { tl: { col: (n % 2) * CHART_COLUMNS, row: first + Math.floor(n / 2) * CHART_ROWS }, ext: { width: image.width, height: image.height }, editAs: 'oneCell' })
  })
  if (images.length > 0) sheet.getCell(first, 1).value = '图表 Charts'
}

const addSectionSheet = async (wb: ExcelJS.Workbook, plan: Plan, report: Report, section: number, history: ReadonlyArray<Report> | undefined): Promise<void> => {
  const sheet = wb.addWorksheet(sheetName(sectionTitle(plan, section)), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] })
  printSetup(sheet, 1, 'landscape')
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
  if (history !== undefined) await addCharts(wb, sheet, plan, report, history, section)
}

/** The breakdown on a sheet of its own, each value in the unit its indicator's targets are worded in. */
const addBreakdownSheet = (wb: ExcelJS.Workbook, plan: Plan, breakdown: Breakdown): void => {
  const sheet = wb.addWorksheet(sheetName(`分解（${byLabels[breakdown.by].zh}）`), { views: [{ state: 'frozen', ySplit: 1 }] })
  printSetup(sheet, 1, 'portrait')
  const [header = [], ...rows] = breakdownCells(plan, breakdown)
  sheet.columns = header.map((_, i) => ({ width: i === 1 ? 36 : i === 0 ? 32 : 12 }))
  styleHeader(sheet.addRow([...header]))
  rows.forEach((cells) => {
    const row = sheet.addRow(cells.map((c) => (c !== null && typeof c === 'object' ? c.value : c)))
    row.eachCell((cell) => {
      cell.border = grid
    })
  })
}

const countOf = (rows: ReadonlyArray<TargetRow>, status: Status): number => rows.filter((r) => r.target?.status === status).length

const addOverview = (wb: ExcelJS.Workbook, plan: Plan, report: Report): void => {
  const sheet = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 6 }] })
  printSetup(sheet, 6, 'portrait')
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
export const toXlsx = async (plan: Plan, report: Report, options: XlsxOptions = {}): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'policy-ledger'
  wb.title = plan.title.zh
  addOverview(wb, plan, report)
  for (const s of plan.sections) await addSectionSheet(wb, plan, report, s.number, options.history)
  if (options.breakdown !== undefined) addBreakdownSheet(wb, plan, options.breakdown)
  keepText(wb)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
