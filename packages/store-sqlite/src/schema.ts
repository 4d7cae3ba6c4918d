import type { Database } from 'better-sqlite3'

/**
 * The file's mark: `PRAGMA application_id` is four bytes in the SQLite
 * header, so a policy-ledger file can be told from any other SQLite file
 * before a single table is read. 0x504C4447 is "PLDG" in ASCII.
 */
export const APPLICATION_ID = 0x504c4447

/**
 * Versioned migrations: `migrations[n]` takes a file from schema version n
 * to n + 1. A release that changes the schema appends one; none is ever
 * edited, so every file, however old, reaches the current version the same way.
 */
const migrations: ReadonlyArray<string> = [
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
    db.exec(migrations[version] as string)
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(version + 1))
  }
  db.pragma(`application_id = ${APPLICATION_ID}`)
}
