import { codeProblem, validationFailed, type Issue, type Plan, type StorageFailed, type ValidationFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import pg from 'pg'
import { lockSchema, transaction, type Db } from './db.js'
import { migrate } from './migrations.js'
import { ledgerDb } from './store.js'

/*
 * Department roles, opt-in: each department logs in to PostgreSQL as its own
 * role, and the database itself refuses an entry whose recordedBy is not a
 * unit mapped to that role, whatever the library in front of it allowed.
 * A department role may read the ledger and call its `append` function, and
 * nothing else: no INSERT, UPDATE, DELETE or TRUNCATE on any table. `append`
 * becomes SECURITY DEFINER so that it writes as the schema's owner; the
 * check on the entries table (migrations.ts, version 4) asks who logged in.
 * The owner, and its members, are exempt: they migrate, copy a log as sealed
 * and derive data again, and could drop the check anyway.
 */

export interface DepartmentRoles {
  /** the PostgreSQL schema holding the ledger; default `policy_ledger` */
  readonly schema?: string
  /**
   * Each department's login role (made beforehand with CREATE ROLE … LOGIN) and the units it records
   * for. Roles not named keep what they had; an empty list takes every right a role had away.
   */
  readonly units: Readonly<Record<string, ReadonlyArray<string>>>
  /** the plan the ledger records under: every unit mapped must be one of its units */
  readonly plan: Plan
}

/** The mapping as the database now holds it, role → units. */
export type UnitRoles = Readonly<Record<string, ReadonlyArray<string>>>

// a role name spelled into GRANT and REVOKE: plain, as PostgreSQL would fold it
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/

const checkUnits = (plan: Plan, units: unknown): Issue[] => {
  if (typeof units !== 'object' || units === null || Array.isArray(units)) return [{ path: 'units', reason: 'expected an object of role → unit codes' }]
  return Object.entries(units).flatMap(([role, list]): Issue[] => [
    ...(ROLE_NAME.test(role) ? [] : [{ path: `units.${role}`, reason: '不是简单的角色名 / not a plain role name (lower-case letters, digits and _, not starting with a digit)' }]),
    ...(Array.isArray(list)
      ? list.flatMap((u: unknown, i) => {
          const problem = typeof u === 'string' ? codeProblem(plan, 'unit', u) : `${JSON.stringify(u)} 不是单位代码 / not a unit code`
          return problem === undefined ? [] : [{ path: `units.${role}.${i}`, reason: problem }]
        })
      : [{ path: `units.${role}`, reason: 'expected a list of unit codes' }]),
  ])
}

/** Roles the database would not hold to their units, or that do not exist: refused before anything changes. */
const unfitRoles = async (db: Db, client: pg.PoolClient, roles: ReadonlyArray<string>): Promise<Issue[]> => {
  const { rows } = await client.query<{ role: string; found: boolean; exempt: boolean }>(
    `SELECT x.role, r.rolname IS NOT NULL AS found,
            coalesce(pg_has_role(r.oid, c.relowner, 'MEMBER'), false) AS exempt
       FROM unnest($1::text[]) AS x(role)
       LEFT JOIN pg_catalog.pg_roles r ON r.rolname = x.role
       CROSS JOIN (SELECT relowner FROM pg_catalog.pg_class WHERE oid = $2::regclass) c`,
    [roles, `${db.schema.sql}.entries`],
  )
  return rows.flatMap((r): Issue[] =>
    !r.found
      ? [{ path: `units.${r.role}`, reason: '没有这个数据库角色，请先 CREATE ROLE … LOGIN / no such role: CREATE ROLE … LOGIN it first' }]
      : r.exempt
        ? [{ path: `units.${r.role}`, reason: '该角色是台账所有者（或超级用户），数据库不会约束它 / the role is the ledger schema\'s owner, a member of it, or a superuser: the database would not hold it to its units' }]
        : [],
  )
}

const applied = async (db: Db, client: pg.PoolClient, units: DepartmentRoles['units']): Promise<E.Either<ValidationFailed, UnitRoles>> => {
  const s = db.schema.sql
  const roles = Object.keys(units)
  const unfit = await unfitRoles(db, client, roles)
  if (unfit.length > 0) return E.left(validationFailed(unfit))
  await client.query(`ALTER FUNCTION ${s}.append SECURITY DEFINER SET search_path = pg_catalog, pg_temp`)
  // a function is anyone's to call by default; as SECURITY DEFINER, only the departments' may be
  await client.query(`REVOKE ALL ON FUNCTION ${s}.append FROM PUBLIC`)
  await client.query(`CREATE OR REPLACE TRIGGER entries_recorded_by BEFORE INSERT ON ${s}.entries FOR EACH ROW EXECUTE FUNCTION ${s}.recorded_by_check()`)
  for (const [role, list] of Object.entries(units)) {
    const r = pg.escapeIdentifier(role)
    // whatever the role was granted before goes: a department reads, and appends through the function only
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`)
    await client.query(`REVOKE ALL ON FUNCTION ${s}.append FROM ${r}`)
    await client.query(`REVOKE ALL ON SCHEMA ${s} FROM ${r}`)
    await client.query(`DELETE FROM ${s}.unit_roles WHERE role = $1`, [role])
    if (list.length === 0) continue
    await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`)
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r}`)
    await client.query(`GRANT EXECUTE ON FUNCTION ${s}.append TO ${r}`)
    await client.query(`INSERT INTO ${s}.unit_roles (role, unit) SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING`, [role, list])
  }
  const { rows } = await client.query<{ role: string; units: string[] }>(`SELECT role, array_agg(unit ORDER BY unit) AS units FROM ${s}.unit_roles GROUP BY role ORDER BY role`)
  return E.right(Object.fromEntries(rows.map((row) => [row.role, row.units])))
}

/**
 * Set up department roles on a ledger's schema, migrating it first; run by
 * the schema's owner, again whenever departments change or after an
 * upgrade. In one transaction: a role that does not exist, or that the
 * database would exempt, refuses the whole call and nothing changes.
 */
export const installDepartmentRoles = (pool: pg.Pool, options: DepartmentRoles): TE.TaskEither<ValidationFailed | StorageFailed, UnitRoles> => {
  const { db, unusable } = ledgerDb(pool, pool.options, options.schema)
  if (unusable !== undefined) return TE.left(unusable)
  const issues = checkUnits(options.plan, options.units)
  if (issues.length > 0) return TE.left(validationFailed(issues))
  return pipe(
    migrate(db),
    TE.flatMap(() =>
      transaction(db, 'setting up department roles', async (client) => {
        await lockSchema(db, client)
        return applied(db, client, options.units)
      }),
    ),
  )
}
