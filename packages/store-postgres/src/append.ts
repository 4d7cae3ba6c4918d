import {
  checkSealed,
  concurrencyConflict,
  EMPTY_HEAD,
  idConflict,
  integrityFailed,
  said,
  seal,
  type AppendError,
  type AppendRequest,
  type Entry,
  type EventStore,
  type Head,
  type IntegrityFailed,
} from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type pg from 'pg'
import { query, transaction, type Db } from './db.js'
import { notALedger } from './failures.js'
import { headOf, type HeadRow } from './read.js'

const HEAD_MISSING = said({ zh: '其链头行缺失', en: 'its head row is missing' })

/** What the schema's `append` function answers (see migrations.ts). */
interface Outcome {
  readonly outcome: 'appended' | 'moved' | 'conflict' | 'id-held' | 'no-head'
  readonly conflict_stream: string | null
  readonly conflict_expected: number | null
  readonly conflict_actual: number | null
  readonly held_id: string | null
  readonly head_position: string | null
  readonly head_hash: string | null
  readonly head_recorded_at: string | null
}

interface Appended {
  readonly entries: ReadonlyArray<Entry>
  readonly head: Head
}

/** An attempt's answer; a moved head means nothing was written, and says where the head is now. */
type Attempt = E.Either<AppendError, Appended> | { readonly moved: Head }

/** One commit's deltas end to end, and how many numbers each entry has. */
const packCommit = (perEntry: ReadonlyArray<Float64Array>): { readonly counts: number[]; readonly deltas: Buffer } => {
  const counts = perEntry.map((d) => d.length)
  const deltas = Buffer.allocUnsafe(counts.reduce((sum, n) => sum + n, 0) * 8)
  let at = 0
  for (const d of perEntry) at += Buffer.from(d.buffer, d.byteOffset, d.byteLength).copy(deltas, at)
  return { counts, deltas }
}

const repeatedId = (ids: ReadonlyArray<string>): string | undefined => {
  const seen = new Set<string>()
  return ids.find((id) => seen.size === seen.add(id).size)
}

/** A commit ready for the schema's append function: sealed, from a head it must still find there. */
interface Commit {
  readonly from: Head
  /** its recordedAt, epoch ms */
  readonly at: number
  readonly expected: AppendRequest['expected']
  readonly entries: ReadonlyArray<Entry & { readonly body: string }>
  readonly deltas: ReadonlyArray<Float64Array>
}

/** Hand a sealed commit to the schema's append function, on whatever connection runs it. */
const send = async (db: Db, run: pg.Pool | pg.PoolClient, commit: Commit): Promise<Attempt> => {
  const { from, at, expected, entries } = commit
  const { counts, deltas } = packCommit(commit.deltas)
  const { rows } = await run.query<Outcome>({
    // prepared once per connection
    name: `policy-ledger/${db.schema.name}/append`,
    text: `SELECT outcome, conflict_stream, conflict_expected, conflict_actual, held_id, head_position, head_hash, head_recorded_at
             FROM ${db.schema.sql}.append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    values: [
      from.position,
      from.hash,
      from.recordedAt,
      at,
      expected.map((x) => x.stream),
      expected.map((x) => x.revision),
      entries.map((e) => e.id),
      entries.map((e) => e.stream),
      entries.map((e) => e.revision),
      entries.map((e) => e.body),
      entries.map((e) => e.hash),
      counts,
      deltas,
      db.schema.channel,
      repeatedId(entries.map((e) => e.id)) ?? null,
    ],
  })
  const answer = rows[0]
  const head = (): Head => ({ position: Number(answer?.head_position), hash: String(answer?.head_hash), recordedAt: Number(answer?.head_recorded_at) })
  switch (answer?.outcome) {
    case 'appended':
      return E.right({ entries: entries.map(({ body: _body, ...entry }): Entry => entry), head: head() })
    case 'moved':
      return { moved: head() }
    case 'conflict':
      return E.left(concurrencyConflict(String(answer.conflict_stream), Number(answer.conflict_expected), Number(answer.conflict_actual)))
    case 'id-held':
      return E.left(idConflict(String(answer.held_id)))
    default:
      return E.left(notALedger(db.target, db.schema.name, HEAD_MISSING))
  }
}

/** Seal the batch from `from` and send it. */
const attempt = (db: Db, run: pg.Pool | pg.PoolClient, request: AppendRequest, from: Head): Promise<Attempt> => {
  const sealed = seal(from, request.drafts.map((d) => d.entry), request.now)
  return send(db, run, { from, at: sealed.head.recordedAt, expected: request.expected, entries: sealed.entries, deltas: request.drafts.map((d) => d.deltas) })
}

/** The head row, locked FOR UPDATE: the write lock, held until the transaction ends. */
const lockedHead = async (db: Db, client: pg.PoolClient): Promise<Head | undefined> => {
  const row = (await client.query<HeadRow>(`SELECT position, hash, recorded_at FROM ${db.schema.sql}.head FOR UPDATE`)).rows[0]
  return row === undefined ? undefined : headOf(row)
}

/** Keep a commit sealed elsewhere (a copy of another log) as it is, once it is checked, under the write lock, to extend the head. */
export const appendSealed = (db: Db): NonNullable<EventStore['appendSealed']> => ({ entries, deltas }) =>
  transaction(db, 'appending a copied commit', async (client): Promise<E.Either<AppendError | IntegrityFailed, void>> => {
    const from = await lockedHead(db, client)
    if (from === undefined) return E.left(notALedger(db.target, db.schema.name, HEAD_MISSING))
    const checked = checkSealed(from, entries, deltas.length)
    if (E.isLeft(checked)) return checked
    const { bodies, expected, head } = checked.right
    const a = await send(db, client, { from, at: head.recordedAt, expected, entries: entries.map((e, i) => ({ ...e, body: bodies[i] as string })), deltas })
    return 'moved' in a ? E.left(integrityFailed(from.position + 1, said({ zh: '写锁之下链头被移动了', en: 'the head moved under the write lock' }))) : E.map(() => undefined)(a)
  })

/**
 * Append a batch. The head row, locked FOR UPDATE, is the write lock:
 * appenders queue on it, and each one's batch is sealed from the head it
 * finds there, so positions are assigned and made visible in the same order,
 * and a reader of "everything after p" can never pass over an append that
 * commits late.
 *
 * A lone writer pays one round trip: the batch is sealed from the head this
 * store last saw and sent to the schema's `append` function, which commits it
 * only if that is still the head under the lock. Another writer having moved
 * the head, the batch is sealed again from the head it answers; and if it
 * moves again, the head is locked first (BEGIN, lock, seal, append, COMMIT)
 * so that a busy ledger never starves a writer.
 */
export const append = (db: Db): EventStore['append'] => {
  // the head as this store last saw it committed: right whenever no other writer came between
  let last: Head = EMPTY_HEAD
  const done = (r: E.Either<AppendError, Appended>): E.Either<AppendError, ReadonlyArray<Entry>> =>
    E.map(({ entries, head }: Appended) => {
      if (head.position > last.position) last = head
      return entries
    })(r)

  const locked = (request: AppendRequest) =>
    transaction(db, 'appending', async (client) => {
      const from = await lockedHead(db, client)
      if (from === undefined) return E.left(notALedger(db.target, db.schema.name, HEAD_MISSING))
      const a = await attempt(db, client, request, from)
      // nobody can move the head while this session holds its lock
      return done('moved' in a ? E.left(notALedger(db.target, db.schema.name, said({ zh: '写锁之下其链头被移动了', en: 'its head moved under the write lock' }))) : a)
    })

  return (request) =>
    request.drafts.length === 0
      ? TE.right([])
      : async () => {
          for (let tries = 0; tries < 2; tries++) {
            const a = await query(db, 'appending', async (pool) => E.right(await attempt(db, pool, request, last)))()
            if (E.isLeft(a)) return a
            if (!('moved' in a.right)) return done(a.right)
            last = a.right.moved
          }
          return locked(request)()
        }
}
