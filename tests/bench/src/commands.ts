import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './stats.js'

/*
 * The command as a person waits for it: each command a whole process on the
 * demo ledger, started cold (a new process each time, as a shell starts
 * it), beside `node -e ''` — the floor no command goes below — in the same
 * run, interleaved so that a machine's slow minute falls on all alike.
 */

/** The built command (`pnpm bench` and `pnpm test` build it first). */
const CLI = fileURLToPath(new URL('../../../packages/cli/dist/main.js', import.meta.url))

interface Command {
  readonly name: string
  readonly args: (ledger: Ledger) => ReadonlyArray<string>
  /** what it must stay within, in ms, given the floor's median: a margin over the floor, or a time a person waits */
  readonly budget: (floorMs: number) => number
}

const overFloor = (ms: number) => (floorMs: number): number => floorMs + ms
const within = (ms: number) => (): number => ms

/** The demo ledger, and a thing recorded in it to look up. */
interface Ledger {
  readonly db: string
  readonly stream: string
}

const FLOOR = "node -e ''"

const commands: ReadonlyArray<Command> = [
  { name: '--help', args: () => ['--help'], budget: overFloor(100) },
  { name: 'report --year 2025', args: (l) => ['report', '--db', l.db, '--year', '2025'], budget: within(500) },
  { name: 'asof --known-at 2025-12-31', args: (l) => ['asof', '--db', l.db, '--known-at', '2025-12-31'], budget: within(500) },
  { name: 'show 1024', args: (l) => ['show', '1024', '--db', l.db], budget: within(500) },
  { name: 'history <the stream of entry 1024>', args: (l) => ['history', l.stream, '--db', l.db], budget: within(500) },
  { name: 'lineage vehicles.nev-fleet --year 2025', args: (l) => ['lineage', 'vehicles.nev-fleet', '--db', l.db, '--year', '2025'], budget: within(500) },
]

/** One command's wall time, from spawn to exit; a command that fails is a problem, not a time. */
const timedRun = (args: ReadonlyArray<string>): Promise<{ readonly ms: number; readonly status: number | null; readonly err: string }> =>
  new Promise((resolve) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.on('close', (status) => resolve({ ms: performance.now() - t0, status, err }))
  })

/** Build the demo ledger (or take one given), and find the stream of its entry 1024 for `history`. */
const demoLedger = (dir: string, given: string | undefined, scale: number | undefined): Ledger => {
  const db = given ?? join(dir, 'demo.db')
  if (given === undefined) {
    process.stderr.write(`building the demo ledger${scale === undefined ? '' : ` at scale ${scale}`}…\n`)
    const built = spawnSync(process.execPath, [CLI, 'demo', '--db', db, ...(scale === undefined ? [] : ['--scale', String(scale)])], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    if (built.status !== 0) throw new Error(`policy-ledger demo failed (exit ${built.status}): ${built.stderr.slice(-2000)}`)
  }
  const shown = spawnSync(process.execPath, [CLI, 'show', '1024', '--db', db, '--format', 'json'], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 })
  if (shown.status !== 0) throw new Error(`policy-ledger show 1024 failed (exit ${shown.status}): ${shown.stderr}`)
  const stream = (JSON.parse(shown.stdout) as { entry?: { stream?: unknown } }).entry?.stream
  if (typeof stream !== 'string') throw new Error(`show 1024 --format json names no stream: ${shown.stdout.slice(0, 500)}`)
  return { db, stream }
}

export interface CommandRow {
  readonly command: string
  readonly medianMs: number
  /** the median over the floor's median */
  readonly timesFloor: number
  /** what the command must stay within, in ms, and whether it did (undefined for the floor itself) */
  readonly budgetMs: number | undefined
  readonly within: boolean | undefined
}

export interface CommandsMeasured {
  readonly ledger: string
  readonly runs: number
  readonly rows: ReadonlyArray<CommandRow>
  readonly problems: ReadonlyArray<string>
}

/** Every command `runs` times, interleaved with the floor; medians, ratios and budgets. */
export const measureCommands = async (o: { readonly runs: number; readonly demo?: string; readonly demoScale?: number }, dir: string): Promise<CommandsMeasured> => {
  const ledger = demoLedger(dir, o.demo, o.demoScale)
  const lines: ReadonlyArray<{ readonly name: string; readonly args: ReadonlyArray<string> }> = [
    { name: FLOOR, args: ['-e', ''] },
    ...commands.map((c) => ({ name: c.name, args: [CLI, ...c.args(ledger)] })),
  ]
  const times = new Map<string, number[]>(lines.map((l) => [l.name, []]))
  const problems: string[] = []
  // one run of the cold start first, not counted: the ledger file and the modules come into the page cache as they would for a person's second command
  for (const l of lines) await timedRun(l.args)
  for (let run = 0; run < o.runs; run++)
    for (const l of lines) {
      const r = await timedRun(l.args)
      if (r.status !== 0) problems.push(`${l.name}: exit ${r.status}: ${r.err.slice(0, 300)}`)
      else times.get(l.name)?.push(r.ms)
    }
  const floor = median(times.get(FLOOR) ?? [])
  const rows = lines.map((l): CommandRow => {
    const m = median(times.get(l.name) ?? [])
    const budget = commands.find((c) => c.name === l.name)?.budget
    const budgetMs = budget?.(floor)
    return { command: l.name, medianMs: m, timesFloor: m / floor, budgetMs, within: budgetMs === undefined ? undefined : m <= budgetMs }
  })
  return { ledger: ledger.db, runs: o.runs, rows, problems }
}

/** The commands' times as one Markdown table. */
export const commandsTable = (m: CommandsMeasured): string =>
  [
    `Whole processes, cold, on ${m.ledger}; medians of ${m.runs} run(s), interleaved with ${FLOOR}`,
    '',
    `| command | median ms | × ${FLOOR} | budget ms | within |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...m.rows.map(
      (r) =>
        `| ${r.command === FLOOR ? FLOOR : `policy-ledger ${r.command}`} | ${Math.round(r.medianMs)} | ${r.timesFloor.toFixed(2)}× | ${r.budgetMs === undefined ? '' : Math.round(r.budgetMs)} | ${r.within === undefined ? '' : r.within ? 'yes' : 'NO'} |`,
    ),
  ].join('\n')
