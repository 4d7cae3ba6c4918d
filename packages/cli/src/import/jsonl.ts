import { upcast, type Entry, type RecordInput } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
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
export const inputOfEntry = (stored: Entry): RecordInput => {
  const e = upcast(stored)
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedBy: e.recordedBy,
    source: e.source,
    ...(e.correlationId === null ? {} : { correlationId: e.correlationId }),
    ...(e.causationId === null ? {} : { causationId: e.causationId }),
    data: e.data,
  } as RecordInput
}

const parsed = (text: string): E.Either<string, unknown> => {
  try {
    const u: unknown = JSON.parse(text)
    return E.right(isEntry(u) ? inputOfEntry(u) : u)
  } catch (err) {
    return E.left(`not valid JSON (${err instanceof Error ? err.message : String(err)})`)
  }
}

/**
 * The events of a JSON Lines file: one `RecordInput` (or one exported entry)
 * per line; blank lines are skipped. A line that is not UTF-8 is refused on
 * its own, before it is read as JSON.
 */
export const jsonLines = (file: string, bytes: Uint8Array): ReadonlyArray<Line> =>
  utf8Lines(bytes).flatMap(({ line, text }): ReadonlyArray<Line> => {
    if (E.isLeft(text)) return [{ file, line, input: E.left(text.left.reason), text: text.left.shown }]
    if (text.right.trim() === '') return []
    const input = parsed(text.right)
    return [E.isLeft(input) ? { file, line, input, text: text.right } : { file, line, input }]
  })
