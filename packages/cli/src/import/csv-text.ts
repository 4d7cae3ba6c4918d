import { MAX_CELL_CHARS } from './limits.js'
import type { LineFault } from './line.js'

/** One CSV record: its cells and the line of the file it starts on. */
export interface CsvRecord {
  readonly line: number
  readonly cells: ReadonlyArray<string>
  /** the 1-based column of the first cell longer than MAX_CELL_CHARS, whose text is not kept */
  readonly tooLong?: number
}

/**
 * Split CSV text into records (RFC 4180: commas, double quotes doubled
 * inside quoted cells, quoted cells may hold line breaks; CRLF or LF).
 * Blank lines are skipped. An unterminated quote is a fault at the line
 * where its record starts, and ends the text. A cell longer than
 * MAX_CELL_CHARS is marked on its record and kept empty, so nothing after
 * the split ever reads it.
 */
export const parseCsv = (text: string): { readonly records: ReadonlyArray<CsvRecord>; readonly fault?: LineFault } => {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let tooLong: number | undefined
  let cell = ''
  let line = 1
  let start = 1
  let quoted = false
  let i = 0
  const endCell = (): void => {
    if (cell.length > MAX_CELL_CHARS) tooLong ??= cells.length + 1
    cells.push(cell.length > MAX_CELL_CHARS ? '' : cell)
    cell = ''
  }
  const endRecord = (): void => {
    endCell()
    if (tooLong !== undefined) records.push({ line: start, cells, tooLong })
    else if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells })
    cells = []
    tooLong = undefined
  }
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i += 2
        continue
      }
      if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
      i++
      continue
    }
    if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') endCell()
    else if (ch === '\n' || ch === '\r') {
      endRecord()
      if (ch === '\r' && text[i + 1] === '\n') i++
      line++
      start = line
    } else cell += ch
    i++
  }
  if (quoted) return { records, fault: { line: start, reason: 'a quoted cell is never closed (a " is missing)' } }
  if (cell !== '' || cells.length > 0) endRecord()
  return { records }
}
