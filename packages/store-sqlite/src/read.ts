import type { Database } from 'better-sqlite3'
import { isUtf8 } from 'node:buffer'
import { EMPTY_HEAD, type Entry, type Head, type Page, type RawPage, type StoredColumns } from '@policy-ledger/core'

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

/** A page of the log: the rows after a position, in position order. */
const PAGE = 'FROM entries WHERE position > ? ORDER BY position LIMIT ?'

export const logReader = (db: Database): ((page: Page) => ReadonlyArray<Entry>) => {
  const select = db.prepare<[number, number], Row>(`SELECT hash, body ${PAGE}`)
  return ({ after, limit }) => select.all(after, limit).map(entryOf)
}

export const positionsReader = (db: Database): ((positions: ReadonlyArray<number>) => ReadonlyArray<Entry>) => {
  // one parameter however many positions: the list travels as a JSON array
  const select = db.prepare<[string], Row>('SELECT hash, body FROM entries WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position')
  return (positions) => (positions.length === 0 ? [] : select.all(JSON.stringify(positions)).map(entryOf))
}

/**
 * The same page as stored, unparsed (a verify hashes each body as it is).
 * Read a row at a time, better-sqlite3 makes two strings of every entry,
 * half of what a verify costs; so the page comes as one BLOB of records
 * `position hash \n body`, joined by newlines, and is cut here into views
 * of it. Canonical JSON holds no raw newline, and a hash none either: a
 * tampered row breaks the framing (a newline, a NULL, bytes that are not
 * UTF-8), or the records come out of position order, and the page is then
 * read again a column at a time.
 */
export const rawReader = (db: Database): ((page: Page) => RawPage) => {
  const columns = columnReader(db)
  // the bytes cut are the text's own only in a UTF-8 database (a ledger file is one unless forged)
  if (db.pragma('encoding', { simple: true }) !== 'UTF-8') return columns
  const select = db.prepare<[number, number], { page: Buffer | null; rows: number; framed: number }>(
    `SELECT CAST(group_concat(record, char(10)) AS BLOB) AS page, count(*) AS rows, count(record) AS framed
       FROM (SELECT position || ' ' || hash || char(10) || body AS record ${PAGE})`,
  )
  return ({ after, limit }) => {
    const { page, rows, framed } = select.get(after, limit) ?? { page: null, rows: 0, framed: 0 }
    if (rows === 0) return { hashes: [], bodies: [] }
    return (page !== null && framed === rows && isUtf8(page) ? cut(page, rows) : undefined) ?? columns({ after, limit })
  }
}

const NEWLINE = 0x0a
const SPACE = 0x20

/** The page's hashes and bodies, if it holds one record per row, in increasing position order. */
const cut = (page: Buffer, rows: number): RawPage | undefined => {
  const hashes: string[] = []
  const bodies: Buffer[] = []
  let before = 0
  for (let start = 0; start <= page.length; ) {
    const space = page.indexOf(SPACE, start)
    const newline = page.indexOf(NEWLINE, start)
    if (space < 0 || newline < space) return undefined
    let position = 0
    for (let i = start; i < space; i++) {
      const digit = (page[i] as number) - 0x30
      if (digit < 0 || digit > 9) return undefined
      position = position * 10 + digit
    }
    if (space === start || position <= before) return undefined
    before = position
    const end = page.indexOf(NEWLINE, newline + 1)
    hashes.push(page.toString('utf8', space + 1, newline))
    bodies.push(page.subarray(newline + 1, end < 0 ? page.length : end))
    start = end < 0 ? page.length + 1 : end + 1
  }
  return hashes.length === rows ? { hashes, bodies } : undefined
}

/**
 * A page a column at a time, both read in one transaction, so they are the
 * same rows; a NULL (possible only in a forged file) read as empty text, so
 * that verifying names that row.
 */
const columnReader = (db: Database): ((page: Page) => RawPage) => {
  const column = (name: 'hash' | 'body') => db.prepare<[number, number], string>(`SELECT coalesce(${name}, '') ${PAGE}`).pluck()
  const hashes = column('hash')
  const bodies = column('body')
  return db.transaction(({ after, limit }: Page): RawPage => ({ hashes: hashes.all(after, limit), bodies: bodies.all(after, limit) }))
}

export const idFinder = (db: Database): ((ids: ReadonlyArray<string>) => ReadonlyArray<Entry>) => {
  // one parameter however many ids: the list travels as a JSON array
  const select = db.prepare<[string], Row>('SELECT hash, body FROM entries WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position')
  return (ids) => (ids.length === 0 ? [] : select.all(JSON.stringify(ids)).map(entryOf))
}

/**
 * The columns beside each body of a page, as stored, for verifying to hold
 * them to the bodies: what reads by id and stream, and the checks of
 * expected revisions, go by.
 */
export const columnsReader = (db: Database): ((page: Page) => StoredColumns) => {
  const select = db.prepare<[number, number], [number, string, string, number]>(`SELECT position, id, stream, revision ${PAGE}`).raw()
  return ({ after, limit }) => {
    const rows = select.all(after, limit)
    return { positions: rows.map((r) => r[0]), ids: rows.map((r) => r[1]), streams: rows.map((r) => r[2]), revisions: rows.map((r) => r[3]) }
  }
}

/**
 * The end of the log, from its last entry alone: its position and hash, and
 * the recordedAt its body was sealed with. Nothing derived goes into the
 * head an append seals from.
 */
export const headReader = (db: Database): (() => Head) => {
  const select = db.prepare<[], Row & { position: number }>('SELECT position, hash, body FROM entries ORDER BY position DESC LIMIT 1')
  return () => {
    const row = select.get()
    if (row === undefined) return EMPTY_HEAD
    const recordedAt = Date.parse(recordedAtOf(row.body) ?? '')
    if (!Number.isFinite(recordedAt)) throw new Error(`the last entry, at ${row.position}, holds no recordedAt: the log must be verified before anything is appended to it`)
    return { position: row.position, hash: row.hash, recordedAt }
  }
}

const RECORDED_AT = ',"recordedAt":"'
/**
 * The recordedAt of a canonical body, read without parsing it: the last
 * `"recordedAt"` key, as canonical order puts the envelope's after `data`
 * and a string holds no unescaped quote.
 */
const recordedAtOf = (body: string): string | undefined => {
  const at = body.lastIndexOf(RECORDED_AT)
  const to = at < 0 ? -1 : body.indexOf('"', at + RECORDED_AT.length)
  if (to >= 0) return body.slice(at + RECORDED_AT.length, to)
  // not as sealed (verify will say so): read it as JSON, if it is
  try {
    const { recordedAt } = JSON.parse(body) as { recordedAt?: unknown }
    return typeof recordedAt === 'string' ? recordedAt : undefined
  } catch {
    return undefined
  }
}
