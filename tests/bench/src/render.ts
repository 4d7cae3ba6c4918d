import type { Options } from './options.js'
import type { Kind } from './targets.js'

/** One line of the results: a measure of one store at one size, for both libraries where both do it. */
export interface Row {
  readonly size: number
  readonly kind: Kind
  readonly measure: string
  readonly unit: 'events/s' | 'ms' | 'MB'
  readonly ours: number
  /** undefined where Emmett has no such measure or was not run */
  readonly emmett: number | undefined
}

/** How many times better policy-ledger is: above 1 it is ahead, whichever way the unit counts. */
export const advantage = (r: Row): number | undefined =>
  r.emmett === undefined ? undefined : r.unit === 'events/s' ? r.ours / r.emmett : r.emmett / r.ours

const fmt = (n: number | undefined, unit: Row['unit']): string => {
  if (n === undefined || Number.isNaN(n)) return '–'
  if (unit === 'events/s') return Math.round(n).toLocaleString('en')
  return n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en')
}

export interface Machine {
  readonly cpus: number
  readonly cpu: string
  readonly memoryGb: number
  readonly node: string
}

/** Rows as one Markdown table. */
export const table = (rows: ReadonlyArray<Row>): string =>
  [
    '| measure | store | policy-ledger | Emmett 0.42 | × Emmett | unit |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => {
      const x = advantage(r)
      return `| ${r.measure} | ${r.kind} | ${fmt(r.ours, r.unit)} | ${fmt(r.emmett, r.unit)} | ${x === undefined ? '' : `${x.toFixed(2)}×`} | ${r.unit} |`
    }),
  ].join('\n')

/** The results as Markdown tables, one per size, ready for docs/performance.md. */
export const render = (machine: Machine, o: Options, rows: ReadonlyArray<Row>, problems: ReadonlyArray<string>): string => {
  const out: string[] = [
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; medians of ${o.runs} run(s)${o.smoke ? ' (smoke)' : ''}`,
    ...(o.synchronous === 'normal' ? ["policy-ledger's SQLite ran with synchronous=NORMAL: no fsync per commit, appends not durable."] : []),
    '',
  ]
  for (const size of [...new Set(rows.map((r) => r.size))]) out.push(`### ${size.toLocaleString('en')} events`, '', table(rows.filter((x) => x.size === size)), '')
  out.push(problems.length === 0 ? 'Checks: every replayed report equals the incremental one; verify and every read-back saw every event.' : `PROBLEMS:\n${problems.map((p) => `- ${p}`).join('\n')}`, '')
  return out.join('\n')
}
