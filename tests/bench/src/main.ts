import { spawn } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RESULT_MARK, TASK_VARIABLE, type Task } from './protocol.js'
import { commandsTable, measureCommands, type CommandsMeasured } from './commands.js'
import type { EmmettLoadResult, ReadResult } from './emmett.js'
import { optionsOf, type Options } from './options.js'
import { SNAPSHOT_EVERY, type AsOfResult, type LoadResult, type ReplayResult, type VerifyResult } from './ours.js'
import { render, table, type Row } from './render.js'
import { median } from './stats.js'
import { scratch, startPostgres, type Kind, type Server, type Target } from './targets.js'
import { workload, type Workload } from './workload.js'

/*
 * `pnpm bench`: policy-ledger and Emmett on the same synthetic county, each
 * measure in a fresh process, medians over `--runs` runs. `--json` prints
 * the results as JSON; `--smoke` is the CI run (100k events, one run), which
 * checks the results and never a time.
 */

const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'child.ts')

const inChild = <A>(task: Task): Promise<A> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CHILD], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, [TASK_VARIABLE]: JSON.stringify(task) },
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK))
      if (code !== 0 || line === undefined) reject(new Error(`${task.measure} on ${task.target.kind} failed (exit ${code}): ${out.slice(-2000)}`))
      else resolve(JSON.parse(line.slice(RESULT_MARK.length)) as A)
    })
  })

/** A fresh place for one run's log. */
type Place = (lib: 'ours' | 'emmett', run: number) => Promise<Target>

const places = async (kind: Kind, size: number, dir: string, server: Server | undefined, synchronous: Options['synchronous']): Promise<Place> => async (lib, run) => {
  if (kind === 'memory') return { kind }
  if (kind === 'sqlite') return { kind, file: join(dir, `${lib}-${size}-${run}.sqlite`), ...(lib === 'ours' ? { synchronous } : {}) }
  if (server === undefined) throw new Error('no PostgreSQL server')
  return { kind, url: await server.database(`bench_${lib}_${size}_${run}`) }
}

interface OursRun {
  readonly load: LoadResult
  readonly replay?: ReplayResult
  readonly asOf?: AsOfResult
  readonly read?: VerifyResult
  readonly verify?: VerifyResult
  readonly verifyChain?: VerifyResult
  readonly rebuild?: { readonly events: number; readonly digest: string }
}

/** Everything measured of one store at one size, for both libraries. */
export interface Measured {
  readonly size: number
  readonly kind: Kind
  readonly ours: { readonly loads: LoadResult[]; readonly replays: ReplayResult[]; readonly asOfs: AsOfResult[]; readonly reads: VerifyResult[]; readonly verifies: VerifyResult[]; readonly chainVerifies: VerifyResult[] }
  readonly emmett: { readonly loads: Omit<EmmettLoadResult, 'streams'>[]; readonly reads: ReadResult[] } | undefined
  /** correctness: what must hold whatever the times */
  readonly problems: string[]
}

const measureOurs = async (o: Options, w: Workload, kind: Kind, place: Place, problems: string[]): Promise<Measured['ours']> => {
  const loads: LoadResult[] = []
  const replays: ReplayResult[] = []
  const asOfs: AsOfResult[] = []
  const verifies: VerifyResult[] = []
  const chainVerifies: VerifyResult[] = []
  const readBacks: VerifyResult[] = []
  const check = (what: string, ok: boolean): void => {
    if (!ok) problems.push(`${kind} ${w.events}: ${what}`)
  }
  for (let run = 0; run < o.runs; run++) {
    const target = await place('ours', run)
    const r = await inChild<OursRun>({ measure: 'ours-load', target, workload: w, queries: o.queries, rebuild: o.smoke })
    loads.push(r.load)
    check(`the load recorded ${r.load.position} events, not ${w.events}`, r.load.position === w.events)
    const reads = kind === 'memory' ? [r] : []
    if (kind !== 'memory') {
      // the reads are measured on the last run's log, each in a fresh process, `runs` times
      if (run < o.runs - 1) continue
      for (let i = 0; i < o.runs; i++)
        reads.push({
          load: r.load,
          replay: await inChild<ReplayResult>({ measure: 'ours-replay', target }),
          read: await inChild<VerifyResult>({ measure: 'ours-read', target }),
          verify: await inChild<VerifyResult>({ measure: 'ours-verify', target }),
          verifyChain: await inChild<VerifyResult>({ measure: 'ours-verify-chain', target }),
          ...(i === 0 ? { asOf: await inChild<AsOfResult>({ measure: 'ours-asof', target, queries: o.queries, from: r.load.firstRecordedAt, to: r.load.lastRecordedAt }) } : {}),
          ...(i === 0 && o.smoke ? { rebuild: await inChild<{ events: number; digest: string }>({ measure: 'ours-rebuild', target }) } : {}),
        })
    }
    for (const read of reads) {
      if (read.replay !== undefined) {
        replays.push(read.replay)
        check('the replayed report differs from the incremental one', read.replay.digest === r.load.incrementalDigest)
        check(`the replay folded ${read.replay.events} events`, read.replay.events === w.events)
      }
      if (read.verify !== undefined) {
        verifies.push(read.verify)
        check(`verify walked ${read.verify.events} events`, read.verify.events === w.events)
      }
      if (read.verifyChain !== undefined) {
        chainVerifies.push(read.verifyChain)
        check(`the chain walk saw ${read.verifyChain.events} events`, read.verifyChain.events === w.events)
      }
      if (read.read !== undefined) {
        readBacks.push(read.read)
        check(`the read-back saw ${read.read.events} events`, read.read.events === w.events)
      }
      if (read.asOf !== undefined) {
        asOfs.push(read.asOf)
        check('an asOf report from the nearest snapshot differs from the one replayed from zero', read.asOf.agreesFromZero)
      }
      if (read.rebuild !== undefined) check('the report rebuilt from the events differs from the stored deltas’ report', read.rebuild.digest === r.load.incrementalDigest)
    }
  }
  return { loads, replays, asOfs, reads: readBacks, verifies, chainVerifies }
}

const measureEmmett = async (o: Options, w: Workload, kind: Kind, place: Place, problems: string[]): Promise<Measured['emmett']> => {
  const loads: Omit<EmmettLoadResult, 'streams'>[] = []
  const reads: ReadResult[] = []
  for (let run = 0; run < o.runs; run++) {
    const target = await place('emmett', run)
    const r = await inChild<{ load: Omit<EmmettLoadResult, 'streams'>; read?: ReadResult }>({ measure: 'emmett-load', target, workload: w })
    loads.push(r.load)
    if (r.read !== undefined) reads.push(r.read)
    else if (run === o.runs - 1) for (let i = 0; i < o.runs; i++) reads.push(await inChild<ReadResult>({ measure: 'emmett-read', target }))
  }
  for (const r of reads) if (r.events !== w.events) problems.push(`Emmett ${kind} ${w.events}: read back ${r.events} events`)
  return { loads, reads }
}

const rowsOf = (m: Measured): Row[] => {
  const { ours, emmett } = m
  const med = <A>(xs: ReadonlyArray<A>, f: (a: A) => number): number => median(xs.map(f))
  const shared = (measure: string, unit: Row['unit'], o: number, e: number | undefined): Row => ({ size: m.size, kind: m.kind, measure, unit, ours: o, emmett: e })
  return [
    shared('batched append (1,000/batch)', 'events/s', med(ours.loads, (l) => l.batched.perSecond), emmett && med(emmett.loads, (l) => l.batched.perSecond)),
    shared('single append p50', 'ms', med(ours.loads, (l) => l.single.p50Ms), emmett && med(emmett.loads, (l) => l.single.p50Ms)),
    shared('read every event back', 'events/s', med(ours.reads, (v) => v.perSecond), emmett && med(emmett.reads, (r) => r.perSecond)),
    shared('replay, 39 projections', 'events/s', med(ours.replays, (r) => r.perSecond), undefined),
    shared('asOf report p50', 'ms', med(ours.asOfs, (a) => a.p50Ms), undefined),
    shared(`tally snapshots every ${SNAPSHOT_EVERY.toLocaleString('en')}, written after the load`, 'ms', med(ours.loads, (l) => l.snapshots.ms), undefined),
    shared('verify: the chain and every delta derived again', 'events/s', med(ours.verifies, (v) => v.perSecond), undefined),
    shared('verify: the chain alone (proves no figure)', 'events/s', med(ours.chainVerifies, (v) => v.perSecond), undefined),
    shared('peak RSS, replay', 'MB', Math.max(...ours.replays.map((r) => r.rssMb)), undefined),
    shared('peak RSS, load', 'MB', Math.max(...ours.loads.map((l) => l.rssMb)), emmett && Math.max(...emmett.loads.map((l) => l.rssMb))),
  ]
}

const main = async (): Promise<void> => {
  const o = optionsOf(process.argv.slice(2))
  const run = await scratch()
  const server = o.kinds.includes('postgres') && o.commands !== 'only' ? await startPostgres() : undefined
  const measured: Measured[] = []
  let commands: CommandsMeasured | undefined
  try {
    for (const size of o.commands === 'only' ? [] : o.sizes) {
      const w = await workload(size, Math.min(o.singles, Math.floor(size / 2)))
      for (const kind of o.kinds) {
        if (size > (o.maxSize[kind] ?? Number.POSITIVE_INFINITY)) continue
        const problems: string[] = []
        const place = await places(kind, size, run.dir, server, o.synchronous)
        process.stderr.write(`measuring ${kind} at ${size.toLocaleString('en')} events…\n`)
        const ours = await measureOurs(o, w, kind, place, problems)
        const withEmmett = o.emmett && size <= (o.emmettMaxSize[kind] ?? Number.POSITIVE_INFINITY)
        const emmett = withEmmett ? await measureEmmett(o, w, kind, place, problems) : undefined
        measured.push({ size, kind, ours, emmett, problems })
        // each store's figures as soon as they are in: a long run is worth something even if cut short
        process.stderr.write(`${table(rowsOf({ size, kind, ours, emmett, problems }))}\n${problems.map((p) => `PROBLEM: ${p}\n`).join('')}\n`)
      }
    }
    if (o.commands !== 'without') {
      process.stderr.write('measuring the commands as whole processes…\n')
      commands = await measureCommands(o, run.dir)
    }
  } finally {
    await server?.dispose()
    await run.dispose()
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version }
  const rows = measured.flatMap(rowsOf)
  const problems = [...measured.flatMap((m) => m.problems), ...(commands?.problems ?? [])]
  if (o.json) process.stdout.write(`${JSON.stringify({ machine, options: o, rows, problems, measured, commands }, null, 2)}\n`)
  else process.stdout.write(`${render(machine, o, rows, problems)}${commands === undefined ? '' : `\n${commandsTable(commands)}\n`}`)
  if (problems.length > 0) process.exitCode = 1
}

await main()
