import type { Database } from 'better-sqlite3'
import { EMPTY_HEAD, type Entry, type Head, type Page, type RawPage } from '@policy-ledger/core'

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

export const logReader = (db: Database): ((page: Page) => ReadonlyArray<Entry>) => {
  const select = db.prepare<[number, number], Row>('SELECT hash, body FROM entries WHERE position > ? ORDER BY position LIMIT ?')
  return ({ after, limit }) => select.all(after, limit).map(entryOf)
}

/**
 * The same page as stored, unparsed (a verify hashes each body as it is).
 * Read a row at a time, better-sqlite3 makes two strings of every entry,
 * half of what a verify costs; so the page comes as one BLOB,
 * `hash \n body \n hash \n body …`, cut here into views of it. The ordered
 * subquery feeds the concatenation in position order (a test holds the
 * pages to the rows). Canonical JSON holds no raw newline: a tampered row
 * that does breaks the framing, and the page is read again a column at a
 * time.
 */
export const rawReader = (db: Database): ((page: Page) => RawPage) => {
  const select = db.prepare<[number, number], { page: Buffer | null; rows: number }>(
    `SELECT CAST(group_concat(hash || char(10) || body, char(10)) AS BLOB) AS page, count(*) AS rows
       FROM (SELECT hash, body FROM entries WHERE position > ? ORDER BY position LIMIT ?)`,
  )
  const columns = columnReader(db)
  return ({ after, limit }) => {
    const { page, rows } = select.get(after, limit) ?? { page: null, rows: 0 }
    return page === null ? { hashes: [], bodies: [] } : (cut(page, rows) ?? columns({ after, limit }))
  }
}

const NEWLINE = 0x0a

/** The page's hashes and bodies, if it holds one of each per row. */
const cut = (page: Buffer, rows: number): RawPage | undefined => {
  const hashes: string[] = []
  const bodies: Buffer[] = []
  for (let start = 0; start <= page.length; ) {
    const newline = page.indexOf(NEWLINE, start)
    if (newline < 0) return undefined
    const end = page.indexOf(NEWLINE, newline + 1)
    hashes.push(page.toString('latin1', start, newline))
    bodies.push(page.subarray(newline + 1, end < 0 ? page.length : end))
    start = end < 0 ? page.length + 1 : end + 1
  }
  return hashes.length === rows ? { hashes, bodies } : undefined
}

/** A page a column at a time, both read in one transaction, so they are the same rows. */
const columnReader = (db: Database): ((page: Page) => RawPage) => {
  const column = (name: 'hash' | 'body') =>
    db.prepare<[number, number], string>(`SELECT ${name} FROM entries WHERE position > ? ORDER BY position LIMIT ?`).pluck()
  const hashes = column('hash')
  const bodies = column('body')
  return db.transaction(({ after, limit }: Page): RawPage => ({ hashes: hashes.all(after, limit), bodies: bodies.all(after, limit) }))
}

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
