import { createLedger, entryBody, type Entry } from '@policy-ledger/core'
import { tamperMatrix } from '@policy-ledger/testkit/tamper'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { inject } from 'vitest'
import { dropSchema, freshSchema, openStore } from './fixtures.test-helpers.js'

const url = inject('databaseUrl')
const VIN = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

// one log recorded through the real store; each case gets a copy in a schema of its own and tampers with its rows by SQL
tamperMatrix('postgres', async () => {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const base = freshSchema('tamper')
  const store = openStore(url, base)
  const recorded = await createLedger({ store }).recordBatch(
    Array.from({ length: 7 }, (_, k) => ({
      id: uuid(k + 1),
      type: 'VehicleRegistered' as const,
      occurredAt: `2025-0${(k % 9) + 1}-15T09:00:00+08:00`,
      recordedBy: 'public-security' as const,
      source: { system: 'registry', recordId: `DJ-${k}` },
      data: { vin: VIN(k), category: 'passenger-car' as const, fuelType: 'bev' as const, emissionStandard: 'none' as const, use: 'non-commercial' as const, town: 'zhifang' as const },
    })),
  )()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
  const log: ReadonlyArray<Entry> = recorded.right.recorded
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
      await admin.query(`INSERT INTO ${t}.entries SELECT * FROM ${pg.escapeIdentifier(base)}.entries`)
      return {
        store: copy,
        rows: {
          rewrite: async (position, { entry, hash }) => {
            if (entry !== undefined) await admin.query(`UPDATE ${t}.entries SET body = $1 WHERE position = $2`, [entryBody(entry), position])
            if (hash !== undefined) await admin.query(`UPDATE ${t}.entries SET hash = $1 WHERE position = $2`, [hash, position])
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
        dispose: () => copy.close(),
      }
    },
    dispose: async () => {
      await admin.end()
      for (const s of schemas) await dropSchema(url, s)
    },
  }
})
