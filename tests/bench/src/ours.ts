import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import {
  addDeltas,
  createLedger,
  emptyTally,
  loadTally,
  memoryStore,
  rebuildDeltas,
  report,
  reportYears,
  verifyChain,
  verifyStore,
  writeSnapshots,
  type Entry,
  type EventStore,
  type Tally,
} from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { postgresStore } from '@policy-ledger/store-postgres'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import { median, peakRssMb, quantile } from './stats.js'
import type { Target } from './targets.js'
import { lines, type Workload } from './workload.js'

/*
 * policy-ledger's measures. Every write goes through the ledger's record
 * path (decode and validate, decide against the stream's history, seal and
 * hash, append with the tally deltas), which is what a caller pays.
 */

export const openOurs = (target: Target): EventStore => {
  switch (target.kind) {
    case 'memory':
      return memoryStore()
    case 'sqlite':
      return sqliteStore({ file: target.file, synchronous: target.synchronous })
    case 'postgres':
      return postgresStore({ connectionString: target.url, poolSize: 4 })
  }
}

const must = async <A>(task: () => Promise<E.Either<unknown, A>>, what: string): Promise<A> => {
  const r = await task()
  if (E.isLeft(r)) throw new Error(`${what}: ${JSON.stringify(r.left)}`)
  return r.right
}

/** Every plan year's report, as one digest: two tallies that agree give the same digest. */
export const reportDigest = (tally: Tally): string => createHash('sha256').update(JSON.stringify(reportYears(jiaxiang2024, tally))).digest('hex')

/** How far apart the load leaves tally snapshots, for asOf questions (stores that keep them). */
export const SNAPSHOT_EVERY = 50_000

export interface LoadResult {
  readonly batched: { readonly events: number; readonly ms: number; readonly perSecond: number }
  readonly single: { readonly events: number; readonly p50Ms: number; readonly p95Ms: number }
  /** every plan year's report from a tally brought up to date after each append, never replayed from zero */
  readonly incrementalDigest: string
  /** tally snapshots written after the load (stores that keep them), and how long that took */
  readonly snapshots: { readonly written: number; readonly ms: number }
  readonly position: number
  readonly firstRecordedAt: number
  readonly lastRecordedAt: number
  readonly rssMb: number
}

/** Record the workload: its batches through `recordBatch`, then its held-back tail one `record` at a time. */
export const load = async (store: EventStore, w: Workload): Promise<LoadResult> => {
  let now = 0
  const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => now })
  const incremental = emptyTally()
  let batchedEvents = 0
  let batchedMs = 0
  const latencies: number[] = []
  let firstRecordedAt = Number.NaN
  for await (const line of lines(w)) {
    now = line.recordedAt
    if (Number.isNaN(firstRecordedAt)) firstRecordedAt = now
    const t0 = performance.now()
    if (line.kind === 'batch') {
      const r = await ledger.recordBatch(line.inputs)()
      batchedMs += performance.now() - t0
      if (E.isLeft(r)) throw new Error(`recordBatch refused a batch: ${JSON.stringify(r.left).slice(0, 500)}`)
      batchedEvents += r.right.recorded.length
    } else {
      const r = await ledger.record(line.inputs[0] as (typeof line.inputs)[number])()
      latencies.push(performance.now() - t0)
      if (E.isLeft(r)) throw new Error(`record refused an input: ${JSON.stringify(r.left).slice(0, 500)}`)
    }
    // the incremental tally follows the log outside the timed part
    await must(loadTally(store, {}, incremental), 'loadTally')
  }
  const t0 = performance.now()
  const written = await must(writeSnapshots(store, SNAPSHOT_EVERY), 'writeSnapshots')
  const snapshots = { written, ms: performance.now() - t0 }
  return {
    snapshots,
    batched: { events: batchedEvents, ms: batchedMs, perSecond: (batchedEvents / batchedMs) * 1000 },
    single: { events: latencies.length, p50Ms: median(latencies), p95Ms: quantile(latencies, 0.95) },
    incrementalDigest: reportDigest(incremental),
    position: incremental.position,
    firstRecordedAt,
    lastRecordedAt: incremental.recordedAt,
    rssMb: peakRssMb(),
  }
}

export interface ReplayResult {
  readonly events: number
  readonly ms: number
  readonly perSecond: number
  readonly digest: string
  readonly rssMb: number
}

/** Every projection from zero: fold the stored deltas into the tally and read all 39 indicators (the report). */
export const replay = async (store: EventStore): Promise<ReplayResult> => {
  // from zero: the store's snapshots are left out
  const { readSnapshot: _snapshots, ...fromZero } = store
  const t0 = performance.now()
  const tally = await must(loadTally(fromZero), 'loadTally')
  report(jiaxiang2024, tally)
  const ms = performance.now() - t0
  return { events: tally.position, ms, perSecond: (tally.position / ms) * 1000, digest: reportDigest(tally), rssMb: peakRssMb() }
}

/** Every entry back, decoded, in log order: what Emmett's read of all events is compared with. */
export const readBack = async (store: EventStore): Promise<VerifyResult> => {
  const pageSize = 10_000
  const t0 = performance.now()
  let events = 0
  for (;;) {
    const page = await must(store.readAll({ after: events, limit: pageSize }), 'readAll')
    events += page.length
    if (page.length < pageSize) break
  }
  const ms = performance.now() - t0
  return { events, ms, perSecond: (events / ms) * 1000, rssMb: peakRssMb() }
}

export interface AsOfResult {
  readonly queries: number
  /** the first question asked again from zero, without the store's snapshots, gave the same report */
  readonly agreesFromZero: boolean
  readonly p50Ms: number
  readonly p95Ms: number
  readonly rssMb: number
}

/** A small deterministic generator of instants, so that every run asks the same questions. */
const instants = (count: number, from: number, to: number): number[] => {
  let x = 0x9e3779b9
  return Array.from({ length: count }, () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return Math.floor(from + (x / 2 ** 32) * (to - from))
  })
}

/** The progress report as the ledger knew it at random instants of its history (from the nearest snapshot where the store keeps them). */
export const asOf = async (store: EventStore, queries: number, from: number, to: number): Promise<AsOfResult> => {
  const latencies: number[] = []
  const asked = instants(queries, from, to)
  for (const at of asked) {
    const t0 = performance.now()
    const tally = await must(loadTally(store, { recordedAt: at }), 'loadTally')
    report(jiaxiang2024, tally)
    latencies.push(performance.now() - t0)
    if (tally.recordedAt > at) throw new Error(`asOf ${at}: folded an entry recorded at ${tally.recordedAt}`)
  }
  const first = asked[0] ?? to
  const { readSnapshot: _snapshots, ...fromZero } = store
  const [a, b] = await Promise.all([loadTally(store, { recordedAt: first }), loadTally(fromZero, { recordedAt: first })].map((t) => must(t, 'loadTally')))
  const agreesFromZero = a !== undefined && b !== undefined && a.position === b.position && reportDigest(a) === reportDigest(b)
  return { queries, agreesFromZero, p50Ms: median(latencies), p95Ms: quantile(latencies, 0.95), rssMb: peakRssMb() }
}

export interface VerifyResult {
  readonly events: number
  readonly ms: number
  readonly perSecond: number
  readonly rssMb: number
}

/** Verify the whole ledger (the chain and every delta derived again), or its chain alone, which proves no figure. */
export const verify = (proof: 'whole' | 'chain') => async (store: EventStore): Promise<VerifyResult> => {
  const t0 = performance.now()
  const v = await must((proof === 'whole' ? verifyStore : verifyChain)(store), proof === 'whole' ? 'verifyStore' : 'verifyChain')
  const ms = performance.now() - t0
  if (!v.ok) throw new Error(`verify failed at ${v.position}: ${v.problem} ${v.detail}`)
  return { events: v.count, ms, perSecond: (v.count / ms) * 1000, rssMb: peakRssMb() }
}

/**
 * Every delta derived again from the events alone, folded: its report must
 * equal the stored deltas' report. `rebuildDeltas` folds each stream's
 * history across the whole log and takes the entries at once, so they are
 * gathered first: this is for the smoke's size, not for 10M.
 */
export const rebuild = async (store: EventStore): Promise<{ readonly events: number; readonly digest: string }> => {
  const pageSize = 10_000
  const all: Entry[] = []
  for (;;) {
    const page = await must(store.readAll({ after: all.length, limit: pageSize }), 'readAll')
    all.push(...page)
    if (page.length < pageSize) break
  }
  const tally = emptyTally()
  for (const d of await must(async () => rebuildDeltas(all), 'rebuildDeltas')) addDeltas(tally, d)
  return { events: tally.position, digest: reportDigest(tally) }
}
