import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, DELTA_WIDTH, emptyTally, loadTally, memoryStore, reportYears, tallyDeltas, verifyStore, writeSnapshots, type EventStore } from '@policy-ledger/core'
import { jiaxiang2024 as plan } from '@policy-ledger/plan-jiaxiang-2024'
import { jiaxiang } from '@policy-ledger/testkit'
import { formatOne } from '@policy-ledger/testkit/tamper'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { registered, right, schemaPerTest } from './fixtures.test-helpers.js'
import { float64s } from './read.js'

const url = inject('databaseUrl')
const sizes = [3, 1, 6, 2]
const bytesOf = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

describe('postgres: schema migrations', () => {
  const scratch = schemaPerTest(url, 'migrate')

  it('brings a ledger written at schema version 1 to the current version: every entry kept, deltas packed by commit, the chain extended', async () => {
    const store = scratch.open()
    const reference = memoryStore()
    let now = Date.UTC(2025, 0, 1)
    const ledgers = [createLedger({ plan: jiaxiang2024, store, clock: () => now }), createLedger({ plan: jiaxiang2024, store: reference, clock: () => now })]
    let n = 0
    for (const size of sizes) {
      now += 60_000
      const batch = Array.from({ length: size }, () => registered('migrate', n++))
      for (const ledger of ledgers) right(await ledger.recordBatch(batch)())
    }
    const log = right(await store.readAll({ after: 0, limit: 100 })())
    const perEntry = right(await store.readDeltas({ after: 0, limit: 100 })())

    // what a version-1 schema held: each entry's deltas beside it (in delta format 1), no commits, snapshots, append function or unit_roles
    const s = pg.escapeIdentifier(scratch.schema())
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`ALTER TABLE ${s}.entries ADD COLUMN deltas bytea`)
      for (const d of perEntry) await admin.query(`UPDATE ${s}.entries SET deltas = $1 WHERE position = $2`, [bytesOf(formatOne(d.deltas)), d.position])
      await admin.query(`ALTER TABLE ${s}.entries ALTER COLUMN deltas SET NOT NULL`)
      await admin.query(`DROP TABLE ${s}.commits, ${s}.snapshots, ${s}.meta, ${s}.unit_roles`)
      await admin.query(`DROP FUNCTION ${s}.recorded_by_check`)
      await admin.query(`DROP FUNCTION ${s}.append`)
      await admin.query(`DELETE FROM ${s}.migrations WHERE version > 1`)

      const migrated: EventStore = scratch.open()
      expect(right(await migrated.readAll({ after: 0, limit: 100 })())).toEqual(log)
      const versions = (await admin.query<{ version: number }>(`SELECT version FROM ${s}.migrations ORDER BY version`)).rows.map((r) => r.version)
      expect(versions.length).toBeGreaterThan(1)
      expect(versions).toEqual(versions.map((_, i) => i + 1))
      // one block per commit, as appended
      const blocks = right(await (migrated.readDeltaBlocks as NonNullable<EventStore['readDeltaBlocks']>)({ after: 0, limit: 100 })())
      expect(blocks.map((b) => [b.first, b.counts.length])).toEqual(sizes.map((size, i) => [1 + sizes.slice(0, i).reduce((a, b) => a + b, 0), size]))
      expect(right(await migrated.readDeltas({ after: 0, limit: 100 })())).toEqual(perEntry)
      const tally = right(await loadTally(migrated)())
      const expected = right(await loadTally(reference)())
      expect([tally.position, [...tallyDeltas(tally)]]).toEqual([expected.position, [...tallyDeltas(expected)]])
      expect(right(await loadTally(migrated, { position: 5 }, emptyTally())()).position).toBe(5)
      // and the chain goes on from where version 1 left it
      now += 60_000
      const next = right(await createLedger({ plan: jiaxiang2024, store: migrated, clock: () => now }).record(registered('migrate', n))())
      expect(next).toMatchObject({ position: log.length + 1, prevHash: log.at(-1)?.hash })
      expect(right(await verifyStore(migrated)())).toMatchObject({ ok: true, count: log.length + 1 })
    } finally {
      await admin.end()
    }
  })

  it('rewrites the deltas and snapshots of a schema in delta format 1 to format 2 in one transaction: entries untouched, verify intact, the same report', async () => {
    const store = scratch.open()
    let now = 0
    const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => now })
    for (const commit of jiaxiang({ scale: 0.002, batchSize: 100 })) {
      now = commit.recordedAt
      right(await ledger.recordBatch(commit.inputs)())
    }
    expect(right(await writeSnapshots(store, 300)())).toBeGreaterThan(0)
    const tally = right(await loadTally(store)())
    const reportBefore = reportYears(plan, tally)
    const s = pg.escapeIdentifier(scratch.schema())
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    const all = async (table: string, order: string): Promise<unknown[][]> => (await admin.query({ text: `SELECT * FROM ${s}.${table} ORDER BY ${order}`, rowMode: 'array' })).rows
    const rows = async () => ({ entries: await all('entries', 'position'), commits: await all('commits', 'last_position'), snapshots: await all('snapshots', 'position'), head: await all('head', 'position') })
    try {
      const inFormat2 = await rows()
      // the same rows as the release before format 2 kept them: deltas and snapshots in format 1, migrated up to version 4
      for (const [last, , , counts, deltas] of inFormat2.commits as Array<[string, string, string, number[], Buffer]>)
        await admin.query(`UPDATE ${s}.commits SET counts = $1, deltas = $2 WHERE last_position = $3`, [counts.map((n) => (n / DELTA_WIDTH) * 4), bytesOf(formatOne(float64s(deltas))), last])
      for (const [position, , deltas] of inFormat2.snapshots as Array<[string, string, Buffer]>)
        await admin.query(`UPDATE ${s}.snapshots SET deltas = $1 WHERE position = $2`, [bytesOf(formatOne(float64s(deltas))), position])
      await admin.query(`DELETE FROM ${s}.migrations WHERE version = 5`)
      // …derived by rules 2, the keys Jiaxiang's catalogue numbers (formatOne)
      await admin.query(`UPDATE ${s}.meta SET value = '2' WHERE key = 'derivation_rules'`)
      const inFormat1 = await rows()
      expect(inFormat1.commits).not.toEqual(inFormat2.commits)

      // a migration that fails part of the way through (at the last snapshot) leaves every row as it was
      const lastSnapshot = (inFormat1.snapshots.at(-1) as [string])[0]
      await admin.query(`CREATE FUNCTION ${s}.cut_short() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cut short'; END $$`)
      await admin.query(`CREATE TRIGGER cut_short BEFORE UPDATE ON ${s}.snapshots FOR EACH ROW WHEN (NEW.position = ${Number(lastSnapshot)}) EXECUTE FUNCTION ${s}.cut_short()`)
      const failing = scratch.open()
      const refused = await failing.head()()
      expect(E.isLeft(refused) && refused.left.message).toMatch(/cut short/)
      expect(await rows()).toEqual(inFormat1)
      await admin.query(`DROP TRIGGER cut_short ON ${s}.snapshots`)
      await admin.query(`DROP FUNCTION ${s}.cut_short`)

      // migrated to format 2, then derived again by rules 3 from the entries: the snapshots dropped, to be written again
      const migrated = scratch.open()
      expect(right(await verifyStore(migrated)())).toMatchObject({ ok: true, count: inFormat2.entries.length, derived: { commits: inFormat2.commits.length, snapshots: 0 } })
      // every block as this release derives it, the entries and the head as they were
      const derivedAgain = { ...inFormat2, snapshots: [] }
      expect(await rows()).toEqual(derivedAgain)
      expect(reportYears(plan, right(await loadTally(migrated)()))).toEqual(reportBefore)
      const versions = (await admin.query<{ version: number }>(`SELECT version FROM ${s}.migrations ORDER BY version`)).rows.map((r) => r.version)
      expect(versions).toEqual([1, 2, 3, 4, 5])
      // migrating again changes nothing
      right(await scratch.open().head()())
      expect(await rows()).toEqual(derivedAgain)
      expect((await admin.query(`SELECT version FROM ${s}.migrations ORDER BY version`)).rows.length).toBe(5)
    } finally {
      await admin.end()
    }
  })
})
