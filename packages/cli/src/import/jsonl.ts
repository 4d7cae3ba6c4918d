import { readStrictJson, upcast, type Entry, type JsonFault, type RecordInput } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { jsonFaultReason } from '../read.js'
import { EVENT_JSON } from './limits.js'
import type { Line } from './line.js'
import { utf8Lines } from './text.js'

/** An entry as `export --format ndjson` writes it: the ledger's own fields are there beside the caller's. */
const isEntry = (u: unknown): u is Entry =>
  typeof u === 'object' && u !== null && 'hash' in u && 'position' in u && 'recordedAt' in u && 'version' in u && 'data' in u

/**
 * An exported entry recorded again: what its caller stated, with the data
 * brought to the current schema. Position, recordedAt and the hashes are
 * the new ledger's to assign.
 */
export const inputOfEntry = (stored: Entry): E.Either<string, RecordInput> =>
  pipe(
    upcast(stored),
    E.map(
      (e) =>
        ({
          id: e.id,
          type: e.type,
          occurredAt: e.occurredAt,
          recordedBy: e.recordedBy,
          source: e.source,
          ...(e.correlationId === null ? {} : { correlationId: e.correlationId }),
          ...(e.causationId === null ? {} : { causationId: e.causationId }),
          data: e.data,
        }) as RecordInput,
    ),
  )

const faultReason = (line: number, f: JsonFault): string => jsonFaultReason(f, `第 ${line} 行`, `line ${line}`)

/** An exported entry whose data is of an old schema version that cannot be brought up: said as such, not as bad JSON. */
const upcastReason = (line: number, why: string): string => `第 ${line} 行 line ${line}: ${why}`

const parsed = (line: number, text: string): E.Either<string, unknown> =>
  pipe(
    readStrictJson(text, EVENT_JSON),
    E.mapLeft((f) => faultReason(line, f)),
    E.flatMap((u) => (isEntry(u) ? pipe(inputOfEntry(u), E.mapLeft((why) => upcastReason(line, why))) : E.right(u))),
  )

/**
 * The events of a JSON Lines file: one `RecordInput` (or one exported entry)
 * per line; blank lines are skipped. Lines end at LF only (a CR before it
 * dropped): a lone CR, U+2028 or U+2029 is part of its line, as JSON Lines
 * has it, where JSON takes it only inside a string. A line that is not
 * UTF-8, or too long, is refused on its own before it is read; one that is
 * not strict JSON (a key twice, too deep, a number that would be rounded)
 * is refused with the column and path.
 */
export const jsonLines = (file: string, bytes: Uint8Array): ReadonlyArray<Line> =>
  utf8Lines(bytes).flatMap(({ line, text }): ReadonlyArray<Line> => {
    if (E.isLeft(text)) return [{ file, line, input: E.left(text.left.reason), text: text.left.shown }]
    if (text.right.trim() === '') return []
    const input = parsed(line, text.right)
    return [E.isLeft(input) ? { file, line, input, text: text.right } : { file, line, input }]
  })
