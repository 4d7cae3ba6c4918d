import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, diff, lineage, writeSnapshots, type EventStore, type RecordInput } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, onTestFinished } from 'vitest'
import { registrations } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

/*
 * Lineage and diff read a ledger file that someone with write access has
 * changed: they refuse, or answer, and never print a forged entry as the one
 * behind a value, never throw. (verify finds each change too; these hold the
 * audit views to it on their own.)
 */

const q = { indicator: 'vehicles.nev-fleet', year: 2025 } as const

/** Six registrations, two of them NEVs (positions 1 and 4), then the first voided (position 7). */
const ledgerFile = async (): Promise<{ readonly file: string; readonly ids: ReadonlyArray<string> }> => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const store = sqliteStore({ file })
  const ledger = createLedger({ plan: jiaxiang2024, store })
  const cars = await ledger.recordBatch(registrations(7, 0, 6))()
  if (E.isLeft(cars)) throw new Error(cars.left.message)
  const first = cars.right.recorded[0]?.id ?? ''
  const voided: RecordInput = {
    id: '00000000-0000-4000-8000-00000000000a',
    type: 'EventVoided',
    occurredAt: '2025-07-01T10:00:00+08:00',
    recordedBy: 'public-security',
    source: { system: 'audit', recordId: 'V1' },
    data: { entryId: first, reason: '重复录入', responsibleUnit: 'public-security' },
  }
  const v = await ledger.record(voided)()
  if (E.isLeft(v)) throw new Error(v.left.message)
  await store.close()
  return { file, ids: [...cars.right.recorded.map((e) => e.id), v.right.id] }
}

/**
 * The file opened read-only, and the same store without `readPositions`
 * (entries read a page at a time), and without `readDeltaBlocks` (deltas
 * read entry by entry): each way of reading must give the same answer.
 */
const both = (file: string): ReadonlyArray<readonly [string, EventStore]> => {
  const store = sqliteStore({ file, readonly: true })
  onTestFinished(() => store.close())
  const { readPositions: _, ...paged } = store
  const { readDeltaBlocks: __, ...byEntry } = store
  return [
    ['readPositions', store],
    ['paged', paged],
    ['entry by entry', byEntry],
  ]
}

describe('lineage and diff on a forged ledger file', () => {
  it('name the entries behind the value, as recorded', async () => {
    const { file, ids } = await ledgerFile()
    for (const [how, store] of both(file)) {
      const l = await lineage(jiaxiang2024, store, q)()
      expect(E.isRight(l) && l.right.entries.map((e) => [e.position, e.id]), how).toEqual([
        [1, ids[0]],
        [4, ids[3]],
        [7, ids[6]],
      ])
    }
  })

  it('refuse a second row at a position behind the value (the table rebuilt without its key), rather than print either', async () => {
    const { file } = await ledgerFile()
    const db = new Database(file)
    const row = db.prepare<[], { stream: string; hash: string; body: string }>('SELECT stream, hash, body FROM entries WHERE position = 4').get()
    const forged = { ...JSON.parse(row?.body ?? '{}'), id: '00000000-0000-4000-8000-0000deadbeef', source: { system: 'forged', recordId: 'FORGED' } }
    db.exec(`CREATE TABLE loose (position INTEGER, id TEXT, stream TEXT, revision INTEGER, hash TEXT, body TEXT);
             INSERT INTO loose SELECT position, id, stream, revision, hash, body FROM entries;
             DROP TABLE entries; ALTER TABLE loose RENAME TO entries`)
    db.prepare('INSERT INTO entries VALUES (4, ?, ?, 99, ?, ?)').run(forged.id, row?.stream, row?.hash, JSON.stringify(forged))
    db.close()
    for (const [how, store] of both(file))
      for (const asked of [lineage(jiaxiang2024, store, q), diff(jiaxiang2024, store, { from: '2000-01-01', year: 2025 })]) {
        const got = await asked()
        expect(E.isLeft(got) && got.left, how).toMatchObject({ code: 'INTEGRITY_FAILED', position: 4 })
      }
  })

  it('answer, never throw, where a correction behind the value says no entry it amends', async () => {
    const { file } = await ledgerFile()
    const db = new Database(file)
    db.exec(`UPDATE entries SET body = json_set(body, '$.data', json('null')) WHERE position = 7`)
    db.close()
    for (const [how, store] of both(file)) {
      const l = await lineage(jiaxiang2024, store, q)()
      expect(E.isRight(l) && l.right.entries.map((e) => [e.position, e.amends]), how).toEqual([
        [1, null],
        [4, null],
        [7, ''],
      ])
    }
  })

  it('refuse, naming the entry, where a commit block has lost a count, numbers or its row (cut apart, never trusted)', async () => {
    // each forgery of the first block (entries 1 to 6), and the entry read entry by entry names: the first left without its deltas
    const forgeries = [
      // its counts without their last: entry 6 has no deltas of its own
      { sql: `UPDATE commits SET counts = substr(counts, 1, length(counts) - 4) WHERE first_position = 1`, byEntry: 6 },
      // its row gone: none of its entries has deltas beside it
      { sql: `DELETE FROM commits WHERE first_position = 1`, byEntry: 1 },
      // its numbers cut after four cells, its counts left: entry 4's (a NEV behind the value) are no longer all there
      { sql: `UPDATE commits SET deltas = substr(deltas, 1, 8 * 28) WHERE first_position = 1`, byEntry: 4 },
    ]
    // with a snapshot past the block the tally does not read it, and lineage's own reading of the deltas must find it
    for (const snapshot of [false, true])
      for (const { sql, byEntry } of forgeries) {
        const { file } = await ledgerFile()
        if (snapshot) {
          const store = sqliteStore({ file })
          expect(await writeSnapshots(store, 6)()).toEqual(E.right(1))
          await store.close()
        }
        const db = new Database(file)
        db.exec(sql)
        db.close()
        for (const [how, store] of both(file))
          for (const asked of [lineage(jiaxiang2024, store, q), diff(jiaxiang2024, store, { from: '2000-01-01', year: 2025 })]) {
            const got = await asked()
            const what = `${sql} / ${how}${snapshot ? ' / snapshot at 6' : ''}`
            expect(E.isLeft(got) && got.left, what).toMatchObject({ code: 'INTEGRITY_FAILED' })
            // a block not whole is refused whole, at its first entry
            expect(E.isLeft(got) && 'position' in got.left ? got.left.position : undefined, what).toBe(how === 'entry by entry' ? byEntry : 1)
          }
      }
  })
})
