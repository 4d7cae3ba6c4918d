import { dataCodec, eventTypes, exactNumber, MAX_DEPTH, toIssues } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { basename } from 'node:path'
import { parseCsv, type CsvRecord } from './csv-text.js'
import { MAX_CELL_CHARS } from './limits.js'
import { faultIn, type Line } from './line.js'

/*
 * CSV files of events, as a county clerk saves them from Excel or WPS: one
 * header line, one event per row. Envelope fields have their own columns,
 * the event's fields are `data.<field>` (nested ones dotted:
 * `data.recycler.name`). Cells are text; where the event's codec refuses a
 * text but takes its number or true/false, the number or boolean is used,
 * so a column is typed by the codec and never guessed ahead of it.
 */

const ENVELOPE = ['type', 'id', 'occurredAt', 'recordedBy', 'source.system', 'source.recordId', 'correlationId', 'causationId', 'expectedRevision'] as const
const REQUIRED = ['id', 'occurredAt', 'recordedBy', 'source.system', 'source.recordId'] as const
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

/** Why a cell is refused, in Chinese and in English. */
interface Said {
  readonly zh: string
  readonly en: string
}

/**
 * A cell's number or boolean, where it reads as one (true/false, TRUE/FALSE,
 * 是/否); a number only where it is exactly what the cell says, else why not:
 * 300.0000000000000001 would be recorded as 300, 1e400 as nothing at all.
 */
const typedCell = (s: string): E.Either<Said, number | boolean> | undefined => {
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

const cellFault = (column: string, why: Said): string => `列 ${column}：${why.zh} column ${column}: ${why.en}`

/** Give the codec numbers and booleans where it refuses the text of a cell; the cells that read as numbers no number holds exactly, each with why. */
const typedData = (type: string, data: Fields): ReadonlyArray<string> => {
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
    else faults.push(cellFault(`${DATA}${issue.path}`, typed.left))
  }
  return faults
}

/**
 * Business time as Excel writes it, taken in Asia/Shanghai when no offset
 * is given: 2025-03-01, 2025-03-01 09:30, 2025/3/1 9:30:15. A full ISO
 * date-time with its offset passes unchanged; an impossible date is left
 * for the codec to name.
 */
export const shanghaiInstant = (s: string): string => {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s)
  if (m === null) return s
  const two = (x: string | undefined): string => (x ?? '0').padStart(2, '0')
  return `${m[1]}-${two(m[2])}-${two(m[3])}T${two(m[4])}:${two(m[5])}:${two(m[6])}+08:00`
}

/** Does the event type have this (dotted) data field? Asks the codec, which names a field it does not know. */
const hasField = (type: string, field: string): boolean => {
  const codec = dataCodec(type)
  if (codec === undefined) return false
  const probe: Fields = {}
  setPath(probe, field.split('.'), '')
  const checked = codec.validate(probe, [])
  if (E.isRight(checked)) return true
  const parts = field.split('.')
  return !toIssues(checked.left).some((i) => parts.some((_, n) => i.path === parts.slice(0, n + 1).join('.')) && i.reason.startsWith('not a field'))
}

const typeOfFile = (file: string): string | undefined => {
  const stem = basename(file).split('.')[0] ?? ''
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

/** Why the header cannot be read as events, or undefined when it can. */
const headerProblem = (file: string, header: ReadonlyArray<string>, tooLong: number | undefined): string | undefined => {
  const seen = new Set<string>()
  for (const [i, name] of header.entries()) {
    if (i + 1 === tooLong) return `第 ${i + 1} 列的名称超过 ${MAX_CELL_CHARS} 个字符 column ${i + 1} has a name longer than ${MAX_CELL_CHARS} characters`
    if (name === '') return `column ${i + 1} has no name`
    if (seen.has(name)) return `column ${name} appears twice`
    seen.add(name)
    if (!name.startsWith(DATA) && !(ENVELOPE as ReadonlyArray<string>).includes(name))
      return `column ${name} is not a field of an event: expected ${ENVELOPE.join(', ')}, or data.<field> (see docs/cli.md)`
  }
  for (const name of REQUIRED) if (!seen.has(name)) return `column ${name} is missing (required: ${REQUIRED.join(', ')})`
  const fileType = typeOfFile(file)
  if (!seen.has('type') && fileType === undefined)
    return `there is no type column and the file name ${basename(file)} is not an event type: name the file after its event type (e.g. VehicleScrapped.csv) or add a type column`
  const data = header.filter((h) => h.startsWith(DATA))
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
      return `column ${name} is not a field of ${seen.has('type') ? 'any event type' : fileType}: check its spelling against docs/events.md`
  }
  return undefined
}

/** A row with no text in it, such as Excel leaves where a row was cleared: nothing to record, nothing to refuse. */
const isBlank = (cells: ReadonlyArray<string>): boolean => cells.every((c) => c.trim() === '')

/** The cells up to the last that holds text. */
const dropTrailingEmpty = (cells: ReadonlyArray<string>): ReadonlyArray<string> => {
  let end = cells.length
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--
  return cells.slice(0, end)
}

/** One row as the input of an event, or why it cannot be one. */
const rowInput = (header: ReadonlyArray<string>, fileType: string | undefined, row: CsvRecord): E.Either<string, unknown> => {
  const width = dropTrailingEmpty(row.cells).length
  if (width > header.length) return E.left(`the row has ${width} cells, the header has ${header.length}`)
  if (row.tooLong !== undefined) {
    const column = header[row.tooLong - 1] ?? String(row.tooLong)
    return E.left(cellFault(column, { zh: `超过 ${MAX_CELL_CHARS} 个字符，未读取`, en: `longer than ${MAX_CELL_CHARS} characters; it is not read` }))
  }
  const faults: string[] = []
  const input: Fields = {}
  header.forEach((name, i) => {
    const cell = (row.cells[i] ?? '').trim()
    if (cell === '') return
    const revision = name === 'expectedRevision' ? typedCell(cell) : undefined
    if (revision !== undefined && E.isLeft(revision)) faults.push(cellFault(name, revision.left))
    const value = name === 'occurredAt' ? shanghaiInstant(cell) : revision !== undefined && E.isRight(revision) ? revision.right : cell
    setPath(input, name.split('.'), value)
  })
  const type = typeof input['type'] === 'string' ? input['type'] : fileType
  if (type !== undefined) input['type'] = type
  const data = typeof input['data'] === 'object' && input['data'] !== null ? (input['data'] as Fields) : {}
  input['data'] = data
  if (type !== undefined) faults.push(...typedData(type, data))
  return faults.length > 0 ? E.left(faults.join('; ')) : E.right(input)
}

/**
 * The events of a CSV file, row by row; or, when the file as a whole cannot
 * be read as events (its header is wrong, a quote is never closed), why,
 * naming the line. Empty columns at the end of the header and rows with no
 * text in them are left out.
 */
export const csvLines = (file: string, text: string): E.Either<string, ReadonlyArray<Line>> => {
  const { records, fault } = parseCsv(text)
  if (fault !== undefined) return E.left(faultIn(file, fault))
  const [head, ...rows] = records
  if (head === undefined) return E.left(`${file}: is empty: expected a header line naming the columns (see docs/cli.md)`)
  // a name too long to keep is still a column, to be named as such
  const width = Math.max(dropTrailingEmpty(head.cells).length, head.tooLong ?? 0)
  const header = head.cells.slice(0, width).map((c) => c.trim())
  const problem = headerProblem(file, header, head.tooLong)
  if (problem !== undefined) return E.left(faultIn(file, { line: head.line, reason: problem }))
  const fileType = typeOfFile(file)
  return E.right(rows.flatMap((row): ReadonlyArray<Line> => (isBlank(row.cells) ? [] : [{ file, line: row.line, input: rowInput(header, fileType, row) }])))
}
