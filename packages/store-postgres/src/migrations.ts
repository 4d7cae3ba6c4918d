import { GENESIS_HASH, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type pg from 'pg'
import { transaction, type Db } from './db.js'
import { notALedger } from './failures.js'
import { LEDGER_TABLES } from './schema.js'

interface Statement {
  readonly text: string
  readonly values?: ReadonlyArray<unknown>
}

/** One step of the schema, applied once, in order; never edited after release, only followed by another. */
interface Migration {
  readonly version: number
  readonly name: string
  readonly up: (schema: string) => ReadonlyArray<Statement>
}

const MIGRATIONS: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: 'entries and the head of the chain',
    up: (s) => [
      {
        // body: the canonical text the hash covers, kept as is so that reading back needs no re-serialising;
        // deltas: the entry's packed tally delta (Float64, little-endian), read by replays without touching body
        text: `CREATE TABLE ${s}.entries (
          position bigint PRIMARY KEY,
          id text NOT NULL CONSTRAINT entries_id_unique UNIQUE,
          stream text NOT NULL,
          revision integer NOT NULL,
          recorded_at bigint NOT NULL,
          body text NOT NULL,
          hash text NOT NULL,
          deltas bytea NOT NULL,
          CONSTRAINT entries_stream_revision_unique UNIQUE (stream, revision))`,
      },
      {
        // one row: the end of the chain. Appenders lock it (FOR UPDATE), which is the ledger's write lock
        text: `CREATE TABLE ${s}.head (
          only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
          position bigint NOT NULL,
          hash text NOT NULL,
          recorded_at bigint NOT NULL)`,
      },
      { text: `INSERT INTO ${s}.head (position, hash, recorded_at) VALUES (0, $1, 0)`, values: [GENESIS_HASH] },
    ],
  },
]

const LATEST = MIGRATIONS.length

const rows = async <R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, values: ReadonlyArray<unknown> = []): Promise<R[]> =>
  (await client.query<R>(text, [...values])).rows

/**
 * What the schema holds: the version of a ledger's schema (0: nothing there
 * yet), or why it is not a ledger at all and must not be touched.
 */
const inspect = async (db: Db, client: pg.PoolClient): Promise<E.Either<StorageFailed, number>> => {
  const { name, sql } = db.schema
  const refuse = (why: string) => E.left(notALedger(db.target, name, why))
  const tables = (
    await rows<{ relname: string }>(
      client,
      `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`,
      [name],
    )
  ).map((r) => r.relname)
  if (tables.length === 0) return E.right(0)
  const foreign = tables.filter((t) => !(LEDGER_TABLES as ReadonlyArray<string>).includes(t))
  if (foreign.length > 0) return refuse(`it holds tables a ledger does not keep (${foreign.join(', ')})`)
  if (!tables.includes('migrations')) return refuse(`it holds ${tables.join(', ')} but no record of migrations`)
  const columns = (
    await rows<{ column_name: string }>(
      client,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'migrations'`,
      [name],
    )
  ).map((r) => r.column_name)
  if (!['version', 'name', 'applied_at'].every((c) => columns.includes(c))) return refuse('its migrations table is not a ledger\'s')
  const versions = (await rows<{ version: number }>(client, `SELECT version FROM ${sql}.migrations ORDER BY version`)).map((r) => r.version)
  if (versions.some((v, i) => v !== i + 1)) return refuse(`its migrations record is damaged (versions ${versions.join(', ')})`)
  if (versions.length > LATEST)
    return refuse(`it was migrated by a newer policy-ledger (schema version ${versions.length}; this one knows up to ${LATEST})`)
  return E.right(versions.length)
}

/** A migrated ledger must have its tables and exactly one head row; anything else is damage, not ours to repair. */
const verify = async (db: Db, client: pg.PoolClient): Promise<E.Either<StorageFailed, void>> => {
  const tables = await rows<{ relname: string }>(
    client,
    `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p')`,
    [db.schema.name, LEDGER_TABLES],
  )
  if (tables.length !== LEDGER_TABLES.length) return E.left(notALedger(db.target, db.schema.name, 'some of its ledger tables are missing'))
  const heads = await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM ${db.schema.sql}.head`)
  if (heads[0]?.n !== 1) return E.left(notALedger(db.target, db.schema.name, `its head row is missing or doubled (${heads[0]?.n ?? 0} rows)`))
  return E.right(undefined)
}

/**
 * Bring the schema to the latest version: each migration once, in order,
 * in one transaction under an advisory lock, so that processes starting
 * together migrate once. A schema that is not a ledger is left untouched.
 */
export const migrate = (db: Db): TaskEither<StorageFailed, void> =>
  transaction(db, 'preparing the ledger schema', async (client) => {
    const { name, sql } = db.schema
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`policy-ledger/${name}`])
    const found = await inspect(db, client)
    if (E.isLeft(found)) return found
    if (found.right < LATEST) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${sql}`)
      await client.query(`CREATE TABLE IF NOT EXISTS ${sql}.migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`)
      for (const m of MIGRATIONS.slice(found.right)) {
        for (const { text, values } of m.up(sql)) await client.query(text, values === undefined ? [] : [...values])
        await client.query(`INSERT INTO ${sql}.migrations (version, name) VALUES ($1, $2)`, [m.version, m.name])
      }
    }
    return verify(db, client)
  })
