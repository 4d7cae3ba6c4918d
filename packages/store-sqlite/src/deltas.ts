import type { Database } from 'better-sqlite3'
import { entriesOfBlocks, type DeltaBlock, type EntryDeltas, type Page } from '@policy-ledger/core'

/** One append's deltas as stored: every entry's numbers end to end, and how many each has. */
export interface CommitBlock {
  readonly counts: Buffer
  readonly deltas: Buffer
}

export const bytesOf = (a: Float64Array | Uint32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** One commit's entries' deltas, in position order, as the block stored. */
export const packCommit = (perEntry: ReadonlyArray<Float64Array>): CommitBlock => {
  const counts = Uint32Array.from(perEntry, (d) => d.length)
  const deltas = new Float64Array(counts.reduce((sum, n) => sum + n, 0))
  let at = 0
  for (const d of perEntry) {
    deltas.set(d, at)
    at += d.length
  }
  return { counts: bytesOf(counts), deltas: bytesOf(deltas) }
}

/** A typed view on a blob, copied only when SQLite's buffer is not aligned for it; bytes past the last whole number (a forged blob) are not read. */
const view = <T>(make: (b: ArrayBuffer, offset: number, length: number) => T, size: number, blob: Buffer): T => {
  const length = Math.floor(blob.byteLength / size)
  return blob.byteOffset % size === 0
    ? make(blob.buffer as ArrayBuffer, blob.byteOffset, length)
    : make(blob.buffer.slice(blob.byteOffset, blob.byteOffset + length * size) as ArrayBuffer, 0, length)
}

/** A blob's float64s (deltas), and its uint32s (counts). */
export const floatsOf = (blob: Buffer): Float64Array => view((b, o, n) => new Float64Array(b, o, n), 8, blob)
export const uintsOf = (blob: Buffer): Uint32Array => view((b, o, n) => new Uint32Array(b, o, n), 4, blob)

interface CommitRow {
  readonly first: number
  readonly last: number
  readonly recordedAt: number
  readonly counts: Buffer
  readonly deltas: Buffer
}

const selectAfter = (db: Database) =>
  db.prepare<[number], CommitRow>(
    'SELECT first_position AS first, last_position AS last, recorded_at AS recordedAt, counts, deltas FROM commits WHERE last_position > ? ORDER BY last_position',
  )

const blockOf = (row: CommitRow): DeltaBlock => ({
  first: row.first,
  last: row.last,
  recordedAt: row.recordedAt,
  counts: uintsOf(row.counts),
  deltas: floatsOf(row.deltas),
})

/** The commit blocks holding a page's entries, as stored: a replay folds each in one loop. */
export const blocksReader = (db: Database): ((page: Page) => ReadonlyArray<DeltaBlock>) => {
  const select = selectAfter(db)
  return ({ after, limit }) => {
    const out: DeltaBlock[] = []
    for (const row of select.iterate(after)) {
      out.push(blockOf(row))
      if (row.last - after >= limit) break
    }
    return out
  }
}

/** Deltas of the entries in a page, cut from the commit blocks that hold them; never a JSON body. */
export const deltasReader = (db: Database): ((page: Page) => ReadonlyArray<EntryDeltas>) => {
  const blocks = blocksReader(db)
  return ({ after, limit }) => entriesOfBlocks(blocks({ after, limit }), after, after + limit)
}

/** Tally snapshots: the latest at or before a position and an instant, and writing one (replacing one at the same position). */
export const snapshots = (db: Database) => {
  const latest = db.prepare<[number, number], { position: number; recordedAt: number; deltas: Buffer }>(
    'SELECT position, recorded_at AS recordedAt, deltas FROM snapshots WHERE position <= ? AND recorded_at <= ? ORDER BY position DESC LIMIT 1',
  )
  const insert = db.prepare<[number, number, Buffer]>('INSERT OR REPLACE INTO snapshots (position, recorded_at, deltas) VALUES (?, ?, ?)')
  const listed = db.prepare<[], { position: number; recordedAt: number }>('SELECT position, recorded_at AS recordedAt FROM snapshots ORDER BY position')
  return {
    list: (): ReadonlyArray<{ readonly position: number; readonly recordedAt: number }> => listed.all(),
    read: ({ position, recordedAt }: { readonly position: number; readonly recordedAt: number }): EntryDeltas | undefined => {
      const row = latest.get(position, recordedAt)
      return row === undefined ? undefined : { position: row.position, recordedAt: row.recordedAt, deltas: floatsOf(row.deltas) }
    },
    write: (s: EntryDeltas): void => {
      insert.run(s.position, s.recordedAt, bytesOf(s.deltas))
    },
  }
}
