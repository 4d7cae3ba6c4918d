import { type Entry, type EntryDeltas, type EventStore, type Head, type StorageFailed, type UnsealedEntry } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { query, type Db } from './db.js'
import { notALedger } from './failures.js'

interface EntryRow {
  readonly position: string
  readonly body: string
  readonly hash: string
}

/** Entries exactly as sealed: the stored canonical body, parsed, with its hash. */
const entriesOf = (db: Db, rows: ReadonlyArray<EntryRow>): E.Either<StorageFailed, ReadonlyArray<Entry>> => {
  const out: Entry[] = []
  for (const row of rows) {
    try {
      out.push({ ...(JSON.parse(row.body) as UnsealedEntry), hash: row.hash })
    } catch {
      return E.left(notALedger(db.target, db.schema.name, `its entry at position ${row.position} is damaged (the body is not JSON)`))
    }
  }
  return E.right(out)
}

const selectEntries =
  (db: Db, doing: string, where: string, values: ReadonlyArray<unknown>): TaskEither<StorageFailed, ReadonlyArray<Entry>> =>
    query(db, doing, async (pool) => entriesOf(db, (await pool.query<EntryRow>(`SELECT position, body, hash FROM ${db.schema.sql}.entries ${where}`, [...values])).rows))

export const readAll = (db: Db): EventStore['readAll'] => ({ after, limit }) =>
  selectEntries(db, 'reading the log', 'WHERE position > $1 ORDER BY position LIMIT $2', [after, limit])

export const readStream = (db: Db): EventStore['readStream'] => (stream) =>
  selectEntries(db, 'reading a stream', 'WHERE stream = $1 ORDER BY revision', [stream])

export const findByIds = (db: Db): EventStore['findByIds'] => (ids) =>
  selectEntries(db, 'looking up ids', 'WHERE id = ANY($1::text[]) ORDER BY position', [ids])

interface DeltaRow {
  readonly position: string
  readonly recorded_at: string
  readonly deltas: Buffer
}

/** A copy, so that the Float64Array is aligned whatever the driver's buffer offset. */
const float64s = (bytes: Buffer): Float64Array => new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))

export const readDeltas = (db: Db): EventStore['readDeltas'] => ({ after, limit }) =>
  query(db, 'reading tally deltas', async (pool) => {
    const { rows } = await pool.query<DeltaRow>(
      `SELECT position, recorded_at, deltas FROM ${db.schema.sql}.entries WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    )
    return E.right(rows.map((r): EntryDeltas => ({ position: Number(r.position), recordedAt: Number(r.recorded_at), deltas: float64s(r.deltas) })))
  })

export interface HeadRow {
  readonly position: string
  readonly hash: string
  readonly recorded_at: string
}

export const headOf = (row: HeadRow): Head => ({ position: Number(row.position), hash: row.hash, recordedAt: Number(row.recorded_at) })

export const head = (db: Db): EventStore['head'] => () =>
  query(db, 'reading the head', async (pool) => {
    const row = (await pool.query<HeadRow>(`SELECT position, hash, recorded_at FROM ${db.schema.sql}.head`)).rows[0]
    return row === undefined ? E.left(notALedger(db.target, db.schema.name, 'its head row is missing')) : E.right(headOf(row))
  })
