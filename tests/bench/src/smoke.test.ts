import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/*
 * The benchmark must never rot: CI runs it at 100k events, one run, and
 * holds it to its results — the replayed report equals the incremental one
 * and the one rebuilt from the events, verify and every read-back see every
 * event, every command runs on a demo ledger as a whole process — never to a time. It runs the library from its sources, as the
 * other tests do (`pnpm bench` runs the built packages; the results it
 * checks are the same).
 */
describe('pnpm bench --smoke', () => {
  it('runs policy-ledger and Emmett on 100k events and every check holds', () => {
    const bench = fileURLToPath(new URL('..', import.meta.url))
    const run = spawnSync('node', ['--import', 'tsx', '--conditions=@policy-ledger/source', 'src/main.ts', '--smoke', '--stores', 'memory,sqlite', '--json'], {
      cwd: bench,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    })
    expect(run.stderr.slice(-2000)).not.toMatch(/Error/)
    expect(run.status).toBe(0)
    const out = JSON.parse(run.stdout) as {
      problems: string[]
      rows: { kind: string; measure: string; ours: number; emmett?: number }[]
      commands: { rows: { command: string; medianMs: number; timesFloor: number }[] }
    }
    expect(out.problems).toEqual([])
    // every measure produced a number for both stores, and Emmett's side ran on SQLite (its in-memory store is too slow at 100k for CI)
    for (const kind of ['memory', 'sqlite']) {
      const rows = out.rows.filter((r) => r.kind === kind)
      expect(rows.length).toBeGreaterThan(0)
      for (const r of rows) expect(Number.isFinite(r.ours), `${kind} ${r.measure}`).toBe(true)
    }
    expect(out.rows.filter((r) => r.kind === 'sqlite' && typeof r.emmett === 'number' && r.emmett > 0).length).toBeGreaterThanOrEqual(3)
    // the commands ran as whole processes on a (small) demo ledger, each exiting 0 (a failing one is among the problems), beside node -e ''
    expect(out.commands.rows.map((r) => r.command.split(' ')[0])).toEqual(['node', '--help', 'report', 'asof', 'show', 'history', 'lineage'])
    for (const r of out.commands.rows) expect(Number.isFinite(r.medianMs) && r.timesFloor > 0, r.command).toBe(true)
  }, 300_000)
})
