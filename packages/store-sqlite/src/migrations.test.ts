import { addDeltas, emptyTally, loadTally, rebuildDeltas, tallyDeltas, verifyStore, writeSnapshots, type EventStore, type Tally } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync, readFileSync } from 'node:fs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { reportsOf } from './fixtures/reports.test-helpers.js'
import { SCHEMA_VERSION, sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

/*
 * The fixture is a file as the release before delta format 2 wrote it
 * (schema version 2, deltas and snapshots in format 1), with the reports
 * that release read from it: see fixtures/make-format-1.test-helpers.ts.
 */
const FIXTURE = new URL('./fixtures/format-1.db', import.meta.url)
const reportsBefore: unknown = JSON.parse(readFileSync(new URL('./fixtures/format-1.reports.json', import.meta.url), 'utf8'))

const right = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

/** A copy of the fixture to open, removed after the test. */
const copyOfFixture = (): string => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  copyFileSync(FIXTURE, file)
  return file
}

/** Every row of a file as stored, table by table, bytes and all; and its schema version. */
const rowsOf = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return {
      version: db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
      entries: db.prepare('SELECT * FROM entries ORDER BY position').raw().all(),
      commits: db.prepare('SELECT * FROM commits ORDER BY last_position').raw().all(),
      snapshots: db.prepare('SELECT * FROM snapshots ORDER BY position').raw().all(),
    }
  } finally {
    db.close()
  }
}

const opened = (file: string): EventStore => {
  const store = sqliteStore({ file })
  onTestFinished(() => store.close())
  return store
}

/** The tally the entries give, derived again by this release from their bodies alone. */
const tallyOfEntries = async (store: EventStore): Promise<Tally> => {
  const entries = right(await store.readAll({ after: 0, limit: 1_000_000 })())
  let t = emptyTally()
  for (const d of right(rebuildDeltas(entries))) t = addDeltas(t, d)
  return t
}

describe('schema migrations', () => {
  it('rewrites a format-1 file in place to delta format 2 and derives it again by the codes’ own keys: entries untouched, verify intact, every report as before', async () => {
    const file = copyOfFixture()
    const before = rowsOf(file)
    expect(before.version).toBe('2')
    expect(before.snapshots.length).toBeGreaterThan(0)

    const store = opened(file)
    // the file's deltas were derived by rules 2, its keys Jiaxiang's catalogue numbers: every block is derived
    // again from the entries (rules 3, each code its own key), and the snapshots are dropped, to be written again
    const verdict = right(await verifyStore(store)())
    expect(verdict).toMatchObject({ ok: true, count: before.entries.length, derived: { commits: before.commits.length, snapshots: 0 } })
    const tally = right(await loadTally(store)())
    expect(reportsOf(tally)).toEqual(reportsBefore)
    expect(reportsOf(await tallyOfEntries(store))).toEqual(reportsBefore)
    // a tally started from each snapshot written now is the one folded from zero
    expect(right(await writeSnapshots(store, 300)())).toBeGreaterThan(0)
    for (const [position] of rowsOf(file).snapshots as Array<[number]>) {
      const fromSnapshot = right(await loadTally(store, { position })())
      const fromZero = right(await loadTally(store, { position }, emptyTally())())
      expect([...tallyDeltas(fromSnapshot)]).toEqual([...tallyDeltas(fromZero)])
    }
    await store.close()

    const after = rowsOf(file)
    expect(after.version).toBe(String(SCHEMA_VERSION))
    expect(after.entries).toEqual(before.entries)
    // each block covers the entries it did, recorded when it was
    expect(after.commits.map((r) => (r as unknown[]).slice(0, 3))).toEqual(before.commits.map((r) => (r as unknown[]).slice(0, 3)))

    // opened again, a migrated file is left as it is
    const again = sqliteStore({ file })
    expect(right(await again.head()()).position).toBe(before.entries.length)
    await again.close()
    expect(rowsOf(file)).toEqual(after)
  })

  it('leaves the file as it was when the migration fails part of the way through', async () => {
    const file = copyOfFixture()
    const before = rowsOf(file)
    const last = (before.snapshots.at(-1) as [number])[0]
    const db = new Database(file)
    // the last row the migration rewrites refuses the rewrite: every commit block is already rewritten by then
    db.exec(`CREATE TRIGGER cut_short BEFORE UPDATE ON snapshots WHEN NEW.position = ${last} BEGIN SELECT RAISE(ABORT, 'cut short'); END`)
    db.close()

    const store = sqliteStore({ file })
    const refused = await store.head()()
    await store.close()
    expect(E.isLeft(refused) && refused.left.message).toMatch(/cut short/)
    expect(rowsOf(file)).toEqual(before)

    const fixed = new Database(file)
    fixed.exec('DROP TRIGGER cut_short')
    fixed.close()
    const store2 = opened(file)
    expect(right(await verifyStore(store2)())).toMatchObject({ ok: true, count: before.entries.length })
  })

  it('brings a ledger written at schema version 1 up to the current version, keeping every entry', async () => {
    const file = copyOfFixture()
    const { entries } = rowsOf(file)
    // what a version-1 file looked like: no snapshots table
    const db = new Database(file)
    db.exec('DROP TABLE snapshots')
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run()
    db.close()

    // read-only, it is refused until migrated; opened for writing, it migrates
    const reader = sqliteStore({ file, readonly: true })
    const refused = await reader.head()()
    await reader.close()
    expect(E.isLeft(refused) && refused.left.message).toMatch(/schema version 1 and needs migrating/)
    const migrated = opened(file)
    expect(right(await verifyStore(migrated)())).toMatchObject({ ok: true, count: entries.length, derived: { snapshots: 0 } })
    expect(reportsOf(right(await loadTally(migrated)()))).toEqual(reportsBefore)
    await migrated.close()
    const after = rowsOf(file)
    expect(after.version).toBe(String(SCHEMA_VERSION))
    expect(after.entries).toEqual(entries)
  })
})
