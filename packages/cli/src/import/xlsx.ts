import type { Plan, Wording } from '@policy-ledger/core'
import ExcelJS from 'exceljs'
import * as E from 'fp-ts/lib/Either.js'
import { recordOf } from './csv-text.js'
import { sheetLines, type Refused, type Sheet, type SheetRecord } from './csv.js'

/*
 * XLSX workbooks as clerks fill them in Excel or WPS: the first visible
 * worksheet is read like a CSV (header row, the same Chinese or English
 * names); the other sheets are not read. Each cell becomes the text a CSV
 * would hold: a date cell its date (and time), a number its digits where
 * they are exactly the number, a formula its cached result. A cell no text
 * stands for exactly, a cell inside merged cells, and text in a hidden
 * column refuse their row, naming row and column: each is something the
 * clerk did not see as the import would read it.
 */

const two = (n: number): string => String(n).padStart(2, '0')

/** A date cell's wall-clock date and time, as Excel holds it (no zone: exceljs gives it as UTC). */
const dateText = (d: Date): string => {
  const day = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`
  const [h, m, s] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${two(h)}:${two(m)}:${two(s)}`
}

/** Why a cell has no text a CSV would hold, and what it shows, for the rejects workbook. */
interface Unread {
  readonly why: Wording
  readonly shown: string
}

/** A number as the digits it exactly is: a whole number up to 2^53, or a fraction JavaScript writes without an exponent. */
const numberText = (n: number): E.Either<Unread, string> =>
  Number.isSafeInteger(n) || (Number.isFinite(n) && !Number.isInteger(n) && !/e/i.test(String(n)))
    ? E.right(String(n))
    : E.left({
        why: {
          zh: `数字 ${n} 超出可精确读取的范围（Excel 只保留 15 位有效数字，长编号请设为文本格式后重新录入）`,
          en: `the number ${n} cannot be read exactly (Excel keeps 15 significant digits: format a long id as text and enter it again)`,
        },
        shown: String(n),
      })

type Value = ExcelJS.CellValue

/** The text of a cell's value, or why it has none a CSV would hold. */
const valueText = (value: Value): E.Either<Unread, string> => {
  if (value === null || value === undefined) return E.right('')
  if (typeof value === 'string') return E.right(value)
  if (typeof value === 'number') return numberText(value)
  if (typeof value === 'boolean') return E.right(value ? 'true' : 'false')
  if (value instanceof Date) return E.right(dateText(value))
  if ('error' in value) return E.left({ why: { zh: `单元格是错误值 ${value.error}`, en: `the cell is the error ${value.error}` }, shown: value.error })
  if ('richText' in value) return E.right(value.richText.map((r) => r.text).join(''))
  if ('hyperlink' in value) return E.right(value.text)
  if (value.result === undefined)
    return E.left({ why: { zh: '公式没有保存计算结果，请在 Excel 中重新计算并保存', en: 'the formula has no saved result: recalculate and save it in Excel' }, shown: `=${value.formula ?? ''}` })
  return valueText(value.result)
}

/** Why a cell refuses its row before its text is read: it is inside merged cells, or it is in a hidden column and holds text. */
const cellProblem = (cell: ExcelJS.Cell, text: string): Wording | undefined => {
  if (cell.isMerged && cell.master.address !== cell.address)
    return { zh: `是合并单元格（${cell.master.address}）的一部分，请取消合并并在每一格填写`, en: `is part of merged cells (${cell.master.address}): unmerge them and fill in each cell` }
  if (cell.worksheet.getColumn(cell.col).hidden && text !== '')
    return { zh: '在隐藏列中且有内容，请取消隐藏并核对', en: 'is in a hidden column and holds text: unhide it and check it' }
  return undefined
}

/** A worksheet's rows as records: each cell's text, and the cells refused with why. */
const sheetRecords = (sheet: ExcelJS.Worksheet): ReadonlyArray<SheetRecord> => {
  const records: SheetRecord[] = []
  sheet.eachRow((row, line) => {
    const refused: Refused[] = []
    const cells = Array.from({ length: sheet.columnCount }, (_, i): string => {
      const cell = row.getCell(i + 1)
      const text = valueText(cell.value)
      const problem = E.isLeft(text) ? text.left.why : cellProblem(cell, text.right)
      if (problem !== undefined) refused.push({ column: i, why: problem })
      // a refused cell's row is not read: its text is what the rejects workbook shows
      return E.isRight(text) ? text.right : text.left.shown
    })
    records.push({ ...recordOf(line, cells), ...(refused.length === 0 ? {} : { refused }) })
  })
  return records
}

/** An XLSX file that cannot be read at all, and why: it is refused before anything is recorded. */
const unreadable = (file: string, err: unknown): string =>
  `${file}: 无法作为 XLSX 工作簿读取（${err instanceof Error ? err.message : String(err)}） / cannot be read as an XLSX workbook`

/** The events of an XLSX file's first visible worksheet (see `sheetLines`), its name; or why the file cannot be read as events. */
export const xlsxSheet = async (file: string, plan: Plan, bytes: Uint8Array): Promise<E.Either<string, Sheet & { readonly name: string }>> => {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  } catch (err) {
    return E.left(unreadable(file, err))
  }
  const sheet = workbook.worksheets.find((w) => w.state === 'visible')
  if (sheet === undefined) return E.left(`${file}: 没有可见的工作表 / has no visible worksheet`)
  return E.map((s: Sheet) => ({ ...s, name: sheet.name }))(sheetLines(file, plan, sheetRecords(sheet), sheet.name))
}
