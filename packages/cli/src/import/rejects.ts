import { BOM, csvText } from '@policy-ledger/export'
import { codeZh } from '../failure.js'
import type ExcelJS from 'exceljs'
import { readFile } from 'node:fs/promises'
import type { Format } from './files.js'
import { REJECTS_COLUMNS } from './names.js'
import type { Rejection } from './record.js'

/*
 * The rejected lines of an input, written back in its own format: a clerk
 * mends a sheet in the program that made it. A JSON Lines input's rejects
 * are JSON Lines, one object per line (as --rejects writes those of every
 * input); a CSV's are a CSV (UTF-8 with a BOM, as Excel opens it) of the
 * rejected rows as they were, after 行号 and 原因, which the import leaves
 * out when the mended file is imported again; an XLSX's, a workbook of
 * them the same way.
 */

/** Why a line was rejected, Chinese first: a reason the import gave is so already; the ledger's is in English, after what its code means. */
export const reasonZh = (r: Rejection): string => {
  const zh = Object.hasOwn(codeZh, r.code) ? codeZh[r.code as keyof typeof codeZh] : undefined
  return zh === undefined ? r.reason : `${zh}：${r.reason}`
}

/** Rejections as JSON Lines. */
export const rejectsJsonl = (rejections: ReadonlyArray<Rejection>): string => rejections.map((r) => `${JSON.stringify(r)}\n`).join('')

/** A sheet's rejected rows, each after its 行号 and 原因, under the sheet's header. */
export const rejectsRows = (header: ReadonlyArray<string>, rejections: ReadonlyArray<Rejection>): ReadonlyArray<ReadonlyArray<string>> => [
  [...REJECTS_COLUMNS, ...header],
  ...rejections.map((r) => [String(r.line), reasonZh(r), ...(r.cells ?? [])]),
]

/** exceljs, loaded only for a workbook's rejects: a CSV's or a JSON Lines file's never pay for it. */
const excel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default

/** The name of a workbook's rejects sheet. */
const REJECTS_SHEET = '被拒绝的行'

const rejectsXlsx = async (header: ReadonlyArray<string>, rejections: ReadonlyArray<Rejection>): Promise<Uint8Array> => {
  const workbook = new (await excel()).Workbook()
  const sheet = workbook.addWorksheet(REJECTS_SHEET)
  sheet.addRows(rejectsRows(header, rejections).map((row) => [...row]))
  sheet.getRow(1).font = { bold: true }
  sheet.getColumn(2).width = 60
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** The rejects file of an input, in its format. */
export const rejectsContent = async (format: Format, header: ReadonlyArray<string>, rejections: ReadonlyArray<Rejection>): Promise<string | Uint8Array> => {
  switch (format) {
    case 'csv':
      return BOM + csvText(rejectsRows(header, rejections))
    case 'xlsx':
      return rejectsXlsx(header, rejections)
    case 'jsonl':
      return rejectsJsonl(rejections)
  }
}

const isRejectsJsonl = (text: string): boolean =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .every((line) => {
      const r = JSON.parse(line) as unknown
      return typeof r === 'object' && r !== null && ['file', 'line', 'code', 'reason'].every((key) => key in r)
    })

const isRejectsXlsx = async (bytes: Buffer): Promise<boolean> => {
  const workbook = new (await excel()).Workbook()
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  const [sheet] = workbook.worksheets
  const head = sheet?.getRow(1)
  return sheet?.name === REJECTS_SHEET && REJECTS_COLUMNS.every((name, i) => head?.getCell(i + 1).value === name)
}

/** A file of rejected lines as an earlier import wrote it, in any format: replaced as the import's own, without --force. */
export const isEarlierRejects = async (path: string): Promise<boolean> => {
  try {
    const bytes = await readFile(path)
    if (path.toLowerCase().endsWith('.xlsx')) return await isRejectsXlsx(bytes)
    const text = bytes.toString('utf8')
    return text.startsWith(`${BOM}${REJECTS_COLUMNS.join(',')},`) || isRejectsJsonl(text)
  } catch {
    return false
  }
}
