import { dataCodec, eventTypes, toIssues } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { basename } from 'node:path'
import { parseCsv } from './csv-text.js'
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

const setPath = (target: Fields, path: ReadonlyArray<string>, value: unknown): void => {
  const [head, ...rest] = path
  if (head === undefined) return
  if (rest.length === 0) {
    target[head] = value
    return
  }
  const next = target[head]
  const child: Fields = typeof next === 'object' && next !== null ? (next as Fields) : {}
  target[head] = child
  setPath(child, rest, value)
}

const getPath = (source: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Fields)[k] : undefined), source)

/** A cell's number or boolean, where it reads as one: 1234, 1,234, -5, 96.5, true/false, TRUE/FALSE, 是/否. */
const typedCell = (s: string): number | boolean | undefined => {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s)
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return Number(s.replaceAll(',', ''))
  if (/^(true|是)$/i.test(s)) return true
  if (/^(false|否)$/i.test(s)) return false
  return undefined
}

/** Give the codec numbers and booleans where it refuses the text of a cell. */
const typedData = (type: string, data: Fields): void => {
  const codec = dataCodec(type)
  if (codec === undefined) return
  const checked = codec.validate(data, [])
  if (E.isRight(checked)) return
  for (const issue of toIssues(checked.left)) {
    const path = issue.path.split('.')
    const cell = getPath(data, path)
    const typed = typeof cell === 'string' ? typedCell(cell) : undefined
    if (typed !== undefined) setPath(data, path, typed)
  }
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

/** Why the header cannot be read as events, or undefined when it can. */
const headerProblem = (file: string, header: ReadonlyArray<string>): string | undefined => {
  const seen = new Set<string>()
  for (const [i, name] of header.entries()) {
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
  const types = seen.has('type') ? eventTypes : [fileType as string]
  for (const name of header.filter((h) => h.startsWith(DATA))) {
    const field = name.slice(DATA.length)
    if (!types.some((t) => hasField(t, field)))
      return `column ${name} is not a field of ${seen.has('type') ? 'any event type' : fileType}: check its spelling against docs/events.md`
  }
  return undefined
}

/**
 * The events of a CSV file, row by row; or, when the file as a whole cannot
 * be read as events (its header is wrong, a quote is never closed), why,
 * naming the line.
 */
export const csvLines = (file: string, text: string): E.Either<string, ReadonlyArray<Line>> => {
  const { records, fault } = parseCsv(text)
  if (fault !== undefined) return E.left(faultIn(file, fault))
  const [head, ...rows] = records
  if (head === undefined) return E.left(`${file}: is empty: expected a header line naming the columns (see docs/cli.md)`)
  const header = head.cells.map((c) => c.trim())
  const problem = headerProblem(file, header)
  if (problem !== undefined) return E.left(faultIn(file, { line: head.line, reason: problem }))
  const fileType = typeOfFile(file)
  return E.right(
    rows.map((row): Line => {
      if (row.cells.length > header.length)
        return { file, line: row.line, input: E.left(`the row has ${row.cells.length} cells, the header has ${header.length}`) }
      const input: Fields = {}
      header.forEach((name, i) => {
        const cell = (row.cells[i] ?? '').trim()
        if (cell === '') return
        const value = name === 'occurredAt' ? shanghaiInstant(cell) : name === 'expectedRevision' ? (typedCell(cell) ?? cell) : cell
        setPath(input, name.split('.'), value)
      })
      const type = typeof input['type'] === 'string' ? input['type'] : fileType
      if (type !== undefined) input['type'] = type
      const data = typeof input['data'] === 'object' && input['data'] !== null ? (input['data'] as Fields) : {}
      input['data'] = data
      if (type !== undefined) typedData(type, data)
      return { file, line: row.line, input: E.right(input) }
    }),
  )
}
