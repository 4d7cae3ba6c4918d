import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { postgresStore } from './index.js'

/** A schema name no other test uses. */
export const freshSchema = (prefix = 't'): string => `${prefix}_${randomBytes(6).toString('hex')}`

/** Drop a test's schema once it is done, so that a shared server (DATABASE_URL) is left clean. */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`)
  } finally {
    await client.end()
  }
}

export const openStore = (url: string, schema: string, follow = { idleMs: 100, retryMs: 200 }) =>
  postgresStore({ connectionString: url, schema, follow })
