import { createLedger, entryBody, writeSnapshots, type Entry } from '@policy-ledger/core'
import { tamperMatrix, type StoredCommit, type StoredSnapshot } from '@policy-ledger/testkit/tamper'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { inject } from 'vitest'
import { dropSchema, freshSchema, openStore } from './fixtures.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const url = inject('databaseUrl')
const VIN = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const float64s = (xs: ReadonlyArray<number>): Buffer => {
  const a = Float64Array.from(xs)
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}
const numbers = (b: Buffer): number[] => [...new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)]

// one log recorded through the real store, in several commits, with snapshots; each case gets a copy in a schema of its own and tampers with its rows by SQL
tamperMatrix(
  'postgres',
  async () => {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const base = freshSchema('tamper')
  const store = openStore(url, base)
  let now = Date.UTC(2025, 5, 1)
  const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => (now += 60_000) })
  const registered = (k: number) => ({
    id: uuid(k + 1),
    type: 'VehicleRegistered' as const,
    occurredAt: `2025-0${(k % 9) + 1}-15T09:00:00+08:00`,
    recordedBy: 'public-security' as const,
    source: { system: 'registry', recordId: `DJ-${k}` },
    data: { vin: VIN(k), category: 'passenger-car' as const, fuelType: 'bev' as const, emissionStandard: 'none' as const, use: 'non-commercial' as const, town: 'zhifang' as const },
  })
  const log: Entry[] = []
  for (const batch of [[0, 1], [2], [3, 4, 5], [6]]) {
    const recorded = await ledger.recordBatch(batch.map(registered))()
    if (E.isLeft(recorded)) throw new Error(recorded.left.message)
    log.push(...recorded.right.recorded)
  }
  const snapshots = await writeSnapshots(store, 3)()
  if (E.isLeft(snapshots)) throw new Error(snapshots.left.message)
  await store.close()
  const schemas = [base]
  return {
    log: async () => log,
    copy: async () => {
      const schema = freshSchema('tamper')
      schemas.push(schema)
      const copy = openStore(url, schema)
      const migrated = await copy.head()()
      if (E.isLeft(migrated)) throw new Error(migrated.left.message)
      const t = pg.escapeIdentifier(schema)
      const b = pg.escapeIdentifier(base)
      for (const table of ['entries', 'commits', 'snapshots']) await admin.query(`INSERT INTO ${t}.${table} SELECT * FROM ${b}.${table}`)
      await admin.query(`UPDATE ${t}.head h SET position = o.position, hash = o.hash, recorded_at = o.recorded_at FROM ${b}.head o`)
      const putCommit = (c: StoredCommit) =>
        admin.query(
          `INSERT INTO ${t}.commits (last_position, first_position, recorded_at, counts, deltas) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (last_position) DO UPDATE SET first_position = excluded.first_position, recorded_at = excluded.recorded_at, counts = excluded.counts, deltas = excluded.deltas`,
          [c.last, c.first, c.recordedAt, [...c.counts], float64s(c.deltas)],
        )
      return {
        store: copy,
        rows: {
          rewrite: async (position, { entry, hash }) => {
            if (entry !== undefined) await admin.query(`UPDATE ${t}.entries SET body = $1 WHERE position = $2`, [entryBody(entry), position])
            if (hash !== undefined) await admin.query(`UPDATE ${t}.entries SET hash = $1 WHERE position = $2`, [hash, position])
          },
          setBody: async (position, body) => {
            await admin.query(`UPDATE ${t}.entries SET body = $1 WHERE position = $2`, [body, position])
          },
          setColumn: async (position, column, value) => {
            await admin.query(`UPDATE ${t}.entries SET ${pg.escapeIdentifier(column)} = $1 WHERE position = $2`, [value, position])
          },
          remove: async (from, to) => {
            await admin.query(`DELETE FROM ${t}.entries WHERE position BETWEEN $1 AND $2`, [from, to])
          },
          swap: async (a, b) => {
            // the primary key is checked row by row: move one aside first
            await admin.query('BEGIN')
            await admin.query(`UPDATE ${t}.entries SET position = -1 WHERE position = $1`, [a])
            await admin.query(`UPDATE ${t}.entries SET position = $1 WHERE position = $2`, [a, b])
            await admin.query(`UPDATE ${t}.entries SET position = $1 WHERE position = -1`, [b])
            await admin.query('COMMIT')
          },
        },
        derived: {
          commits: async () =>
            (await admin.query<{ first: string; last: string; recordedAt: string; counts: number[]; deltas: Buffer }>(
              `SELECT first_position AS first, last_position AS last, recorded_at AS "recordedAt", counts, deltas FROM ${t}.commits ORDER BY last_position`,
            )).rows.map((r) => ({ first: Number(r.first), last: Number(r.last), recordedAt: Number(r.recordedAt), counts: r.counts, deltas: numbers(r.deltas) })),
          putCommit: async (c) => {
            await putCommit(c)
          },
          deleteCommit: async (last) => {
            await admin.query(`DELETE FROM ${t}.commits WHERE last_position = $1`, [last])
          },
          snapshots: async (): Promise<StoredSnapshot[]> =>
            (await admin.query<{ position: string; recordedAt: string; deltas: Buffer }>(`SELECT position, recorded_at AS "recordedAt", deltas FROM ${t}.snapshots ORDER BY position`)).rows.map((r) => ({
              position: Number(r.position),
              recordedAt: Number(r.recordedAt),
              deltas: numbers(r.deltas),
            })),
          putSnapshot: async (s) => {
            await admin.query(
              `INSERT INTO ${t}.snapshots (position, recorded_at, deltas) VALUES ($1, $2, $3) ON CONFLICT (position) DO UPDATE SET recorded_at = excluded.recorded_at, deltas = excluded.deltas`,
              [s.position, s.recordedAt, float64s(s.deltas)],
            )
          },
          deleteSnapshot: async (position) => {
            await admin.query(`DELETE FROM ${t}.snapshots WHERE position = $1`, [position])
          },
          setHead: async (head) => {
            await admin.query(`UPDATE ${t}.head SET position = $1, hash = $2, recorded_at = $3`, [head.position, head.hash, head.recordedAt])
          },
          setRecordedAt: async (position, recordedAt) => {
            await admin.query(`UPDATE ${t}.entries SET recorded_at = $1 WHERE position = $2`, [recordedAt, position])
          },
        },
        dispose: () => copy.close(),
      }
    },
    dispose: async () => {
      await admin.end()
      for (const s of schemas) await dropSchema(url, s)
    },
  }
  },
  { headRow: true, recordedAtColumn: true },
)
