import type { Synchronous } from '@policy-ledger/store-sqlite'
import { KINDS, type Kind } from './targets.js'

export interface Options {
  readonly sizes: ReadonlyArray<number>
  readonly kinds: ReadonlyArray<Kind>
  readonly runs: number
  /** inputs held back from the batches and recorded one at a time */
  readonly singles: number
  /** asOf questions per measure */
  readonly queries: number
  readonly json: boolean
  readonly smoke: boolean
  readonly emmett: boolean
  /** the largest size measured per store (a slow store at 10M takes hours) */
  readonly maxSize: Partial<Record<Kind, number>>
  readonly emmettMaxSize: Partial<Record<Kind, number>>
  /** policy-ledger's SQLite `synchronous`: `normal` skips the fsync of each commit (not durable), to see what the fsync costs */
  readonly synchronous: Synchronous
  /** the commands as whole processes on the demo ledger, beside `node -e ''` */
  readonly commands: 'with' | 'without' | 'only'
  /** a demo ledger already built, instead of building one */
  readonly demo?: string
  /** the demo's --scale (the smoke run's is small: it checks that every command runs, never a time) */
  readonly demoScale?: number
}

const USAGE = `pnpm bench [-- options]
  --sizes 100k,1m       workload sizes (k and m suffixes allowed); default 100k,1m
  --stores memory,sqlite,postgres   default all three
  --runs 3              runs per measure, medians reported
  --singles 1000        events recorded one at a time after the batches
  --queries 20          asOf questions
  --max-size kind=n     skip a store above n events, e.g. postgres=100k (repeatable)
  --emmett-max-size kind=n   the same for Emmett (its in-memory store slows down as it grows)
  --no-emmett           policy-ledger only
  --synchronous normal  policy-ledger's SQLite without an fsync per commit (not durable; default full)
  --no-commands         skip the commands as whole processes on the demo ledger
  --commands-only       only those (report, asof, show, history, lineage, --help beside node -e '')
  --demo FILE           a demo ledger already built (policy-ledger demo --db FILE) instead of building one
  --json                print the results as JSON
  --smoke               the CI run: 100k events, one run, every check, never a time`

const count = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim())
  if (m === null) throw new RangeError(`expected a count such as 100000, 100k or 1m, got ${JSON.stringify(s)}\n${USAGE}`)
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1))
}

const kindOf = (s: string): Kind => {
  if (!(KINDS as ReadonlyArray<string>).includes(s)) throw new RangeError(`expected a store among ${KINDS.join(', ')}, got ${JSON.stringify(s)}`)
  return s as Kind
}

const limit = (into: Partial<Record<Kind, number>>, s: string): void => {
  const [kind = '', n = ''] = s.split('=')
  into[kindOf(kind)] = count(n)
}

export const optionsOf = (argv: ReadonlyArray<string>): Options => {
  const smoke = argv.includes('--smoke')
  let sizes = smoke ? [100_000] : [100_000, 1_000_000]
  let kinds: ReadonlyArray<Kind> = KINDS
  let runs = smoke ? 1 : 3
  let singles = smoke ? 200 : 1000
  let queries = smoke ? 5 : 20
  let json = false
  let emmett = true
  let synchronous: Options['synchronous'] = 'full'
  let commands: Options['commands'] = 'with'
  let demo: string | undefined
  const maxSize: Partial<Record<Kind, number>> = {}
  const emmettMaxSize: Partial<Record<Kind, number>> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new RangeError(`${arg} needs a value\n${USAGE}`)
      return v
    }
    switch (arg) {
      case '--':
      case '--smoke':
        break
      case '--sizes':
        sizes = value().split(',').map(count)
        break
      case '--stores':
        kinds = value().split(',').map(kindOf)
        break
      case '--runs':
        runs = count(value())
        break
      case '--singles':
        singles = count(value())
        break
      case '--queries':
        queries = count(value())
        break
      case '--max-size':
        limit(maxSize, value())
        break
      case '--emmett-max-size':
        limit(emmettMaxSize, value())
        break
      case '--no-emmett':
        emmett = false
        break
      case '--synchronous': {
        const v = value()
        if (v !== 'full' && v !== 'normal') throw new RangeError(`--synchronous: full or normal, not ${v}\n${USAGE}`)
        synchronous = v
        break
      }
      case '--no-commands':
        commands = 'without'
        break
      case '--commands-only':
        commands = 'only'
        break
      case '--demo':
        demo = value()
        break
      case '--json':
        json = true
        break
      case '--help':
        process.stdout.write(`${USAGE}\n`)
        process.exit(0)
        break
      default:
        throw new RangeError(`unknown option ${arg}\n${USAGE}`)
    }
  }
  // Emmett's in-memory store counts every stream's events on each append (quadratic): minutes at 100k, too slow for CI
  if (smoke && emmettMaxSize.memory === undefined) emmettMaxSize.memory = 0
  if (runs < 1) throw new RangeError('--runs: at least 1')
  return {
    sizes,
    kinds,
    runs,
    singles,
    queries,
    json,
    smoke,
    emmett,
    maxSize,
    emmettMaxSize,
    synchronous,
    commands,
    ...(demo === undefined ? {} : { demo }),
    ...(smoke ? { demoScale: 0.02 } : {}),
  }
}
