import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger } from '@policy-ledger/core'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import { edgeStrings, expectClean, fuzz, hostileJsonTexts, spliced, validInputs, accepted, rejected, unclear } from '@policy-ledger/testkit/fuzz'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { cli, tempDir } from './cli.test-helpers.js'
import { exitStatus } from './failure.js'
import { runCommand } from './run.js'

/*
 * The command line's option parsing fuzzed in-process (`runCommand`, what
 * main.ts runs): 10,000 argument lists of the commands that only read,
 * each option given hostile values, unknown or repeated. Every one must end
 * in an exit status with a sentence, never a throw or status 4. A few real
 * processes show the same statuses from the outside. Not fuzzed here: the
 * lines `import` reads and the paths `--out` writes to (their own suites),
 * and the commands that write (demo, import, copy, migrate, keygen,
 * checkpoint, bundle).
 */

const temp = tempDir()
afterAll(temp.remove)

const COMMANDS: Readonly<Record<string, ReadonlyArray<string>>> = {
  report: ['--year', '--occurred-by', '--known-at', '--by', '--format', '--verify'],
  asof: ['--known-at', '--occurred-by', '--year', '--format', '--verify'],
  diff: ['--from', '--to', '--year', '--occurred-by', '--indicator', '--format'],
  show: ['--format'],
  history: ['--format'],
  lineage: ['--year', '--occurred-by', '--known-at', '--format'],
  verify: ['--checkpoints', '--key'],
  void: ['--id', '--entry', '--reason', '--recorded-by', '--responsible'],
  correct: ['--id', '--entry', '--reason', '--recorded-by', '--responsible', '--data'],
}

const values = fc.oneof(
  edgeStrings,
  hostileJsonTexts,
  spliced('2025-03-01T09:30:00+08:00', edgeStrings),
  fc.constantFrom('2025', '2025-12-31', 'table', 'json', 'csv', 'town', 'vehicles.nev-fleet', 'public-security', '--year', '-', '--', '@/nonexistent.json', '@/dev/null'),
)

describe('fuzz: the command line', () => {
  it('every argument list of the reading commands ends in an exit status and a sentence, never a throw or status 4', { timeout: 300_000 }, async () => {
    const db = temp.path('fuzz.db')
    const store = sqliteStore({ file: db })
    const ledger = createLedger({ plan: jiaxiang2024, store })
    expect(E.isRight(await ledger.recordBatch(validInputs().slice(0, 30))())).toBe(true)
    await store.close()

    const dbs = fc.constantFrom(db, db, db, temp.path('missing.db'), temp.path(''), '', '\u0000')
    const args = fc.constantFrom(...Object.keys(COMMANDS)).chain((command) =>
      fc
        .tuple(
          dbs,
          fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(COMMANDS[command] ?? [])), fc.constantFrom('--nope', '-x', '--db', '--help=1')), values), { maxLength: 5 }),
          fc.option(values),
        )
        .map(([d, options, positional]) => [command, ...(positional === null ? [] : [positional]), '--db', d, ...options.flat()]),
    )
    // what the commands print is not looked at here: only that each ends as the contract says
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((...args: unknown[]) => {
      // a command may wait for its output to be written: it is, to nowhere
      const done = args.find((a) => typeof a === 'function') as (() => void) | undefined
      done?.()
      return true
    })
    try {
      const figures = await fuzz('command-line options', args, async (argv) => {
        const said: string[] = []
        const status = await runCommand(argv, (m) => said.push(m), { writeOut: () => undefined, writeErr: (m) => said.push(m) })
        if (status === exitStatus.internal) throw new Error(`exit 4: ${said.join(' ')}`)
        if (status === exitStatus.ok) return accepted
        return said.join('').trim() === '' ? unclear(`exit ${status} without a sentence`) : rejected(`exit ${status}`, said.join(' ').slice(0, 80))
      })
      out.mockRestore()
      expectClean(figures)
    } finally {
      out.mockRestore()
    }
  })

  it('real processes end with the same statuses: 2 for a bad option value, 1 for data the ledger refuses, 3 for a ledger that is not there, 0 for a good one', () => {
    const db = temp.path('fuzz.db')
    const runs = [
      { args: ['report', '--db', db, '--year', '1e400'], status: exitStatus.usage },
      { args: ['asof', '--db', db, '--known-at', '2025-02-30T00:00:00+08:00'], status: exitStatus.usage },
      { args: ['diff', '--db', db, '--from', '\ud800'], status: exitStatus.usage },
      { args: ['correct', '--db', db, '--id', 'x', '--entry', 'y', '--reason', 'r', '--recorded-by', 'public-security', '--data', `${'['.repeat(20_000)}${']'.repeat(20_000)}`], status: exitStatus.usage },
      { args: ['correct', '--db', db, '--id', 'x', '--entry', 'y', '--reason', 'r', '--recorded-by', 'public-security', '--data', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`], status: exitStatus.usage },
      { args: ['correct', '--db', db, '--id', 'x', '--entry', 'y', '--reason', 'r', '--recorded-by', 'public-security', '--data', '{"a":1}'], status: exitStatus.rejected },
      { args: ['report', '--db', temp.path('missing.db')], status: exitStatus.store },
      { args: ['verify', '--db', db], status: exitStatus.ok },
    ]
    for (const { args, status } of runs) {
      const r = cli(...args)
      console.log(`policy-ledger ${args.map((a) => (a.length > 30 ? `${a.slice(0, 12)}…(${a.length})` : a)).join(' ')} → exit ${r.status}: ${r.stderr.split('\n')[0]?.slice(0, 120)}`)
      expect({ status: r.status, trace: /\n\s+at /.test(r.stderr) }).toEqual({ status, trace: false })
    }
  })
})
