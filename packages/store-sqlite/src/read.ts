import type { Database } from 'better-sqlite3'
import { EMPTY_HEAD, type Entry, type Head, type Page, type RawEntry } from '@policy-ledger/core'

interface Row {
  readonly hash: string
  readonly body: string
}

/**
 * The stored body is the entry itself, canonical, without its hash: reading
 * back decodes it and nothing else. The hash is set on the parsed object
 * rather than spread into a copy: reading the log back runs twice as fast.
 */
const entryOf = ({ hash, body }: Row): Entry => {
  const entry = JSON.parse(body) as { -readonly [K in keyof Entry]: Entry[K] }
  entry.hash = hash
  return entry
}

export const streamReader = (db: Database): ((stream: string) => ReadonlyArray<Entry>) => {
  const select = db.prepare<[string], Row>('SELECT hash, body FROM entries WHERE stream = ? ORDER BY revision')
  return (stream) => select.all(stream).map(entryOf)
}

export const streamsReader = (db: Database): ((streams: ReadonlyArray<string>) => ReadonlyArray<Entry>) => {
  // one parameter however many streams: the list travels as a JSON array
  const select = db.prepare<[string], Row>('SELECT hash, body FROM entries WHERE stream IN (SELECT value FROM json_each(?)) ORDER BY stream, revision')
  return (streams) => (streams.length === 0 ? [] : select.all(JSON.stringify(streams)).map(entryOf))
}

/** A page of the log as stored, each body the canonical text its hash covers. */
const pageReader = (db: Database): ((page: Page) => ReadonlyArray<Row>) => {
  const select = db.prepare<[number, number], Row>('SELECT hash, body FROM entries WHERE position > ? ORDER BY position LIMIT ?')
  return ({ after, limit }) => select.all(after, limit)
}

export const logReader = (db: Database): ((page: Page) => ReadonlyArray<Entry>) => {
  const page = pageReader(db)
  return (p) => page(p).map(entryOf)
}

/**
 * The same page, unparsed: verifying hashes each body's text as it is.
 * Text, not `CAST(body AS BLOB)`: better-sqlite3 makes a string far more
 * cheaply than a Buffer per row.
 */
export const rawReader: (db: Database) => (page: Page) => ReadonlyArray<RawEntry> = pageReader

export const idFinder = (db: Database): ((ids: ReadonlyArray<string>) => ReadonlyArray<Entry>) => {
  // one parameter however many ids: the list travels as a JSON array
  const select = db.prepare<[string], Row>('SELECT hash, body FROM entries WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position')
  return (ids) => (ids.length === 0 ? [] : select.all(JSON.stringify(ids)).map(entryOf))
}

export const headReader = (db: Database): (() => Head) => {
  const select = db.prepare<[], { position: number; hash: string; recordedAt: number }>(
    `SELECT c.last_position AS position, e.hash AS hash, c.recorded_at AS recordedAt
       FROM commits c JOIN entries e ON e.position = c.last_position
      ORDER BY c.last_position DESC LIMIT 1`,
  )
  return () => select.get() ?? EMPTY_HEAD
}
