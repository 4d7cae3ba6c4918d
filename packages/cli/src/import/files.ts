import type { Plan } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { pipe } from 'fp-ts/lib/function.js'
import { csvLines, type Sheet } from './csv.js'
import { jsonLines } from './jsonl.js'
import { faultIn, type Line } from './line.js'
import { csvText, type Encoding } from './text.js'

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : ''

const unreadable = (file: string, err: unknown): string => {
  switch (codeOf(err)) {
    case 'ENOENT':
      return `${file}: 文件不存在 / no such file`
    case 'EACCES':
    case 'EPERM':
      return `${file}: 无权读取 / cannot be read (permission denied)`
    case 'EISDIR':
      return `${file}: 是目录，不是事件文件 / is a directory, not a file of events`
    default:
      return `${file}: 无法读取 / cannot be read (${err instanceof Error ? err.message : String(err)})`
  }
}

/** The kinds of file events are read from: each file's rejects are written in its own. */
export type Format = 'jsonl' | 'csv' | 'xlsx'

/** The events of a file, the encoding its text was read in (none for a workbook), its kind and, for a sheet, its header as written. */
export interface EventFile {
  readonly encoding?: Encoding
  readonly lines: ReadonlyArray<Line>
  readonly format: Format
  readonly header?: ReadonlyArray<string>
}

type Reader = (file: string, plan: Plan, bytes: Uint8Array) => E.Either<string, EventFile> | Promise<E.Either<string, EventFile>>

const jsonLinesFile: Reader = (file, _plan, bytes) => E.right({ encoding: 'UTF-8', format: 'jsonl', lines: jsonLines(file, bytes) })

const csvFile: Reader = (file, plan, bytes) =>
  pipe(
    csvText(bytes),
    E.mapLeft((fault) => faultIn(file, fault)),
    E.flatMap(({ encoding, text }) =>
      pipe(
        csvLines(file, plan, text),
        E.map(({ header, lines }): EventFile => ({ encoding, format: 'csv', header, lines })),
      ),
    ),
  )

// the workbook reader (exceljs) is loaded only for a workbook: importing a CSV never pays for it
const xlsxFile: Reader = async (file, plan, bytes) =>
  E.map(({ header, lines }: Sheet): EventFile => ({ format: 'xlsx', header, lines }))(await (await import('./xlsx.js')).xlsxSheet(file, plan, bytes))

const readerOf = (file: string): Reader | undefined => {
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return csvFile
    case '.xlsx':
      return xlsxFile
    case '.jsonl':
    case '.ndjson':
      return jsonLinesFile
    default:
      return undefined
  }
}

/** Every line of a file of events (a CSV's names read by the plan's); or, when the file cannot be used at all, why. Nothing is recorded from such a file. */
export const readEventFile = async (file: string, plan: Plan): Promise<E.Either<string, EventFile>> => {
  const reader = readerOf(file)
  if (reader === undefined) return E.left(`${file}: 无法识别的文件类型，应为 .jsonl、.ndjson（JSON Lines）、.csv 或 .xlsx / unknown kind of file: expected .jsonl or .ndjson (JSON Lines), .csv or .xlsx`)
  const bytes: E.Either<string, Uint8Array> = await readFile(file).then(E.right, (err: unknown) => E.left(unreadable(file, err)))
  return E.isLeft(bytes) ? bytes : reader(file, plan, bytes.right)
}
