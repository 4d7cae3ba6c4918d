import { createLedger, emptyTally, loadTally, memoryStore, tallyDeltas, verifyStore, type EventStore } from '@policy-ledger/core'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { registered, right, schemaPerTest } from './fixtures.test-helpers.js'

const url = inject('databaseUrl')
const sizes = [3, 1, 6, 2]

describe('postgres: schema migrations', () => {
  const scratch = schemaPerTest(url, 'migrate')

  it('brings a ledger written at schema version 1 to the current version: every entry kept, deltas packed by commit, the chain extended', async () => {
    const store = scratch.open()
    const reference = memoryStore()
    let now = Date.UTC(2025, 0, 1)
    const ledgers = [createLedger({ store, clock: () => now }), createLedger({ store: reference, clock: () => now })]
    let n = 0
    for (const size of sizes) {
      now += 60_000
      const batch = Array.from({ length: size }, () => registered('migrate', n++))
      for (const ledger of ledgers) right(await ledger.recordBatch(batch)())
    }
    const log = right(await store.readAll({ after: 0, limit: 100 })())
    const perEntry = right(await store.readDeltas({ after: 0, limit: 100 })())

    // what a version-1 schema held: each entry's deltas beside it, no commits, snapshots, append function or unit_roles
    const s = pg.escapeIdentifier(scratch.schema())
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await admin.query(`ALTER TABLE ${s}.entries ADD COLUMN deltas bytea`)
      for (const d of perEntry) await admin.query(`UPDATE ${s}.entries SET deltas = $1 WHERE position = $2`, [Buffer.from(d.deltas.buffer, d.deltas.byteOffset, d.deltas.byteLength), d.position])
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
      const next = right(await createLedger({ store: migrated, clock: () => now }).record(registered('migrate', n))())
      expect(next).toMatchObject({ position: log.length + 1, prevHash: log.at(-1)?.hash })
      expect(right(await verifyStore(migrated)())).toMatchObject({ ok: true, count: log.length + 1 })
    } finally {
      await admin.end()
    }
  })
})
