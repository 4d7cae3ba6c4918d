import { calendar, codeKindOf, Count, dataCodec, enumValuesOf, eventTypes, exactNumber, Fen, MAX_DEPTH, PositiveCount, toIssues, wordingOf, Year, type Plan, type Wording } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { basename } from 'node:path'
import { parseCsv, type CsvRecord } from './csv-text.js'
import { MAX_CELL_CHARS } from './limits.js'
import { sourceId } from './ids.js'
import { faultIn, type Line } from './line.js'
import { columnOf, fieldCodec, planNames, REJECTS_COLUMNS, typeOf, VALUE_ZH, zhOfColumn, type Codec, type PlanNames } from './names.js'

/*
 * Sheets of events, as a county clerk saves them from Excel or WPS: a CSV,
 * or an XLSX worksheet read into the same rows (xlsx.ts). One header line,
 * one event per row. Envelope fields have their own columns,
 * the event's fields are `data.<field>` (nested ones dotted:
 * `data.recycler.name`); a column may be named in Chinese instead
 * (names.ts), and a cell may give a town, unit, sector, event type or word
 * of an enumeration by its Chinese name. Cells are text; where the event's
 * codec refuses a text but takes its number or true/false, the number or
 * boolean is used, so a column is typed by the codec and never guessed
 * ahead of it.
 */

const ENVELOPE = ['type', 'id', 'occurredAt', 'recordedBy', 'source.system', 'source.recordId', 'correlationId', 'causationId', 'expectedRevision'] as const
// no `id`: a row without one is the event of its source record (ids.ts)
const REQUIRED = ['occurredAt', 'recordedBy', 'source.system', 'source.recordId'] as const
const DATA = 'data.'

type Fields = Record<string, unknown>

/** Set a value at a path, each key an own property of plain data (never a prototype, whatever the key is called). */
const setPath = (target: Fields, path: ReadonlyArray<string>, value: unknown): void => {
  const [head, ...rest] = path
  if (head === undefined) return
  const next = Object.hasOwn(target, head) ? target[head] : undefined
  const child: Fields = typeof next === 'object' && next !== null ? (next as Fields) : {}
  Object.defineProperty(target, head, { value: rest.length === 0 ? value : child, enumerable: true, writable: true, configurable: true })
  setPath(child, rest, value)
}

const getPath = (source: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null && Object.hasOwn(o, k) ? (o as Fields)[k] : undefined), source)

/** A cell that reads as a number, with its thousands commas dropped: 1234, 1,234, -5, 96.5, 1.23E+15 (as Excel writes large numbers). */
const numberText = (s: string): string | undefined =>
  /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? s : /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replaceAll(',', '') : undefined

/**
 * A cell's number or boolean, where it reads as one (true/false, TRUE/FALSE,
 * 是/否); a number only where it is exactly what the cell says, else why not:
 * 300.0000000000000001 would be recorded as 300, 1e400 as nothing at all.
 */
const typedCell = (s: string): E.Either<Wording, number | boolean> | undefined => {
  const digits = numberText(s)
  if (digits !== undefined) {
    const n = exactNumber(digits)
    const becomes = Number(digits)
    return n === undefined ? E.left({ zh: `${s} 无法精确保存为数字（会变成 ${becomes}）`, en: `${s} cannot be held exactly as a number (it would become ${becomes})` }) : E.right(n)
  }
  if (/^(true|是)$/i.test(s)) return E.right(true)
  if (/^(false|否)$/i.test(s)) return E.right(false)
  return undefined
}

/** Where a cell stands: its row (the line it starts on) and its column as the header names it. */
interface At {
  readonly row: number
  readonly column: string
}

const cellFault = (at: At, why: Wording): string => `第 ${at.row} 行 列 ${at.column}：${why.zh} / row ${at.row}, column ${at.column}: ${why.en}`

/** Give the codec numbers and booleans where it refuses the text of a cell; the cells that read as numbers no number holds exactly, each with why. */
const typedData = (type: string, data: Fields, at: (column: string) => At): ReadonlyArray<string> => {
  const codec = dataCodec(type)
  if (codec === undefined) return []
  const checked = codec.validate(data, [])
  if (E.isRight(checked)) return []
  const faults: string[] = []
  for (const issue of toIssues(checked.left)) {
    const path = issue.path.split('.')
    const cell = getPath(data, path)
    const typed = typeof cell === 'string' ? typedCell(cell) : undefined
    if (typed === undefined) continue
    if (E.isRight(typed)) setPath(data, path, typed.right)
    else faults.push(cellFault(at(`${DATA}${issue.path}`), typed.left))
  }
  return faults
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/

/**
 * Business time as a clerk writes it, taken in Asia/Shanghai when no offset
 * is given: a date in any form `readDate` takes (2025-03-01, 2025/3/1,
 * 2025.3.1, 2025年3月1日), with or without a time after it (9:30,
 * 09:30:15). A full ISO date-time with its offset passes unchanged, for the
 * codec to check.
 */
export const shanghaiInstant = (s: string): E.Either<Wording, string> => {
  if (ISO_WITH_OFFSET.test(s)) return E.right(s)
  const m = /^(\S+?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s)
  const day = calendar.readDate(m?.[1] ?? s)
  if (E.isLeft(day)) return E.left(wordingOf(day.left))
  const two = (x: string | undefined): string => (x ?? '0').padStart(2, '0')
  return E.right(`${calendar.dayToIso(day.right)}T${two(m?.[2])}:${two(m?.[3])}:${two(m?.[4])}+08:00`)
}

/** 2.02503E+11: what Excel shows, and saves, of a long number it took for a number; the digits after the sixth are gone. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?[eE][+-]?\d+$/

const scientific = (cell: string): Wording => ({
  zh: `${cell} 是科学计数法，长数字已被 Excel 截断；请将该列设为文本格式后重新录入原号码`,
  en: `${cell} is in scientific notation: Excel cut the long number short; format the column as text and enter the number again`,
})

/** The codecs that take numbers: where a cell in scientific notation is a number, not a code Excel cut short. */
const NUMERIC: ReadonlySet<unknown> = new Set([Fen, Count, PositiveCount, Year])

/** A data cell as its field takes it: a word of its enumeration or a plan's town, unit or sector by its Chinese name, else as written. */
const dataCell = (codec: Codec | undefined, names: PlanNames, cell: string): E.Either<Wording, string> => {
  if (codec === undefined) return E.right(cell)
  const words = enumValuesOf(codec)
  if (words !== undefined) return E.right(words.find((w) => VALUE_ZH[w] === cell) ?? cell)
  const kind = codeKindOf(codec)
  if (kind !== undefined) return E.right(names[kind].get(cell) ?? cell)
  return !NUMERIC.has(codec) && SCIENTIFIC.test(cell) ? E.left(scientific(cell)) : E.right(cell)
}

/** Does the event type have this (dotted) data field? Its fields, through nested structs, say (`fieldCodec`). */
const hasField = (type: string, field: string): boolean => fieldCodec(type, field) !== undefined

/** The event type a file (or a worksheet) is named after, by its name or its Chinese title (VehicleScrapped.csv, 报废汽车规范回收拆解.xlsx). */
const typeOfName = (name: string): string | undefined => {
  const stem = typeOf(name.split('.')[0] ?? '')
  return eventTypes.includes(stem) ? stem : undefined
}

/** Names that are never a field: on a path they would reach an object's prototype instead of its data. */
const NOT_FIELDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Why a `data.` column's dotted path cannot name a field, or undefined when it may. */
const pathProblem = (name: string): string | undefined => {
  const parts = name.split('.')
  if (parts.some((p) => p === '')) return `列 ${name} 的路径有空的部分 column ${name} has an empty part in its path`
  const bad = parts.find((p) => NOT_FIELDS.has(p))
  if (bad !== undefined) return `列 ${name} 的路径含有 ${bad}，它不能是字段名 column ${name}: ${bad} cannot be the name of a field`
  if (parts.length > MAX_DEPTH) return `列 ${name} 嵌套超过 ${MAX_DEPTH} 层 column ${name} is nested more than ${MAX_DEPTH} levels deep`
  return undefined
}

/** Why the header cannot be read as events, or undefined when it can. `written` are its cells, `columns` the English columns they name. */
const headerProblem = (written: ReadonlyArray<string>, columns: ReadonlyArray<string>, tooLong: number | undefined): string | undefined => {
  const seen = new Map<string, string>()
  for (const [i, name] of columns.entries()) {
    const as = written[i] ?? name
    if (i + 1 === tooLong) return `第 ${i + 1} 列的名称超过 ${MAX_CELL_CHARS} 个字符 / column ${i + 1} has a name longer than ${MAX_CELL_CHARS} characters`
    if (name === '') return `第 ${i + 1} 列没有名称 / column ${i + 1} has no name`
    const before = seen.get(name)
    if (before !== undefined) return before === as ? `列 ${as} 出现两次 / column ${as} appears twice` : `列 ${before} 与列 ${as} 是同一列 / columns ${before} and ${as} are the same column (${name})`
    seen.set(name, as)
    if (!name.startsWith(DATA) && !(ENVELOPE as ReadonlyArray<string>).includes(name))
      return `列 ${as} 不是事件的字段 / column ${as} is not a field of an event: expected ${ENVELOPE.join(', ')}, or data.<field>, or their Chinese names (see docs/cli.md)`
  }
  for (const name of REQUIRED) if (!seen.has(name)) return `缺少列 ${zhOfColumn(name) ?? name} / column ${name} is missing (required: ${REQUIRED.join(', ')})`
  return undefined
}

/** Why the columns cannot be read as events of the file's type, or undefined when they can. */
const fieldsProblem = (file: string, fileType: string | undefined, columns: ReadonlyArray<string>): string | undefined => {
  const seen = new Set(columns)
  if (!seen.has('type') && fileType === undefined)
    return `没有事件类型列，文件名（或工作表名）也不是事件类型 / there is no type column and the file name ${basename(file)} is not an event type: name the file after its event type (e.g. VehicleScrapped.csv) or add a type column`
  const data = columns.filter((h) => h.startsWith(DATA))
  for (const name of data) {
    const problem = pathProblem(name)
    if (problem !== undefined) return problem
    const inside = data.find((other) => other.startsWith(`${name}.`))
    if (inside !== undefined) return `列 ${inside} 在列 ${name} 之内，${name} 不能同时是一个值 column ${inside} is a field inside column ${name}, which cannot also be a value`
  }
  const types = seen.has('type') ? eventTypes : [fileType as string]
  for (const name of data) {
    const field = name.slice(DATA.length)
    if (!types.some((t) => hasField(t, field)))
      return `列 ${name} 不是${seen.has('type') ? '任何事件类型' : fileType}的字段，请对照 docs/events.md 检查拼写 / column ${name} is not a field of ${seen.has('type') ? 'any event type' : fileType}: check its spelling against docs/events.md`
  }
  return undefined
}

/** The cells up to the last that holds text. */
const dropTrailingEmpty = (cells: ReadonlyArray<string>): ReadonlyArray<string> => {
  let end = cells.length
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--
  return cells.slice(0, end)
}

/** A row with no text in it, such as Excel leaves where a row was cleared: nothing to record, nothing to refuse. */
const isBlank = (cells: ReadonlyArray<string>): boolean => dropTrailingEmpty(cells).length === 0

/** A cell a sheet's reader refused before its text is read (an XLSX cell inside merged cells), by its 0-based column. */
export interface Refused {
  readonly column: number
  readonly why: Wording
}

/** A row of a sheet: a CSV's record, or an XLSX row with the cells its reader refused. */
export interface SheetRecord extends CsvRecord {
  readonly refused?: ReadonlyArray<Refused>
}

/** A sheet's header: its cells as written and how many, the English columns they name (a rejects file's own columns left out), and where each stands in a row. */
interface Header {
  readonly width: number
  readonly written: ReadonlyArray<string>
  readonly columns: ReadonlyArray<string>
  readonly at: ReadonlyArray<number>
}

/** A column as a message names it: as the header has it, and the English column where that is another name. */
const columnName = (header: Header, i: number): string => {
  const [written, column] = [header.written[i] ?? String(i + 1), header.columns[i] ?? '']
  return written === column || column === '' ? written : `${written}（${column}）`
}

/** Fields of the envelope that are text: a number in scientific notation there is an id Excel cut short. */
const ENVELOPE_TEXT: ReadonlySet<string> = new Set(['id', 'source.system', 'source.recordId', 'correlationId', 'causationId'])

/** One row as the input of an event, or why it cannot be one. */
const rowInput = (header: Header, fileType: string | undefined, names: PlanNames, row: SheetRecord): E.Either<string, unknown> => {
  const { columns } = header
  const width = dropTrailingEmpty(row.cells).length
  if (width > header.width) return E.left(`第 ${row.line} 行有 ${width} 格，表头只有 ${header.width} 列 / the row has ${width} cells, the header has ${header.width}`)
  const at = (i: number): At => ({ row: row.line, column: columnName(header, i) })
  const atColumn = (column: string): At => ({ row: row.line, column: columns.includes(column) ? columnName(header, columns.indexOf(column)) : column })
  const refused = (row.refused ?? []).map(({ column, why }) =>
    cellFault(header.at.includes(column) ? at(header.at.indexOf(column)) : { row: row.line, column: `第 ${column + 1} 列` }, why),
  )
  if (refused.length > 0) return E.left(refused.join('; '))
  const tooLong = row.tooLong === undefined ? -1 : header.at.indexOf(row.tooLong - 1)
  if (tooLong !== -1) return E.left(cellFault(at(tooLong), { zh: `超过 ${MAX_CELL_CHARS} 个字符，未读取`, en: `longer than ${MAX_CELL_CHARS} characters; it is not read` }))
  const cells = header.at.map((j) => (row.cells[j] ?? '').trim())
  const typeCell = cells[columns.indexOf('type')]
  const type = typeCell === undefined || typeCell === '' ? fileType : typeOf(typeCell)
  const faults: string[] = []
  const input: Fields = {}
  columns.forEach((name, i) => {
    const cell = cells[i] ?? ''
    if (cell === '' || name === 'type') return
    const value = cellValue(name, type, names, cell)
    if (E.isLeft(value)) faults.push(cellFault(at(i), value.left))
    else setPath(input, name.split('.'), value.right)
  })
  if (type !== undefined) input['type'] = type
  const source = getPath(input, ['source'])
  const [system, recordId] = [getPath(source, ['system']), getPath(source, ['recordId'])]
  if (input['id'] === undefined && typeof system === 'string' && typeof recordId === 'string') input['id'] = sourceId(system, recordId)
  const data = typeof input['data'] === 'object' && input['data'] !== null ? (input['data'] as Fields) : {}
  input['data'] = data
  if (type !== undefined) faults.push(...typedData(type, data, atColumn))
  return faults.length > 0 ? E.left(faults.join('; ')) : E.right(input)
}

/** A cell's value in its column, or why it has none. */
const cellValue = (column: string, type: string | undefined, names: PlanNames, cell: string): E.Either<Wording, unknown> => {
  if (column === 'occurredAt') return shanghaiInstant(cell)
  if (column === 'recordedBy') return E.right(names.unit.get(cell) ?? cell)
  if (column === 'expectedRevision') return typedCell(cell) ?? E.right(cell)
  if (column.startsWith(DATA)) return dataCell(type === undefined ? undefined : fieldCodec(type, column.slice(DATA.length)), names, cell)
  return ENVELOPE_TEXT.has(column) && SCIENTIFIC.test(cell) ? E.left(scientific(cell)) : E.right(cell)
}

/** A row under the header that names each column again in English, as a template's second row does: not an event. */
const namesColumns = (header: Header, row: CsvRecord): boolean =>
  header.columns.every((column, i) => {
    const cell = (row.cells[header.at[i] ?? i] ?? '').trim()
    return cell === '' || cell === column
  })

/** The events of a sheet, and its header as written: what a rejects file in the sheet's own format is headed by. */
export interface Sheet {
  readonly header: ReadonlyArray<string>
  readonly lines: ReadonlyArray<Line>
}

/**
 * The events of a sheet (a CSV's records, an XLSX worksheet's rows), row
 * by row, its event type from a `type` column, else the file's name, else
 * the worksheet's; or, when the sheet as a whole cannot be read as events
 * (its header is wrong), why, naming the line. Empty columns at the end of the
 * header, a rejects file's 行号 and 原因 (so that a rejects file mended is
 * imported as it is), a row that names the columns again in English under
 * the header, and rows with no text in them are left out.
 */
export const sheetLines = (file: string, plan: Plan, records: ReadonlyArray<SheetRecord>, sheetName?: string): E.Either<string, Sheet> => {
  const [head, ...rest] = records
  if (head === undefined) return E.left(`${file}: 是空的，应有一行表头列出各列 / is empty: expected a header line naming the columns (see docs/cli.md)`)
  // a name too long to keep is still a column, to be named as such
  const width = Math.max(dropTrailingEmpty(head.cells).length, head.tooLong ?? 0)
  const cells = head.cells.slice(0, width).map((c) => c.trim())
  const at = cells.flatMap((c, i) => (REJECTS_COLUMNS.includes(c) ? [] : [i]))
  const written = at.map((i) => cells[i] ?? '')
  const header: Header = { width, written, columns: written.map(columnOf), at }
  const tooLong = head.tooLong === undefined ? undefined : at.indexOf(head.tooLong - 1) + 1
  const fileType = typeOfName(basename(file)) ?? (sheetName === undefined ? undefined : typeOfName(sheetName))
  const problem = headerProblem(header.written, header.columns, tooLong) ?? fieldsProblem(file, fileType, header.columns)
  if (problem !== undefined) return E.left(faultIn(file, { line: head.line, reason: problem }))
  const rows = rest[0] !== undefined && namesColumns(header, rest[0]) ? rest.slice(1) : rest
  const names = planNames(plan)
  const lines = rows.flatMap((row): ReadonlyArray<Line> => (isBlank(row.cells) ? [] : [{ file, line: row.line, input: rowInput(header, fileType, names, row), cells: [...at.map((i) => row.cells[i] ?? ''), ...row.cells.slice(width)] }]))
  return E.right({ header: written, lines })
}

/** The events of a CSV file (see `sheetLines`); or why it cannot be read as events, naming the line (a quote never closed, a wrong header). */
export const csvLines = (file: string, plan: Plan, text: string): E.Either<string, Sheet> => {
  const { records, fault } = parseCsv(text)
  return fault !== undefined ? E.left(faultIn(file, fault)) : sheetLines(file, plan, records)
}
