import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type EntryDraft, type EventStore, type LedgerError } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { inspect } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { dropSchema, freshSchema, registered, right, schemaPerTest, watchedPool } from './fixtures.test-helpers.js'
import { postgresStore } from './index.js'

const url = inject('databaseUrl')
const password = inject('databasePassword')

const left = <A>(e: E.Either<LedgerError, A>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected an error, got success')
  return e.left
}
const withUrl = (change: (u: URL) => void): string => {
  const u = new URL(url)
  change(u)
  return u.toString()
}

/** Run SQL as an administrator would, beside the store. */
const admin = async <A>(run: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}
const tablesIn = (schema: string): Promise<string[]> =>
  admin(async (c) => (await c.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).rows.map((r) => r.table_name))

describe('postgres: a server that cannot be reached or refuses', () => {
  const secretPassword = 'Wr0ng-Secret-7c1e'
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['a wrong password', withUrl((u) => (u.password = secretPassword)), /refused the credentials/],
    ['a host that does not exist', withUrl((u) => ((u.hostname = 'no-such-host.invalid'), (u.password = secretPassword))), /cannot reach the server/],
    ['a port nobody listens on', withUrl((u) => ((u.port = '1'), (u.password = secretPassword))), /cannot reach the server/],
    ['a database that does not exist', withUrl((u) => (u.pathname = '/no_such_database')), /database does not exist/],
    // passwords of every awkward shape, percent-encoded as a URL must carry them
    ...['p@ss/w:rdS3cr3t', '100%sure%2Fx', 'pass word  sp', '密码口令Zz9'].map(
      (p) => [`a wrong password holding ${JSON.stringify(p)}`, withUrl((u) => (u.password = encodeURIComponent(p))), /refused the credentials/] as const,
    ),
    // the same, written raw: refused before the driver sees it
    ['an unencoded @ and / in the password', url.replace(/\/\/([^:/@]+)(:[^@]*)?@/, '//$1:p@ss/w:rdS3cr3t@'), /percent-encode/],
  ]
  const stores: EventStore[] = []
  afterAll(() => Promise.all(stores.map((s) => s.close())))

  it.each(cases)('%s: a clear STORAGE_FAILED without the password or the connection string, nothing logged', async (_, connectionString, says) => {
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m))
    const store = postgresStore({ connectionString, schema: freshSchema('unreachable') })
    stores.push(store)
    const errors = [left(await store.head()()), left(await createLedger({ plan: jiaxiang2024, store }).record(registered('safety', 1))())]
    for (const error of errors) {
      expect(error.code).toBe('STORAGE_FAILED')
      expect(error.message).toMatch(says)
      // in Chinese first, then once in English, after the server's name
      expect(error.message).toMatch(/^PostgreSQL( [^ ]+)?: \p{Script=Han}/u)
      expect(error.message.split(' / '), error.message).toHaveLength(2)
      if (says.source !== 'percent-encode') expect(error.message).toContain('postgres@')
      const shown = `${JSON.stringify(error)}\n${inspect(error, { depth: null })}\n${String(error.message)}`
      const pieces = [secretPassword, password, connectionString, url, 'rdS3cr3t', 'sure%2Fx', 'pass word', '密码口令Zz9', encodeURIComponent('密码口令Zz9')]
      for (const secret of pieces.filter((s) => s !== '')) expect(shown).not.toContain(secret)
    }
    for (const spy of logged) {
      expect(spy).not.toHaveBeenCalled()
      spy.mockRestore()
    }
  })
})

describe('postgres: a schema that is not a ledger', () => {
  const scratch = schemaPerTest(url, 'foreign')
  const { open } = scratch

  it('refuses a schema holding someone else\'s tables, and writes nothing there', async () => {
    await admin(async (c) => {
      await c.query(`CREATE SCHEMA ${scratch.schema()}`)
      await c.query(`CREATE TABLE ${scratch.schema()}.customers (id integer PRIMARY KEY, name text)`)
      await c.query(`INSERT INTO ${scratch.schema()}.customers VALUES (1, '张三')`)
    })
    const store = open()
    const refused = left(await createLedger({ plan: jiaxiang2024, store }).record(registered('safety', 1))())
    expect(refused.code).toBe('STORAGE_FAILED')
    expect(refused.message).toContain(`schema ${scratch.schema()} is not a policy ledger`)
    expect(refused.message).toContain('customers')
    expect(left(await store.readAll({ after: 0, limit: 10 })()).code).toBe('STORAGE_FAILED')
    expect(await tablesIn(scratch.schema())).toEqual(['customers'])
    expect(await admin(async (c) => (await c.query(`SELECT * FROM ${scratch.schema()}.customers`)).rows)).toEqual([{ id: 1, name: '张三' }])
  })

  it('refuses tables that look like a ledger\'s without its migrations record', async () => {
    await admin(async (c) => {
      await c.query(`CREATE SCHEMA ${scratch.schema()}`)
      await c.query(`CREATE TABLE ${scratch.schema()}.entries (position bigint)`)
    })
    const refused = left(await open().head()())
    expect(refused.message).toMatch(/not a policy ledger: .*no record of migrations/)
    expect(await tablesIn(scratch.schema())).toEqual(['entries'])
  })

  it('refuses a ledger migrated by a newer version, and one whose head row is gone', async () => {
    right(await createLedger({ plan: jiaxiang2024, store: open() }).record(registered('safety', 1))())
    const known = await admin(async (c) => (await c.query<{ v: number }>(`SELECT max(version) AS v FROM ${scratch.schema()}.migrations`)).rows[0]?.v ?? 0)
    await admin((c) => c.query(`INSERT INTO ${scratch.schema()}.migrations (version, name) VALUES ($1, 'from the future')`, [known + 1]))
    expect(left(await open().head()()).message).toContain(`newer policy-ledger (schema version ${known + 1}; this one knows up to ${known})`)
    await admin(async (c) => {
      await c.query(`DELETE FROM ${scratch.schema()}.migrations WHERE version = $1`, [known + 1])
      await c.query(`DELETE FROM ${scratch.schema()}.head`)
    })
    const damaged = left(await createLedger({ plan: jiaxiang2024, store: open() }).record(registered('safety', 2))())
    expect(damaged.message).toMatch(/head row is missing/)
    expect(await admin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${scratch.schema()}.entries`)).rows[0])).toEqual({ n: 1 })
  })

  it('refuses a schema name that is not a plain identifier, before touching the server', async () => {
    const store = postgresStore({ connectionString: url, schema: 'x"; DROP SCHEMA public CASCADE; --' })
    scratch.track(store)
    const refused = left(await store.head()())
    expect(refused.code).toBe('STORAGE_FAILED')
    expect(refused.message).toMatch(/is not a plain identifier/)
    expect(await admin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'public'`)).rows[0])).toEqual({ n: 1 })
  })
})

describe('postgres: every query parameterised', () => {
  const schema = freshSchema('params')
  afterAll(() => dropSchema(url, schema))

  it('sends values only as parameters: hostile ids, streams and data are stored and found as plain text', async () => {
    const { pool, sent } = watchedPool(url)
    const store = postgresStore({ pool, schema })
    const hostile = `'); DROP TABLE ${schema}.entries; -- 嘉祥`
    const draft: EntryDraft = {
      id: `id-${hostile}`,
      type: 'VehicleRegistered',
      version: 1,
      stream: `vehicle-${hostile}`,
      revision: 1,
      occurredAt: '2025-03-01T09:00:00+08:00',
      recordedBy: 'public-security',
      source: { system: hostile, recordId: hostile },
      correlationId: hostile,
      causationId: null,
      data: { note: hostile },
    }
    const [entry] = right(await store.append({ drafts: [{ entry: draft, deltas: new Float64Array([1, 2, 3, 4]) }], expected: [{ stream: draft.stream, revision: 0 }], now: Date.now() })())
    expect(right(await store.readStream(draft.stream)())).toEqual([entry])
    expect(right(await store.findByIds([draft.id])())).toEqual([entry])
    expect(right(await store.readDeltas({ after: 0, limit: 1 })())[0]?.deltas).toEqual(new Float64Array([1, 2, 3, 4]))
    const sub = store.follow({ after: 0, onEntries: async () => undefined })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await sub.stop()
    expect(sent.length).toBeGreaterThan(10)
    expect(sent.filter((text) => text.includes('DROP TABLE') || text.includes('嘉祥') || text.includes(entry?.hash ?? '?'))).toEqual([])
    await store.close()
    await pool.end()
  })
})
