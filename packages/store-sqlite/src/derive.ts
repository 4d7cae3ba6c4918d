import type { Database } from 'better-sqlite3'
import { DERIVATION_RULES, deriver, type Entry } from '@policy-ledger/core'
import { packCommit } from './deltas.js'

/*
 * The deltas and snapshots a file keeps are derived from its entries by the
 * rules of the release that wrote them. When this release derives by newer
 * rules (`DERIVATION_RULES`), the file's derived data is made again from its
 * entries alone, under the write lock: every commit block re-derived, one a
 * recordedAt as sealed, and the snapshots dropped (`writeSnapshots` makes
 * them again). The entries are not touched.
 */

const RULES_KEY = 'derivation_rules'

/** The rules a file's derived data was made by: 1 for files written before the version was kept. */
export const rulesOf = (db: Database): number => {
  const value = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(RULES_KEY)
  return value === undefined ? 1 : Number(value)
}

export const setRules = (db: Database, rules: number): void => {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(RULES_KEY, String(rules))
}

const PAGE = 2_000

/** Derive every commit block again from the entries; the caller holds the write lock. Throws, changing nothing, where an entry no longer derives. */
export const deriveAgain = (db: Database): void => {
  const page = db.prepare<[number, number], { position: number; hash: string; body: string }>('SELECT position, hash, body FROM entries WHERE position > ? ORDER BY position LIMIT ?')
  const earlier = db.prepare<[string, number], { hash: string; body: string }>('SELECT hash, body FROM entries WHERE stream = ? AND position < ? ORDER BY revision')
  const insert = db.prepare<[number, number, number, Buffer, Buffer]>('INSERT INTO commits (last_position, first_position, recorded_at, counts, deltas) VALUES (?, ?, ?, ?, ?)')
  const parsed = (row: { hash: string; body: string }): Entry => ({ ...(JSON.parse(row.body) as Omit<Entry, 'hash'>), hash: row.hash })
  db.exec('DELETE FROM commits; DELETE FROM snapshots')
  const d = deriver({ historyCacheSize: 200_000 })
  let commit: { first: number; last: number; recordedAt: string; deltas: Float64Array[] } | undefined
  const flush = (): void => {
    if (commit === undefined) return
    const { counts, deltas } = packCommit(commit.deltas)
    insert.run(commit.last, commit.first, Date.parse(commit.recordedAt), counts, deltas)
  }
  for (let after = 0; ; ) {
    const rows = page.all(after, PAGE)
    for (const row of rows) {
      const entry = parsed(row)
      let derived = d.derive(entry)
      if ('needs' in derived) {
        d.supply(derived.needs, earlier.all(derived.needs, entry.position).map(parsed))
        derived = d.derive(entry)
      }
      if (!('deltas' in derived))
        throw new Error(`its entry at ${entry.position} no longer derives by this release's rules (${'problem' in derived ? derived.problem : 'its stream cannot be read'}); run verify`)
      // a commit is the run of entries sealed with one recordedAt
      if (commit?.recordedAt !== entry.recordedAt) {
        flush()
        commit = { first: entry.position, last: entry.position, recordedAt: entry.recordedAt, deltas: [] }
      }
      commit.last = entry.position
      commit.deltas.push(derived.deltas)
    }
    if (rows.length < PAGE) break
    after = (rows[rows.length - 1] as { position: number }).position
  }
  flush()
  setRules(db, DERIVATION_RULES)
}
