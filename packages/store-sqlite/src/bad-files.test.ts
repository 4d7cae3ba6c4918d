import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type EventStore, type LedgerError } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { registrations } from './children.test-helpers.js'
import { APPLICATION_ID, SCHEMA_VERSION, sqliteStore, type SqliteStoreOptions } from './index.js'
import { tempDir } from './temp.test-helpers.js'

const scratch = () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  return temp
}

/** Every operation of a store on this file fails with STORAGE_FAILED, and what is on disk stays byte for byte as it was. */
const refuses = async (options: SqliteStoreOptions, dir: string, ...says: string[]): Promise<void> => {
  const snapshot = () => readdirSync(dir).map((name) => [name, contentsOf(join(dir, name))])
  const before = snapshot()
  const store: EventStore = sqliteStore(options)
  const errors = [
    await store.head()(),
    await store.readAll({ after: 0, limit: 10 })(),
    await createLedger({ plan: jiaxiang2024, store }).recordBatch(registrations(9, 0, 3))(),
  ].map((o): LedgerError | undefined => (E.isLeft(o) ? o.left : undefined))
  await store.close()
  for (const error of errors) {
    expect(error?.code).toBe('STORAGE_FAILED')
    expect(error?.message).toContain(options.file)
    for (const s of says) expect(error?.message).toContain(s)
  }
  expect(snapshot()).toEqual(before)
}

const contentsOf = (path: string): string => (statSync(path).isDirectory() ? '(directory)' : readFileSync(path).toString('base64'))

describe('files that are not a ledger are refused by name, and left untouched', () => {
  it('another application\'s SQLite database', async () => {
    const { dir, file } = scratch()
    const db = new Database(file('shop.db'))
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('张三')")
    db.close()
    await refuses({ file: file('shop.db') }, dir, 'not a policy-ledger database', 'customers')
  })

  it('a SQLite database marked by another application', async () => {
    const { dir, file } = scratch()
    const db = new Database(file('other.db'))
    db.pragma('application_id = 1234')
    db.close()
    await refuses({ file: file('other.db') }, dir, 'another application', 'application_id 0x000004d2')
  })

  it('random bytes and a text file', async () => {
    const { dir, file } = scratch()
    writeFileSync(file('random.db'), randomBytes(8192))
    writeFileSync(file('notes.db'), '嘉祥县设备更新台账\nnot a database\n'.repeat(100))
    await refuses({ file: file('random.db') }, dir, 'not a SQLite database')
    await refuses({ file: file('notes.db') }, dir, 'not a SQLite database')
  })

  it('a ledger whose pages are damaged', async () => {
    const { dir, file } = scratch()
    const store = sqliteStore({ file: file() })
    expect(E.isRight(await createLedger({ plan: jiaxiang2024, store }).recordBatch(registrations(1, 0, 300))())).toBe(true)
    await store.close()
    const bytes = readFileSync(file())
    randomBytes(bytes.length - 8192).copy(bytes, 8192) // the first pages (header, catalogue) intact, the rest garbage
    writeFileSync(file(), bytes)
    await refuses({ file: file() }, dir, 'damaged')
  })

  it('a ledger written by a newer policy-ledger', async () => {
    const { dir, file } = scratch()
    const store = sqliteStore({ file: file() })
    expect(E.isRight(await store.head()())).toBe(true)
    await store.close()
    const db = new Database(file())
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1))
    db.close()
    await refuses({ file: file() }, dir, 'newer policy-ledger')
  })

  it('a directory, a missing directory, and a missing file opened readonly', async () => {
    const { dir, file } = scratch()
    mkdirSync(file('a-directory.db'))
    await refuses({ file: file('a-directory.db') }, dir, 'is a directory')
    await refuses({ file: join(dir, 'no-such-dir', 'ledger.db') }, dir, 'no-such-dir', 'does not exist')
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false)
    await refuses({ file: file('absent.db'), readonly: true }, dir, 'does not exist')
  })
})

describe('schema', () => {
  it('a new file gets the mark and the current schema version; opening it again keeps what it holds', async () => {
    const { file } = scratch()
    const first = sqliteStore({ file: file() })
    expect(E.isRight(await createLedger({ plan: jiaxiang2024, store: first }).recordBatch(registrations(1, 0, 5))())).toBe(true)
    await first.close()
    const db = new Database(file(), { readonly: true })
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
    const again = sqliteStore({ file: file() })
    const head = await again.head()()
    await again.close()
    expect(E.isRight(head) && head.right.position).toBe(5)
  })

  it('an empty file (made by touch) becomes a ledger', async () => {
    const { file } = scratch()
    writeFileSync(file(), '')
    const store = sqliteStore({ file: file() })
    expect(E.isRight(await createLedger({ plan: jiaxiang2024, store }).recordBatch(registrations(1, 0, 2))())).toBe(true)
    await store.close()
  })

  it('a readonly store refuses to append and writes nothing', async () => {
    const { file } = scratch()
    const store = sqliteStore({ file: file() })
    expect(E.isRight(await createLedger({ plan: jiaxiang2024, store }).recordBatch(registrations(1, 0, 2))())).toBe(true)
    await store.close()
    const before = readFileSync(file())
    const reader = sqliteStore({ file: file(), readonly: true })
    const refused = await createLedger({ plan: jiaxiang2024, store: reader }).recordBatch(registrations(1, 2, 2))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('readonly') })
    const head = await reader.head()()
    expect(E.isRight(head) && head.right.position).toBe(2)
    await reader.close()
    expect(readFileSync(file()).equals(before)).toBe(true)
    // a readonly connection leaves SQLite's shared-memory files behind, with no write in them
    expect(existsSync(`${file()}-wal`) ? statSync(`${file()}-wal`).size : 0).toBe(0)
  })
})
