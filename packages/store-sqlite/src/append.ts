import type { Database } from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import {
  checkSealed,
  concurrencyConflict,
  entryOf,
  idConflict,
  seal,
  type AppendError,
  type AppendRequest,
  type Entry,
  type IntegrityFailed,
  type SealedCommit,
} from '@policy-ledger/core'
import { packCommit } from './deltas.js'
import { headReader } from './read.js'

/**
 * An append is one `BEGIN IMMEDIATE` transaction: it takes the file's write
 * lock first, then checks expected revisions and ids, seals from the head it
 * reads under that lock, and writes. Another process waits for the lock
 * (up to busyTimeoutMs), so two writers never seal from the same head.
 */
export const appender = (
  db: Database,
): { readonly append: (request: AppendRequest) => E.Either<AppendError, ReadonlyArray<Entry>>; readonly appendSealed: (commit: SealedCommit) => E.Either<AppendError | IntegrityFailed, void> } => {
  // one query for all the streams a batch expects, however many: the list travels as a JSON array
  const revisionsOf = db
    .prepare<[string], [string, number]>('SELECT stream, max(revision) FROM entries WHERE stream IN (SELECT value FROM json_each(?)) GROUP BY stream')
    .raw()
  const taken = db.prepare<[string], string>('SELECT id FROM entries WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1').pluck()
  const insertEntry = db.prepare<[number, string, string, number, string, string]>(
    'INSERT INTO entries (position, id, stream, revision, hash, body) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const insertCommit = db.prepare<[number, number, number, Buffer, Buffer]>(
    'INSERT INTO commits (last_position, first_position, recorded_at, counts, deltas) VALUES (?, ?, ?, ?, ?)',
  )
  const head = headReader(db)

  /** Why a commit cannot land: a stream not at the revision expected, or an id held already. */
  const refusal = (expected: AppendRequest['expected'], ids: ReadonlyArray<string>): AppendError | undefined => {
    const actual = new Map(expected.length === 0 ? [] : revisionsOf.all(JSON.stringify(expected.map((x) => x.stream))))
    for (const { stream, revision } of expected) {
      const at = actual.get(stream) ?? 0
      if (at !== revision) return concurrencyConflict(stream, revision, at)
    }
    const held = taken.get(JSON.stringify(ids))
    return held === undefined ? undefined : idConflict(held)
  }

  const write = db.transaction(({ drafts, expected, now }: AppendRequest): E.Either<AppendError, ReadonlyArray<Entry>> => {
    const refused = refusal(expected, drafts.map((d) => d.entry.id))
    if (refused !== undefined) return E.left(refused)
    if (drafts.length === 0) return E.right([])
    const before = head()
    const sealed = seal(before, drafts.map((d) => d.entry), now)
    for (const e of sealed.entries) insertEntry.run(e.position, e.id, e.stream, e.revision, e.hash, e.body)
    const { counts, deltas } = packCommit(drafts.map((d) => d.deltas))
    insertCommit.run(sealed.head.position, before.position + 1, sealed.head.recordedAt, counts, deltas)
    return E.right(sealed.entries.map(entryOf))
  })

  // a commit sealed elsewhere (a copy of another log), kept exactly as it is once it is checked to extend this head
  const writeSealed = db.transaction(({ entries, deltas }: SealedCommit): E.Either<AppendError | IntegrityFailed, void> => {
    const before = head()
    const checked = checkSealed(before, entries, deltas.length)
    if (E.isLeft(checked)) return checked
    const refused = refusal(checked.right.expected, entries.map((e) => e.id))
    if (refused !== undefined) return E.left(refused)
    entries.forEach((e, i) => insertEntry.run(e.position, e.id, e.stream, e.revision, e.hash, checked.right.bodies[i] as string))
    const packed = packCommit(deltas)
    insertCommit.run(checked.right.head.position, before.position + 1, checked.right.head.recordedAt, packed.counts, packed.deltas)
    return E.right(undefined)
  })
  return { append: (request) => write.immediate(request), appendSealed: (commit) => writeSealed.immediate(commit) }
}
