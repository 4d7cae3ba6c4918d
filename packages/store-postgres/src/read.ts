import { entriesOfBlocks, said, type DeltaBlock, type Entry, type EventStore, type Head, type StorageFailed, type UnsealedEntry } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type pg from 'pg'
import { query, type Db } from './db.js'
import { notALedger } from './failures.js'

/** position, body, hash: rows as arrays, so that the driver builds no object per row. */
type EntryRow = [position: string, body: string, hash: string]

/** Entries exactly as sealed: the stored canonical body, parsed, with its hash. */
const entriesOf = (db: Db, rows: ReadonlyArray<EntryRow>): E.Either<StorageFailed, ReadonlyArray<Entry>> => {
  const out = new Array<Entry>(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const [position, body, hash] = rows[i] as EntryRow
    let entry: UnsealedEntry & { hash?: string }
    try {
      entry = JSON.parse(body) as UnsealedEntry
    } catch {
      return E.left(notALedger(db.target, db.schema.name, said({ zh: `其位置 ${position} 的条目已损坏（正文不是 JSON）`, en: `its entry at position ${position} is damaged (the body is not JSON)` })))
    }
    // the parsed object is ours alone: give it its hash in place rather than copy it
    entry.hash = hash
    out[i] = entry as Entry
  }
  return E.right(out)
}

/** A statement the server parses and plans once per connection, by its name. */
const prepared = (db: Db, name: string, text: string, values: ReadonlyArray<unknown>): pg.QueryArrayConfig<unknown[]> => ({
  name: `policy-ledger/${db.schema.name}/${name}`,
  text,
  values: [...values],
  rowMode: 'array',
})

const selectEntries =
  (db: Db, doing: string, name: string, where: string, values: ReadonlyArray<unknown>): TaskEither<StorageFailed, ReadonlyArray<Entry>> =>
    query(db, doing, async (pool) =>
      entriesOf(db, (await pool.query<EntryRow>(prepared(db, name, `SELECT position, body, hash FROM ${db.schema.sql}.entries ${where}`, values))).rows),
    )

export const readAll = (db: Db): EventStore['readAll'] => ({ after, limit }) =>
  selectEntries(db, 'reading the log', 'read-all', 'WHERE position > $1 ORDER BY position LIMIT $2', [after, limit])

export const readPositions = (db: Db): NonNullable<EventStore['readPositions']> => (positions) =>
  selectEntries(db, 'reading entries by position', 'read-positions', 'WHERE position = ANY($1::bigint[]) ORDER BY position', [positions])

export const readStream = (db: Db): EventStore['readStream'] => (stream) =>
  selectEntries(db, 'reading a stream', 'read-stream', 'WHERE stream = $1 ORDER BY revision', [stream])

/** Several streams in one query: the ledger reads a batch's new streams with it. */
export const readStreams = (db: Db): NonNullable<EventStore['readStreams']> => (streams) =>
  selectEntries(db, 'reading streams', 'read-streams', 'WHERE stream = ANY($1::text[]) ORDER BY stream, revision', [streams])

export const findByIds = (db: Db): EventStore['findByIds'] => (ids) =>
  selectEntries(db, 'looking up ids', 'find-ids', 'WHERE id = ANY($1::text[]) ORDER BY position', [ids])

/** The same page as readAll, bodies as the text stored, unparsed: verifying hashes them as they are (a NULL, possible only in a forged schema, as empty text, so that verifying names that row). */
export const readRaw = (db: Db): NonNullable<EventStore['readRaw']> => ({ after, limit }) =>
  query(db, 'reading the log', async (pool) => {
    const { rows } = await pool.query<[hash: string, body: string]>(
      prepared(db, 'read-raw', `SELECT coalesce(hash, ''), coalesce(body, '') FROM ${db.schema.sql}.entries WHERE position > $1 ORDER BY position LIMIT $2`, [after, limit]),
    )
    return E.right({ hashes: rows.map(([hash]) => hash), bodies: rows.map(([, body]) => body) })
  })

/** The columns beside each body of the same page as readAll, as stored, for verifying to hold them to the bodies. */
export const readColumns = (db: Db): NonNullable<EventStore['readColumns']> => ({ after, limit }) =>
  query(db, 'reading the log', async (pool) => {
    const { rows } = await pool.query<[position: string, id: string, stream: string, revision: number, recordedAt: string]>(
      prepared(db, 'read-columns', `SELECT position, id, stream, revision, recorded_at FROM ${db.schema.sql}.entries WHERE position > $1 ORDER BY position LIMIT $2`, [after, limit]),
    )
    return E.right({
      positions: rows.map((r) => Number(r[0])),
      ids: rows.map((r) => r[1]),
      streams: rows.map((r) => r[2]),
      revisions: rows.map((r) => r[3]),
      recordedAts: rows.map((r) => Number(r[4])),
    })
  })

/** A typed view on a buffer the driver made, copied only when its offset is not aligned for the type. */
export const float64s = (bytes: Buffer): Float64Array => {
  // bytes past the last whole number (a forged value) are not read
  const length = Math.floor(bytes.byteLength / 8)
  return bytes.byteOffset % 8 === 0
    ? new Float64Array(bytes.buffer, bytes.byteOffset, length)
    : new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length * 8))
}

type CommitRow = [first: string, last: string, recordedAt: string, counts: number[], deltas: Buffer]

/**
 * The commits holding the entries after `after` up to `after + limit`: the
 * one holding `after + 1`, and every one that begins by `after + limit`.
 */
const commitsOf = async (db: Db, after: number, limit: number): Promise<ReadonlyArray<DeltaBlock>> => {
  const { rows } = await db.pool.query<CommitRow>(
    prepared(
      db,
      'read-commits',
      `SELECT first_position, last_position, recorded_at, counts, deltas FROM ${db.schema.sql}.commits
        WHERE last_position > $1 AND first_position <= $2 ORDER BY last_position`,
      [after, after + limit],
    ),
  )
  return rows.map(([first, last, recordedAt, counts, deltas]) => ({
    first: Number(first),
    last: Number(last),
    recordedAt: Number(recordedAt),
    counts: Uint32Array.from(counts),
    deltas: float64s(deltas),
  }))
}

export const readDeltaBlocks = (db: Db): NonNullable<EventStore['readDeltaBlocks']> => ({ after, limit }) =>
  query(db, 'reading tally deltas', async () => E.right(await commitsOf(db, after, limit)))

/** Deltas of the entries in a page, cut from the commits that hold them; never a JSON body. */
export const readDeltas = (db: Db): EventStore['readDeltas'] => ({ after, limit }) =>
  query(db, 'reading tally deltas', async () => E.right(entriesOfBlocks(await commitsOf(db, after, limit), after, after + limit)))

/** Tally snapshots: the latest at or before a position and an instant, and writing one (replacing one at the same position). */
export const readSnapshot = (db: Db): NonNullable<EventStore['readSnapshot']> => ({ position, recordedAt }) =>
  query(db, 'reading a tally snapshot', async (pool) => {
    const { rows } = await pool.query<[position: string, recordedAt: string, deltas: Buffer]>({
      text: `SELECT position, recorded_at, deltas FROM ${db.schema.sql}.snapshots WHERE position <= $1 AND recorded_at <= $2 ORDER BY position DESC LIMIT 1`,
      values: [position, recordedAt],
      rowMode: 'array',
    })
    const row = rows[0]
    return E.right(row === undefined ? undefined : { position: Number(row[0]), recordedAt: Number(row[1]), deltas: float64s(row[2]) })
  })

export const listSnapshots = (db: Db): NonNullable<EventStore['listSnapshots']> => () =>
  query(db, 'listing tally snapshots', async (pool) => {
    const { rows } = await pool.query<[position: string, recordedAt: string]>({
      text: `SELECT position, recorded_at FROM ${db.schema.sql}.snapshots ORDER BY position`,
      rowMode: 'array',
    })
    return E.right(rows.map(([position, recordedAt]) => ({ position: Number(position), recordedAt: Number(recordedAt) })))
  })

export const writeSnapshot = (db: Db): NonNullable<EventStore['writeSnapshot']> => ({ position, recordedAt, deltas }) =>
  query(db, 'writing a tally snapshot', async (pool) => {
    await pool.query(
      `INSERT INTO ${db.schema.sql}.snapshots (position, recorded_at, deltas) VALUES ($1, $2, $3)
       ON CONFLICT (position) DO UPDATE SET recorded_at = excluded.recorded_at, deltas = excluded.deltas`,
      [position, recordedAt, Buffer.from(deltas.buffer, deltas.byteOffset, deltas.byteLength)],
    )
    return E.right(undefined)
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
    return row === undefined ? E.left(notALedger(db.target, db.schema.name, said({ zh: '缺少其链头行', en: 'its head row is missing' }))) : E.right(headOf(row))
  })
