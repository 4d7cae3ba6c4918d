import { CsvError, parse } from 'csv-parse/sync'
import { MAX_CELL_CHARS } from './limits.js'
import type { LineFault } from './line.js'

/** One CSV record: its cells and the line of the file it starts on. */
export interface CsvRecord {
  readonly line: number
  readonly cells: ReadonlyArray<string>
  /** the 1-based column of the first cell longer than MAX_CELL_CHARS, whose text is not kept */
  readonly tooLong?: number
}

const LF = 0x0a
const CR = 0x0d

/**
 * The 1-based line at each UTF-8 byte offset of the text, asked in
 * increasing order: csv-parse says where a record ends in bytes, and its own
 * line count takes a CRLF inside quotes for two lines.
 */
const lineCounter = (bytes: Uint8Array): ((offset: number) => number) => {
  let at = 0
  let line = 1
  return (offset) => {
    for (; at < offset; at++) if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line++
    return line
  }
}

/** Where the next record starts: after the blank lines at the end of the last one. */
const skipBreaks = (bytes: Uint8Array, offset: number): number => {
  let at = offset
  while (bytes[at] === LF || bytes[at] === CR) at++
  return at
}

/** A record of these cells, a cell longer than MAX_CELL_CHARS marked and kept empty. */
export const recordOf = (line: number, cells: ReadonlyArray<string>): CsvRecord => {
  const long = cells.findIndex((c) => c.length > MAX_CELL_CHARS)
  return long === -1 ? { line, cells } : { line, cells: cells.map((c) => (c.length > MAX_CELL_CHARS ? '' : c)), tooLong: long + 1 }
}

/**
 * Split CSV text into records with csv-parse (RFC 4180: commas, double
 * quotes doubled inside quoted cells, quoted cells may hold line breaks;
 * CRLF, LF or CR; a quote inside an unquoted cell is a character of it, as
 * Excel reads it). Blank lines are skipped; rows may be ragged, which the
 * caller judges. An unterminated quote is a fault at the line where its
 * record starts. A cell longer than MAX_CELL_CHARS is marked on its record
 * and kept empty, so nothing after the split ever reads it.
 */
export const parseCsv = (text: string): { readonly records: ReadonlyArray<CsvRecord>; readonly fault?: LineFault } => {
  const bytes = Buffer.from(text, 'utf8')
  const lineAt = lineCounter(bytes)
  const records: CsvRecord[] = []
  let end = 0
  try {
    parse(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // each record is kept here, where its end in bytes is known, and none by csv-parse
      on_record: (cells: string[], info) => {
        records.push(recordOf(lineAt(skipBreaks(bytes, end)), cells))
        end = info.bytes
        return null
      },
    })
    return { records }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e
    const line = lineAt(skipBreaks(bytes, end))
    const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号未闭合（缺一个 "） / a quoted cell is never closed (a " is missing)' : e.message
    return { records, fault: { line, reason } }
  }
}
