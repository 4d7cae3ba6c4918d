import { createLedger } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, onTestFinished } from 'vitest'
import { registrations } from './children.test-helpers.js'
import { SCHEMA_VERSION, sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

describe('schema migrations', () => {
  it('brings a ledger written at schema version 1 up to the current version, keeping every entry', async () => {
    const temp = tempDir()
    onTestFinished(temp.remove)
    const file = temp.file()
    const store = sqliteStore({ file })
    const recorded = await createLedger({ store }).recordBatch(registrations(1, 0, 5))()
    expect(E.isRight(recorded)).toBe(true)
    const head = await store.head()()
    await store.close()

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
    const migrated = sqliteStore({ file })
    expect(await migrated.head()()).toEqual(head)
    await migrated.close()
    const after = new Database(file, { readonly: true })
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION))
    expect(after.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'snapshots'").pluck().get()).toBe(1)
    expect(after.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(5)
    after.close()
  })
})
