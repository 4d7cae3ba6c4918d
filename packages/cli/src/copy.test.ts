import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, openSqlite, tempDir } from './cli.test-helpers.js'

/*
 * Moving a ledger, bringing an old one up to date, and what the reports do
 * with a file whose derived rows were tampered with: the real command on
 * real SQLite files, a small synthetic county (the demo at a hundredth of
 * its size) with signed checkpoints made at month ends.
 */

const tmp = tempDir()
const db = tmp.path('county.db')
const key = { private: tmp.path('key.pem'), public: tmp.path('key.pub.pem') }
const checkpoints = tmp.path('checkpoints.ndjson')

beforeAll(() => {
  expect(cli('demo', '--db', db, '--scale', '0.01').status).toBe(0)
  expect(cli('keygen', '--out-private', key.private, '--out-public', key.public).status).toBe(0)
  expect(cli('checkpoint', '--db', db, '--key', key.private, '--out', checkpoints, '--month-ends').status).toBe(0)
  expect(cli('checkpoint', '--db', db, '--key', key.private, '--out', checkpoints).status).toBe(0)
})
afterAll(() => tmp.remove())

const asJson = (...args: string[]): unknown => {
  const r = cli(...args, '--format', 'json')
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

describe('copy', () => {
  it('carries every entry as sealed: the same export, the same as-known-at report, and the old signed checkpoints hold on the copy', () => {
    const copy = tmp.path('copy.db')
    const r = cli('copy', '--from', db, '--to', copy)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/已复制 copied: .*county\.db → .*copy\.db/)
    expect(r.stdout).toMatch(/副本校验通过：\d+ 个条目.* \/ the copy verifies/)
    const exported = (file: string): string => cli('export', '--db', file, '--format', 'ndjson').stdout
    expect(exported(copy)).toBe(exported(db))
    const knownAt = ['asof', '--known-at', '2025-12-31', '--year', '2025']
    expect(asJson(...knownAt, '--db', copy)).toEqual(asJson(...knownAt, '--db', db))
    const verified = cli('verify', '--db', copy, '--checkpoints', checkpoints, '--key', key.public)
    expect(verified.status, verified.stdout).toBe(0)
    expect(verified.stdout).toMatch(/签名检查点 signed checkpoints held: [1-9]/)
  })

  it('refuses a target that holds entries, or is the source itself, and copies nothing from a source that does not verify', () => {
    const full = tmp.path('full.db')
    copyFileSync(db, full)
    const before = readFileSync(full)
    expect(cli('copy', '--from', db, '--to', full)).toMatchObject({ status: 1, stderr: expect.stringMatching(/目标台账不是空的：已有 \d+ 个条目.* \/ the target already holds \d+ entries/) })
    expect(readFileSync(full).equals(before)).toBe(true)
    expect(cli('copy', '--from', db, '--to', `${tmp.path('.')}/county.db`)).toMatchObject({ status: 2, stderr: expect.stringMatching(/name the same ledger/) })

    const tampered = tmp.path('tampered.db')
    copyFileSync(db, tampered)
    const sqlite = openSqlite(tampered)
    expect(sqlite.prepare("UPDATE entries SET body = replace(body, '\"version\":', '\"version\": ') WHERE position = 7").run().changes).toBe(1)
    sqlite.close()
    const target = tmp.path('from-tampered.db')
    expect(cli('copy', '--from', tampered, '--to', target)).toMatchObject({ status: 1, stderr: expect.stringMatching(/源台账在位置 7 未通过校验（content-changed：.* \/ the source does not verify at 7 \(content-changed/) })
    // nothing copied: the target, if made at all, holds no entry
    if (existsSync(target)) expect(cli('verify', '--db', target).stdout).toContain('条目 entries: 0')
  })
})

describe('derived rows tampered with', () => {
  it('verify names the commit block, and reports refuse to print from rows that no longer hang together', () => {
    const file = tmp.path('commit-deleted.db')
    copyFileSync(db, file)
    const sqlite = openSqlite(file)
    const { first, last } = sqlite.prepare('SELECT first_position AS first, last_position AS last FROM commits ORDER BY last_position LIMIT 1 OFFSET 3').get() as { first: number; last: number }
    sqlite.prepare('DELETE FROM commits WHERE last_position = ?').run(last)
    sqlite.close()
    const verified = cli('verify', '--db', file)
    expect(verified.status).toBe(1)
    expect(verified.stdout).toContain(`位置 position: ${first}\n`)
    expect(verified.stdout).toContain('派生数据与记录不符 derived data does not match the entries')
    expect(verified.stdout).toMatch(/所在 where: 提交块 commit block \d+–\d+/)
    for (const command of [['report'], ['asof', '--known-at', '2027-12-31'], ['export', '--format', 'csv']])
      expect(cli(...command, '--db', file), command.join(' ')).toMatchObject({ status: 1, stderr: expect.stringMatching(/台账在位置 \d+ 处数据不一致：.* \/ the ledger does not hang together/) })
  })

  it('a delta changed: verify finds the entry whose stored delta is not the one its event gives', () => {
    const file = tmp.path('delta-changed.db')
    copyFileSync(db, file)
    const sqlite = openSqlite(file)
    // the third number of the block is the first entry's first quantity: one more
    const row = sqlite.prepare('SELECT last_position AS last, first_position AS first, deltas FROM commits ORDER BY last_position LIMIT 1 OFFSET 2').get() as { last: number; first: number; deltas: Buffer }
    const deltas = Buffer.from(row.deltas)
    deltas.writeDoubleLE(deltas.readDoubleLE(16) + 3, 16)
    sqlite.prepare('UPDATE commits SET deltas = ? WHERE last_position = ?').run(deltas, row.last)
    sqlite.close()
    const verified = cli('verify', '--db', file)
    expect(verified.status).toBe(1)
    expect(verified.stdout).toContain(`位置 position: ${row.first}\n`)
    expect(verified.stdout).toMatch(/the stored deltas of entry \d+ are not those its event gives: stored .*, derived from the entries /)
    // the rows still hang together: a report alone would print from them; with --verify it prints nothing
    expect(cli('report', '--db', file, '--verify')).toMatchObject({ status: 1, stdout: '', stderr: expect.stringMatching(/the ledger does not verify, so no report was printed: at \d+, derived-changed/) })
    const proven = cli('report', '--db', db, '--verify', '--year', '2025', '--format', 'json')
    expect(proven.status).toBe(0)
    expect(proven.stderr).toMatch(/^已核验 verified: .* the \d+ entries verified, chain and derived data/)
    expect(JSON.parse(proven.stdout)).toEqual(asJson('report', '--year', '2025', '--db', db))
  })
})

describe('a hostile database file', () => {
  /** A copy of the county ledger, changed by SQL. */
  const forged = (name: string, ...sql: ReadonlyArray<readonly [string, ...unknown[]]>): string => {
    const file = tmp.path(`${name}.db`)
    copyFileSync(db, file)
    const sqlite = openSqlite(file)
    for (const [statement, ...params] of sql) sqlite.prepare(statement).run(...params)
    sqlite.close()
    return file
  }
  const lastCommit = 'SELECT max(last_position) FROM commits'

  it('is a finding or a refusal, never a crash: no instant, no known series, counts that are no counts, a view for a table', () => {
    const cases: ReadonlyArray<{ file: string; verify: number; report: number }> = [
      { file: forged('no-instant', [`UPDATE commits SET recorded_at = 9000000000000000 WHERE last_position = (${lastCommit})`]), verify: 1, report: 1 },
      { file: forged('no-series', ['UPDATE commits SET deltas = ? WHERE last_position = (SELECT min(last_position) FROM commits)', Buffer.from(new Float64Array([1, 20_000, 1, 1]).buffer)], ['UPDATE commits SET counts = ? WHERE last_position = (SELECT min(last_position) FROM commits)', Buffer.from(new Uint32Array([4, ...new Array(99).fill(0)]).buffer)]), verify: 1, report: 1 },
      { file: forged('no-counts', [`UPDATE commits SET counts = ? WHERE last_position = (${lastCommit})`, Buffer.from(new Uint32Array([0xfffffffc]).buffer)]), verify: 1, report: 1 },
      { file: forged('a-view', ['ALTER TABLE entries RENAME TO kept'], ['CREATE VIEW entries AS SELECT * FROM kept']), verify: 3, report: 3 },
    ]
    for (const { file, verify, report } of cases) {
      const v = cli('verify', '--db', file)
      const r = cli('report', '--db', file, '--year', '2025')
      expect([v.status, r.status], file).toEqual([verify, report])
      for (const run of [v, r]) expect(`${run.stdout}${run.stderr}`, file).not.toMatch(/unexpected error|\n\s+at /)
    }
  })
})

describe('migrate', () => {
  it('derives again what an earlier release derived by older rules; until then a read-only command says how', () => {
    const file = tmp.path('older.db')
    copyFileSync(db, file)
    const sqlite = openSqlite(file)
    // what an earlier release left: no rules kept, and deltas derived otherwise (here: none at all)
    sqlite.prepare("DELETE FROM meta WHERE key = 'derivation_rules'").run()
    sqlite.prepare('UPDATE commits SET deltas = ?, counts = zeroblob(length(counts))').run(Buffer.alloc(0))
    sqlite.prepare('DELETE FROM snapshots').run()
    sqlite.close()
    expect(cli('report', '--db', file)).toMatchObject({ status: 3, stderr: expect.stringMatching(/earlier release's rules .*policy-ledger migrate --db/) })
    const migrated = cli('migrate', '--db', file)
    expect(migrated.status, migrated.stderr).toBe(0)
    expect(migrated.stdout).toContain('OK 台账已为当前版本')
    expect(cli('verify', '--db', file).status).toBe(0)
    expect(asJson('report', '--year', '2025', '--db', file)).toEqual(asJson('report', '--year', '2025', '--db', db))
    expect(cli('migrate', '--db', tmp.path('nowhere.db'))).toMatchObject({ status: 3, stderr: expect.stringMatching(/no such file/) })
  })
})
