import { DERIVATION_RULES, GENESIS_HASH, said, upgradedLength, upgradeDeltas, type StorageFailed } from '@policy-ledger/core'
import { deriveAgain, rulesOf, setRules } from './derive.js'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type pg from 'pg'
import { lockSchema, transaction, type Db } from './db.js'
import { notALedger, RECORDED_BY_REFUSED } from './failures.js'
import { float64s } from './read.js'
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
  /** rows rewritten after the statements, where the change is more than SQL says well */
  readonly rewrite?: (client: pg.PoolClient, schema: string) => Promise<void>
}

const PAGE = 500

const bytesOf = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/*
 * Delta format 2 (see core's deltas.ts): every commit block and
 * snapshot rewritten from format 1 (four numbers a delta, the series packed
 * into one) to format 2 (seven, each key its own number), by arithmetic
 * alone, and each entry's count of numbers with it. Only derived data
 * changes: the entries (bodies, hashes, the chain) say nothing of how
 * deltas are packed, and verify holds the rewritten deltas to them exactly
 * as before. A page at a time, inside the migration's transaction.
 */
const toDeltaFormat2 = async (client: pg.PoolClient, s: string): Promise<void> => {
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ last: string; counts: number[]; deltas: Buffer }>(
      `SELECT last_position AS last, counts, deltas FROM ${s}.commits WHERE last_position > $1 ORDER BY last_position LIMIT $2`,
      [after, PAGE],
    )
    for (const row of rows)
      await client.query(`UPDATE ${s}.commits SET counts = $1, deltas = $2 WHERE last_position = $3`, [row.counts.map(upgradedLength), bytesOf(upgradeDeltas(float64s(row.deltas))), row.last])
    if (rows.length < PAGE) break
    after = Number((rows[rows.length - 1] as { last: string }).last)
  }
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ position: string; deltas: Buffer }>(`SELECT position, deltas FROM ${s}.snapshots WHERE position > $1 ORDER BY position LIMIT $2`, [after, PAGE])
    for (const row of rows) await client.query(`UPDATE ${s}.snapshots SET deltas = $1 WHERE position = $2`, [bytesOf(upgradeDeltas(float64s(row.deltas))), row.position])
    if (rows.length < PAGE) break
    after = Number((rows[rows.length - 1] as { position: string }).position)
  }
}

/**
 * An append in one round trip. The batch arrives sealed from the head the
 * client believes current; under the head row's lock (FOR UPDATE, the write
 * lock) the function checks that the head is still that one, so the batch is
 * exactly what sealing under the lock would have made. Then, as before: each
 * expected revision, ids held (then an id the batch itself repeats, which the
 * client names), the entries, the commit's deltas, the head, the
 * notification. A moved head is answered with the head as it is, and nothing
 * is written. Each statement of a volatile function sees what committed
 * before it, so the checks see every append ahead in the queue.
 */
const appendFunction = (s: string): string => `
CREATE FUNCTION ${s}.append(
  from_position bigint, from_hash text, from_recorded_at bigint, at bigint,
  expected_streams text[], expected_revisions integer[],
  ids text[], streams text[], revisions integer[], bodies text[], hashes text[],
  counts integer[], deltas bytea, channel text, repeated_id text)
RETURNS TABLE (outcome text, conflict_stream text, conflict_expected integer, conflict_actual integer, held_id text,
               head_position bigint, head_hash text, head_recorded_at bigint)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  h record;
  c record;
  held text;
  n bigint := cardinality(ids);
BEGIN
  SELECT hd.position, hd.hash, hd.recorded_at INTO h FROM ${s}.head hd FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'no-head', NULL::text, NULL::integer, NULL::integer, NULL::text, NULL::bigint, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  IF h.position <> from_position OR h.hash <> from_hash OR h.recorded_at <> from_recorded_at THEN
    RETURN QUERY SELECT 'moved', NULL::text, NULL::integer, NULL::integer, NULL::text, h.position, h.hash, h.recorded_at;
    RETURN;
  END IF;
  SELECT x.stream, x.revision, coalesce(m.revision, 0) AS actual INTO c
    FROM unnest(expected_streams, expected_revisions) WITH ORDINALITY AS x(stream, revision, i)
    LEFT JOIN LATERAL (SELECT max(e.revision) AS revision FROM ${s}.entries e WHERE e.stream = x.stream) m ON true
   WHERE coalesce(m.revision, 0) <> x.revision
   ORDER BY x.i LIMIT 1;
  IF FOUND THEN
    RETURN QUERY SELECT 'conflict', c.stream, c.revision, c.actual, NULL::text, NULL::bigint, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  SELECT e.id INTO held FROM ${s}.entries e WHERE e.id = ANY(ids) LIMIT 1;
  IF held IS NOT NULL OR repeated_id IS NOT NULL THEN
    RETURN QUERY SELECT 'id-held', NULL::text, NULL::integer, NULL::integer, coalesce(held, repeated_id), NULL::bigint, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  INSERT INTO ${s}.entries (position, id, stream, revision, recorded_at, body, hash)
    SELECT from_position + x.i, x.id, x.stream, x.revision, at, x.body, x.hash
      FROM unnest(ids, streams, revisions, bodies, hashes) WITH ORDINALITY AS x(id, stream, revision, body, hash, i);
  INSERT INTO ${s}.commits (last_position, first_position, recorded_at, counts, deltas) VALUES (from_position + n, from_position + 1, at, counts, deltas);
  UPDATE ${s}.head SET position = from_position + n, hash = hashes[n], recorded_at = at;
  -- delivered at commit, to followers waiting on the channel
  PERFORM pg_notify(channel, (from_position + n)::text);
  RETURN QUERY SELECT 'appended', NULL::text, NULL::integer, NULL::integer, NULL::text, from_position + n, hashes[n], at;
END
$fn$`

/**
 * The check behind department roles (see roles.ts), attached to the entries
 * table only where `installDepartmentRoles` is run: an entry whose
 * recordedBy is not a unit mapped to the role that logged in is refused,
 * with the SQLSTATE failures.ts names. It asks `session_user`, not
 * `current_user`: a department's append runs inside the SECURITY DEFINER
 * `append` function, where `current_user` is the schema's owner for every
 * caller; `session_user` is the role that authenticated, which SET ROLE does
 * not change. Members of the entries table's owner (the schema's owner, who
 * migrates, copies and derives again) are exempt.
 */
const recordedByCheck = (s: string): string => `
CREATE FUNCTION ${s}.recorded_by_check() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  claimed text := (NEW.body::jsonb) ->> 'recordedBy';
  mapped text;
BEGIN
  IF pg_catalog.pg_has_role(session_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER')
     OR EXISTS (SELECT 1 FROM ${s}.unit_roles r WHERE r.role = session_user AND r.unit = claimed) THEN
    RETURN NEW;
  END IF;
  SELECT string_agg(r.unit, ', ' ORDER BY r.unit) INTO mapped FROM ${s}.unit_roles r WHERE r.role = session_user;
  RAISE EXCEPTION USING ERRCODE = '${RECORDED_BY_REFUSED}',
    MESSAGE = format('数据库角色 %s 无权记录 recordedBy 为 %s 的条目（可记录 %s）：位置 %s，%s — database role %s may not record an entry whose recordedBy is %s (it records for %s): position %s, %s',
      session_user, coalesce(claimed, '（无）'), coalesce(mapped, '无'), NEW.position, NEW.body::jsonb ->> 'type',
      session_user, coalesce(claimed, '(none)'), coalesce(mapped, 'no unit'), NEW.position, NEW.body::jsonb ->> 'type');
END
$fn$`

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
  {
    version: 2,
    name: 'commit blocks, tally snapshots, and appends in one statement',
    up: (s) => [
      {
        // one row per append: its entries' tally deltas end to end (Float64, little-endian) and how many numbers
        // each has, so that a replay reads a thousand entries' deltas in one row
        text: `CREATE TABLE ${s}.commits (
          last_position bigint PRIMARY KEY,
          first_position bigint NOT NULL,
          recorded_at bigint NOT NULL,
          counts integer[] NOT NULL,
          deltas bytea NOT NULL)`,
      },
      {
        // a commit's entries share one recordedAt, and every commit's is later than the one before
        text: `INSERT INTO ${s}.commits (last_position, first_position, recorded_at, counts, deltas)
          SELECT max(position), min(position), recorded_at,
                 array_agg((length(deltas) / 8)::integer ORDER BY position), string_agg(deltas, ''::bytea ORDER BY position)
            FROM ${s}.entries GROUP BY recorded_at`,
      },
      { text: `ALTER TABLE ${s}.entries DROP COLUMN deltas` },
      {
        // derived data, rebuilt from the log at will: the whole tally at a position, packed like one entry's deltas
        text: `CREATE TABLE ${s}.snapshots (
          position bigint PRIMARY KEY,
          recorded_at bigint NOT NULL,
          deltas bytea NOT NULL)`,
      },
      { text: appendFunction(s) },
    ],
  },
  {
    version: 3,
    name: 'meta: the rules the derived data was made by',
    // what was derived before this version was kept was derived by rules 1 (see derive.ts)
    up: (s) => [{ text: `CREATE TABLE ${s}.meta (key text PRIMARY KEY, value text NOT NULL)` }],
  },
  {
    version: 4,
    name: 'unit_roles: which units each department role records for',
    // empty, and the check not attached, until installDepartmentRoles is run (see roles.ts)
    up: (s) => [{ text: `CREATE TABLE ${s}.unit_roles (role name NOT NULL, unit text NOT NULL, PRIMARY KEY (role, unit))` }, { text: recordedByCheck(s) }],
  },
  {
    version: 5,
    name: 'delta format 2: each key of a series its own number',
    up: () => [],
    rewrite: toDeltaFormat2,
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
  if (foreign.length > 0) return refuse(said({ zh: `其中有台账不会保存的表（${foreign.join('、')}）`, en: `it holds tables a ledger does not keep (${foreign.join(', ')})` }))
  if (!tables.includes('migrations')) return refuse(said({ zh: `其中有表 ${tables.join('、')}，但没有迁移记录`, en: `it holds ${tables.join(', ')} but no record of migrations` }))
  const columns = (
    await rows<{ column_name: string }>(
      client,
      // the catalog, not information_schema, which hides the columns of a table the role may not read
      `SELECT a.attname AS column_name FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = 'migrations' AND a.attnum > 0 AND NOT a.attisdropped`,
      [name],
    )
  ).map((r) => r.column_name)
  if (!['version', 'name', 'applied_at'].every((c) => columns.includes(c))) return refuse(said({ zh: '其迁移表不是台账的迁移表', en: "its migrations table is not a ledger's" }))
  const versions = (await rows<{ version: number }>(client, `SELECT version FROM ${sql}.migrations ORDER BY version`)).map((r) => r.version)
  if (versions.some((v, i) => v !== i + 1)) return refuse(said({ zh: `其迁移记录已损坏（版本 ${versions.join('、')}）`, en: `its migrations record is damaged (versions ${versions.join(', ')})` }))
  if (versions.length > LATEST)
    return refuse(
        said({ zh: `由更新版本的 policy-ledger 迁移（结构版本 ${versions.length}，本版本至多 ${LATEST}），请升级 policy-ledger`, en: `it was migrated by a newer policy-ledger (schema version ${versions.length}; this one knows up to ${LATEST})` }),
      )
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
  if (tables.length !== LEDGER_TABLES.length) return E.left(notALedger(db.target, db.schema.name, said({ zh: '缺少部分台账表', en: 'some of its ledger tables are missing' })))
  const heads = await rows<{ n: number }>(client, `SELECT count(*)::int AS n FROM ${db.schema.sql}.head`)
  if (heads[0]?.n !== 1) return E.left(notALedger(db.target, db.schema.name, said({ zh: `其链头行缺失或重复（${heads[0]?.n ?? 0} 行）`, en: `its head row is missing or doubled (${heads[0]?.n ?? 0} rows)` })))
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
    await lockSchema(db, client)
    const found = await inspect(db, client)
    if (E.isLeft(found)) return found
    const fresh = found.right === 0
    if (found.right < LATEST) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${sql}`)
      await client.query(`CREATE TABLE IF NOT EXISTS ${sql}.migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`)
      for (const m of MIGRATIONS.slice(found.right)) {
        for (const { text, values } of m.up(sql)) await client.query(text, values === undefined ? [] : [...values])
        await m.rewrite?.(client, sql)
        await client.query(`INSERT INTO ${sql}.migrations (version, name) VALUES ($1, $2)`, [m.version, m.name])
      }
    }
    const checked = await verify(db, client)
    if (E.isLeft(checked)) return checked
    // a new schema's derived data is by this release's rules; an older one's is derived again if they are newer
    if (fresh) await setRules(db, client, DERIVATION_RULES)
    const rules = await rulesOf(db, client)
    if (rules > DERIVATION_RULES)
      return E.left(notALedger(
          db.target,
          name,
          said({ zh: `其派生数据由更新版本的规则生成（版本 ${rules}，本版本至多 ${DERIVATION_RULES}），请升级 policy-ledger`, en: `its derived data was made by a newer policy-ledger's rules (version ${rules}; this one knows up to ${DERIVATION_RULES})` }),
        ))
    return rules < DERIVATION_RULES ? deriveAgain(db, client) : E.right(undefined)
  })
