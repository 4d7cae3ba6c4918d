import type { Database } from 'better-sqlite3'
import { upgradedLength, upgradeDeltas } from '@policy-ledger/core'
import { bytesOf, floatsOf, uintsOf } from './deltas.js'

/**
 * The file's mark: `PRAGMA application_id` is four bytes in the SQLite
 * header, so a policy-ledger file can be told from any other SQLite file
 * before a single table is read. 0x504C4447 is "PLDG" in ASCII.
 */
export const APPLICATION_ID = 0x504c4447

const PAGE = 500

/*
 * Delta format 2 (see core's deltas.ts): every commit block and
 * snapshot rewritten from format 1 (four numbers a delta, the series packed
 * into one) to format 2 (seven, each key its own number), by arithmetic
 * alone, and each entry's count of numbers with it. Only derived data
 * changes: the entries (bodies, hashes, the chain) say nothing of how
 * deltas are packed, and verify holds the rewritten deltas to them exactly
 * as before. A page at a time, as an open statement may not be written under.
 */
const toDeltaFormat2 = (db: Database): void => {
  const commits = db.prepare<[number, number], { last: number; counts: Buffer; deltas: Buffer }>(
    'SELECT last_position AS last, counts, deltas FROM commits WHERE last_position > ? ORDER BY last_position LIMIT ?',
  )
  const commit = db.prepare<[Buffer, Buffer, number]>('UPDATE commits SET counts = ?, deltas = ? WHERE last_position = ?')
  const snapshots = db.prepare<[number, number], { position: number; deltas: Buffer }>('SELECT position, deltas FROM snapshots WHERE position > ? ORDER BY position LIMIT ?')
  const snapshot = db.prepare<[Buffer, number]>('UPDATE snapshots SET deltas = ? WHERE position = ?')
  for (let after = 0, rows = commits.all(after, PAGE); rows.length > 0; rows = commits.all(after, PAGE))
    for (const row of rows) {
      commit.run(bytesOf(uintsOf(row.counts).map(upgradedLength)), bytesOf(upgradeDeltas(floatsOf(row.deltas))), row.last)
      after = row.last
    }
  for (let after = 0, rows = snapshots.all(after, PAGE); rows.length > 0; rows = snapshots.all(after, PAGE))
    for (const row of rows) {
      snapshot.run(bytesOf(upgradeDeltas(floatsOf(row.deltas))), row.position)
      after = row.position
    }
}

/**
 * Versioned migrations: `migrations[n]` takes a file from schema version n
 * to n + 1, as SQL or as a step that rewrites rows. A release that changes
 * the schema appends one; none is ever edited, so every file, however old,
 * reaches the current version the same way. All run in one transaction
 * (see open.ts): a file is migrated whole or not at all.
 */
const migrations: ReadonlyArray<string | ((db: Database) => void)> = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- one row per entry: body is the canonical text that hash covers, kept
  -- verbatim so that reading back and verifying needs no re-serialisation
  CREATE TABLE entries (
    position INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    hash     TEXT    NOT NULL,
    body     TEXT    NOT NULL,
    UNIQUE (stream, revision)
  ) STRICT;

  -- one row per append: its entries' tally deltas packed in one block
  -- (float64 little-endian), with how many numbers each entry has, so a
  -- replay reads a thousand entries' deltas in one row and decodes no JSON
  CREATE TABLE commits (
    last_position  INTEGER PRIMARY KEY,
    first_position INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    counts         BLOB    NOT NULL,
    deltas         BLOB    NOT NULL
  ) STRICT;
  `,
  `
  -- tally snapshots, derived from the log and rebuilt at will: the whole
  -- tally at a position, packed like one entry's deltas, so that a replay
  -- or an "as known at" question starts from the nearest one
  CREATE TABLE snapshots (
    position    INTEGER PRIMARY KEY,
    recorded_at INTEGER NOT NULL,
    deltas      BLOB    NOT NULL
  ) STRICT;
  `,
  toDeltaFormat2,
]

export const SCHEMA_VERSION = migrations.length

/** What stands in a file, as far as the header and catalogue tell without trusting it. */
export type Contents =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ledger'; readonly version: number }
  | { readonly kind: 'foreign'; readonly applicationId: number; readonly tables: ReadonlyArray<string> }

/** Read-only look at a file: throws SQLite's own error if it is not a database at all. */
export const contentsOf = (db: Database): Contents => {
  const applicationId = db.pragma('application_id', { simple: true }) as number
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all()
  if (applicationId === APPLICATION_ID) {
    const version = tables.includes('meta')
      ? Number(db.prepare<[], string>("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() ?? 0)
      : 0
    return { kind: 'ledger', version }
  }
  if (applicationId === 0 && tables.length === 0) return { kind: 'empty' }
  return { kind: 'foreign', applicationId, tables }
}

/** Bring a ledger (or an empty file) to the current schema; the caller holds the write lock. */
export const migrate = (db: Database, from: number): void => {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = migrations[version] as (typeof migrations)[number]
    if (typeof step === 'string') db.exec(step)
    else step(db)
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(version + 1))
  }
  db.pragma(`application_id = ${APPLICATION_ID}`)
}
