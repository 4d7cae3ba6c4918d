import { allowAll, copyLog, createLedger, memoryStore, verifyStore, type EventStore, type LedgerError, type RecordInput } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { installDepartmentRoles, postgresStore, RECORDED_BY_REFUSED } from './index.js'
import { registered, right, schemaPerTest } from './fixtures.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const url = inject('databaseUrl')

// roles belong to the whole server: named apart from any other run's, dropped at the end
const suffix = randomBytes(4).toString('hex')
const clerk = `commerce_clerk_${suffix}`
const police = `police_clerk_${suffix}`
const password = `pw-${randomBytes(8).toString('hex')}`
const urlAs = (role: string): string => {
  const u = new URL(url)
  u.username = role
  u.password = password
  return u.toString()
}

/** A used-car trade, the commerce bureau's fact. */
const trade = (n: number): RecordInput =>
  input('UsedCarTraded', { vin: vinFrom(n), market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000 + n, town: 'jiaxiang' }, { occurredAt: '2025-04-01T09:00:00+08:00', seed: `roles-trade-${n}`, recordedBy: 'commerce' })

const sql = async <A>(connectionString: string, run: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
const outcome = async (client: pg.Client, text: string): Promise<string> =>
  client.query(text).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'no code',
  )

const refusal = (e: E.Either<LedgerError, unknown>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected the database to refuse, but it wrote')
  return e.left
}

describe('postgres: department roles, held to their units by the database', () => {
  const scratch = schemaPerTest(url, 'roles')
  const owner = new pg.Pool({ connectionString: url })

  beforeAll(async () => {
    await sql(url, async (c) => {
      for (const role of [clerk, police]) await c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`)
    })
  })
  afterAll(async () => {
    await owner.end()
    await sql(url, async (c) => {
      for (const role of [clerk, police]) await c.query(`DROP ROLE IF EXISTS ${role}`)
    })
  })

  /** The schema set up for the two departments; the clerk's own store on it, with the library's policy lifted. */
  const departments = async () => {
    const schema = scratch.schema()
    expect(right(await installDepartmentRoles(owner, { plan: jiaxiang2024, schema, units: { [clerk]: ['commerce'], [police]: ['public-security'] } })())).toEqual({
      [clerk]: ['commerce'],
      [police]: ['public-security'],
    })
    const store = scratch.track(postgresStore({ connectionString: urlAs(clerk), schema }))
    // allowAll: only the database stands between the clerk and another department's facts
    return { schema, store, ledger: createLedger({ plan: jiaxiang2024, store, authorize: allowAll }) }
  }

  it('lets commerce_clerk record commerce facts and refuses, in the database, a public-security fact and a batch with one: nothing written', async () => {
    const { store, ledger } = await departments()
    const first = right(await ledger.record(trade(1))())
    expect(first).toMatchObject({ position: 1, recordedBy: 'commerce' })
    const head = right(await store.head()())

    const single = refusal(await ledger.record(registered('roles', 1))())
    expect(single).toMatchObject({ code: 'STORAGE_FAILED', cause: { code: RECORDED_BY_REFUSED } })
    expect(single.message).toContain(`数据库角色 ${clerk} 无权记录 recordedBy 为 public-security 的条目（可记录 commerce）`)
    expect(single.message).toContain(`database role ${clerk} may not record an entry whose recordedBy is public-security (it records for commerce): position 2, VehicleRegistered`)
    expect(single.message).toContain('nothing of the batch was written')
    expect(single.message).not.toContain(password)

    const batch = refusal(await ledger.recordBatch([trade(2), trade(3), registered('roles', 2), trade(4)])())
    expect(batch).toMatchObject({ code: 'STORAGE_FAILED', cause: { code: RECORDED_BY_REFUSED } })
    expect(batch.message).toContain('position 4, VehicleRegistered')
    expect(right(await store.head()())).toEqual(head)
    expect(right(await store.readAll({ after: 0, limit: 10 })()).map((e) => e.id)).toEqual([trade(1).id])
    // the commerce lines alone go in
    expect(right(await ledger.recordBatch([trade(2), trade(3), trade(4)])()).recorded.map((e) => e.position)).toEqual([2, 3, 4])
    expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 4 })
  })

  it('gives a department no way around the function: every write to a ledger table is denied, and the check cannot be switched off', async () => {
    const { schema, ledger } = await departments()
    right(await ledger.record(trade(1))())
    const s = pg.escapeIdentifier(schema)
    const attempts = [
      `UPDATE ${s}.entries SET body = body`,
      `DELETE FROM ${s}.entries`,
      `TRUNCATE ${s}.entries`,
      `INSERT INTO ${s}.entries SELECT position + 100, id || 'x', stream, revision + 100, recorded_at, body, hash FROM ${s}.entries`,
      `UPDATE ${s}.head SET position = 0`,
      `DELETE FROM ${s}.commits`,
      `UPDATE ${s}.snapshots SET deltas = deltas`,
      `INSERT INTO ${s}.unit_roles VALUES ('${clerk}', 'public-security')`,
      `DELETE FROM ${s}.unit_roles`,
      `UPDATE ${s}.meta SET value = '1'`,
      `ALTER TABLE ${s}.entries DISABLE TRIGGER entries_recorded_by`,
      `DROP TRIGGER entries_recorded_by ON ${s}.entries`,
      `SET session_replication_role = replica`,
    ]
    const answers = await sql(urlAs(clerk), async (c) => {
      const out: string[] = []
      for (const a of attempts) out.push(await outcome(c, a))
      return out
    })
    // 42501: insufficient privilege; ALTER and DROP answer that they need the owner, which is the same code
    console.log(`department role writes: tried ${attempts.length}, denied ${answers.filter((a) => a === '42501').length}, ok ${answers.filter((a) => a === 'ok').length}`)
    expect(answers).toEqual(attempts.map(() => '42501'))
    const after = await sql(url, (c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.entries`))
    expect(after.rows[0]?.n).toBe(1)
  })

  it('exempts the schema owner: a mixed log is copied as sealed and verifies, then each department goes on in its own units', async () => {
    const source = memoryStore()
    let now = Date.UTC(2025, 5, 1)
    const county = createLedger({ plan: jiaxiang2024, store: source, clock: () => (now += 1_000) })
    right(await county.recordBatch([registered('roles-copy', 1), registered('roles-copy', 2)])())
    right(await county.record(trade(1))())
    const { store, ledger, schema } = await departments()
    const target = scratch.track(postgresStore({ pool: owner, schema }))
    expect(right(await copyLog(source, target)())).toMatchObject({ entries: 3, commits: 2 })
    expect(right(await verifyStore(target)())).toMatchObject({ ok: true, count: 3 })
    // the clerk reads and verifies it too, appends commerce, and is refused public-security
    expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 3 })
    expect(right(await ledger.record(trade(2))())).toMatchObject({ position: 4 })
    expect(refusal(await ledger.record(registered('roles-copy', 3))())).toMatchObject({ cause: { code: RECORDED_BY_REFUSED } })
    const policeLedger = createLedger({ plan: jiaxiang2024, store: scratch.track(postgresStore({ connectionString: urlAs(police), schema })), authorize: allowAll })
    expect(right(await policeLedger.record(registered('roles-copy', 3))())).toMatchObject({ position: 5, recordedBy: 'public-security' })
    expect(refusal(await policeLedger.record(trade(3))())).toMatchObject({ cause: { code: RECORDED_BY_REFUSED } })
    expect(right(await verifyStore(target)())).toMatchObject({ ok: true, count: 5 })
  })

  it('refuses roles that do not exist, the owner itself and units not in the plan, changing nothing; an empty list takes a role away', async () => {
    const { schema, ledger } = await departments()
    const mapped = (): Promise<string[]> =>
      sql(url, async (c) => (await c.query<{ r: string }>(`SELECT role || ':' || unit AS r FROM ${pg.escapeIdentifier(schema)}.unit_roles ORDER BY 1`)).rows.map((x) => x.r))
    const before = await mapped()
    const refusedWith = async (units: Record<string, ReadonlyArray<string>>): Promise<string> => {
      const r = await installDepartmentRoles(owner, { plan: jiaxiang2024, schema, units: units as Record<string, ReadonlyArray<'commerce'>> })()
      expect(E.isLeft(r) && r.left.code).toBe('VALIDATION_FAILED')
      return E.isLeft(r) ? r.left.message : ''
    }
    expect(await refusedWith({ [clerk]: ['public-security'], [`nobody_${suffix}`]: ['commerce'] })).toContain(`units.nobody_${suffix}: 没有这个数据库角色`)
    expect(await refusedWith({ postgres: ['commerce'] })).toContain('units.postgres: 该角色是台账所有者（或超级用户）')
    expect(await refusedWith({ [clerk]: ['commerce', 'ministry-of-magic'] })).toContain(`units.${clerk}.1: 'ministry-of-magic' 不是 嘉政发〔2024〕5号 的单位`)
    expect(await refusedWith({ 'Robert"; DROP TABLE x; --': ['commerce'] })).toContain('not a plain role name')
    expect(await mapped()).toEqual(before)

    expect(right(await installDepartmentRoles(owner, { plan: jiaxiang2024, schema, units: { [clerk]: [] } })())).toEqual({ [police]: ['public-security'] })
    const gone = refusal(await ledger.record(trade(1))())
    expect(gone.code).toBe('STORAGE_FAILED')
    expect(gone.message).toContain('42501')
  })
})

// a store on the shared server whose owner never ran installDepartmentRoles behaves as before: no check attached
describe('postgres: without department roles', () => {
  const scratch = schemaPerTest(url, 'noroles')
  it('attaches no check until installDepartmentRoles is run', async () => {
    const store: EventStore = scratch.open()
    right(await createLedger({ plan: jiaxiang2024, store }).record(trade(1))())
    const triggers = await sql(url, (c) => c.query(`SELECT 1 FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`, [`${pg.escapeIdentifier(scratch.schema())}.entries`]))
    expect(triggers.rowCount).toBe(0)
  })
})
