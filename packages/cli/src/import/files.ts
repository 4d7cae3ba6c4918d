import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { csvLines } from './csv.js'
import { jsonLines } from './jsonl.js'
import type { Line } from './line.js'

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : ''

const unreadable = (file: string, err: unknown): string => {
  switch (codeOf(err)) {
    case 'ENOENT':
      return `${file}: no such file`
    case 'EACCES':
    case 'EPERM':
      return `${file}: cannot be read (permission denied)`
    case 'EISDIR':
      return `${file}: is a directory, not a file of events`
    default:
      return `${file}: cannot be read (${err instanceof Error ? err.message : String(err)})`
  }
}

/**
 * Text from bytes: UTF-8 (with or without the BOM Excel writes), or else
 * GB18030, the encoding Excel and WPS use for "CSV" on a Chinese Windows.
 */
export const decodeText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

const readerOf = (file: string): ((file: string, text: string) => E.Either<string, ReadonlyArray<Line>>) | undefined => {
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return csvLines
    case '.jsonl':
    case '.ndjson':
      return (f, text) => E.right(jsonLines(f, text))
    default:
      return undefined
  }
}

/** Every line of a file of events; or, when the file cannot be used at all, why. Nothing is recorded from such a file. */
export const readEventFile = async (file: string): Promise<E.Either<string, ReadonlyArray<Line>>> => {
  const reader = readerOf(file)
  if (reader === undefined) return E.left(`${file}: unknown kind of file: expected .jsonl or .ndjson (JSON Lines) or .csv`)
  try {
    return reader(file, decodeText(await readFile(file)))
  } catch (err) {
    return E.left(unreadable(file, err))
  }
}
