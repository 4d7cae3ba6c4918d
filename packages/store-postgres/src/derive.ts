import { DERIVATION_RULES, deriver, said, wordingOf, type Entry, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type pg from 'pg'
import type { Db } from './db.js'
import { notALedger } from './failures.js'

/*
 * The deltas and snapshots a schema keeps are derived from its entries by
 * the rules of the release that wrote them (see store-sqlite's derive.ts,
 * which does the same for a file). When this release derives by newer rules,
 * they are made again from the entries alone, inside the migration's
 * transaction: every commit block re-derived, one a recordedAt as sealed,
 * the snapshots dropped. The entries are not touched.
 */

const RULES_KEY = 'derivation_rules'
const PAGE = 2_000

export const rulesOf = async (db: Db, client: pg.PoolClient): Promise<number> => {
  const { rows } = await client.query<{ value: string }>(`SELECT value FROM ${db.schema.sql}.meta WHERE key = $1`, [RULES_KEY])
  return rows[0] === undefined ? 1 : Number(rows[0].value)
}

export const setRules = async (db: Db, client: pg.PoolClient, rules: number): Promise<void> => {
  await client.query(`INSERT INTO ${db.schema.sql}.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [RULES_KEY, String(rules)])
}

type Row = [position: string, hash: string, body: string]
const parsed = ([, hash, body]: Row): Entry => ({ ...(JSON.parse(body) as Omit<Entry, 'hash'>), hash })

/** Derive every commit block again from the entries, in the caller's transaction; a Left, changing nothing once rolled back, where an entry no longer derives. */
export const deriveAgain = async (db: Db, client: pg.PoolClient): Promise<E.Either<StorageFailed, void>> => {
  const s = db.schema.sql
  await client.query(`DELETE FROM ${s}.commits`)
  await client.query(`DELETE FROM ${s}.snapshots`)
  const d = deriver({ historyCacheSize: 200_000 })
  let commit: { first: number; last: number; recordedAt: string; deltas: Float64Array[] } | undefined
  const flush = async (): Promise<void> => {
    if (commit === undefined) return
    const counts = commit.deltas.map((x) => x.length)
    const bytes = Buffer.concat(commit.deltas.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)))
    await client.query(`INSERT INTO ${s}.commits (last_position, first_position, recorded_at, counts, deltas) VALUES ($1, $2, $3, $4, $5)`, [
      commit.last,
      commit.first,
      Date.parse(commit.recordedAt),
      counts,
      bytes,
    ])
  }
  for (let after = 0; ; ) {
    const { rows } = await client.query<Row>({ text: `SELECT position, hash, body FROM ${s}.entries WHERE position > $1 ORDER BY position LIMIT $2`, values: [after, PAGE], rowMode: 'array' })
    for (const row of rows) {
      const entry = parsed(row)
      let derived = d.derive(entry)
      if ('needs' in derived) {
        const earlier = await client.query<Row>({
          text: `SELECT position, hash, body FROM ${s}.entries WHERE stream = $1 AND position < $2 ORDER BY revision`,
          values: [derived.needs, entry.position],
          rowMode: 'array',
        })
        d.supply(derived.needs, earlier.rows.map(parsed))
        derived = d.derive(entry)
      }
      if (!('deltas' in derived)) {
        const why = 'problem' in derived ? wordingOf(derived.problem) : { zh: '其所属流无法读取', en: 'its stream cannot be read' }
        return E.left(
          notALedger(
            db.target,
            db.schema.name,
            said({ zh: `位置 ${entry.position} 的条目已不能按本版本的规则派生（${why.zh}），请运行 verify`, en: `its entry at ${entry.position} no longer derives by this release's rules (${why.en}); run verify` }),
          ),
        )
      }
      // a commit is the run of entries sealed with one recordedAt
      if (commit?.recordedAt !== entry.recordedAt) {
        await flush()
        commit = { first: entry.position, last: entry.position, recordedAt: entry.recordedAt, deltas: [] }
      }
      commit.last = entry.position
      commit.deltas.push(derived.deltas)
    }
    if (rows.length < PAGE) break
    after = Number((rows[rows.length - 1] as Row)[0])
  }
  await flush()
  await setRules(db, client, DERIVATION_RULES)
  return E.right(undefined)
}
