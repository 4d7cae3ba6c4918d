import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { DELTA_WIDTH as W } from '../deltas.js'
import type { Entry, Source } from '../envelope.js'
import { integrityFailed, validationFailed, type IntegrityFailed, type StorageFailed, type ValidationFailed } from '../errors.js'
import { amendmentOf, isCorrection } from '../events/corrections.js'
import type { Plan, PlanIndicator } from '../plan/define.js'
import { loadTally, readingOf } from '../projections/query.js'
import type { Reading } from '../projections/readings.js'
import { addDeltas, deltasProblem, type Filter, type Tally } from '../projections/tally.js'
import type { EntryDeltas, EventStore } from '../store.js'
import { occurredByDay } from '../projections/report.js'
import { isoUtc, storedInstant } from '../time.js'
import { knownAtInstant, type AsOfError } from './as-of.js'

/*
 * Lineage: for an indicator's value, the entries behind it; and between two
 * instants, what changed in each indicator and which entries caused it.
 * An entry is behind a value when taking its delta out of the tally changes
 * the reading (its value or the count of events behind it). That is exact
 * for every kind of reading (flows, stocks, shares, growth) without knowing
 * how each is computed, and it follows corrections: a void is behind the
 * value it lowered.
 */

/** An entry as an auditor drills down to it: enough to find it at its source. */
export interface LineageRow {
  readonly position: number
  readonly id: string
  readonly type: string
  readonly stream: string
  readonly occurredAt: string
  readonly recordedAt: string
  readonly recordedBy: string
  readonly source: Source
  readonly hash: string
  /** for a correction, the entry it voided or corrected */
  readonly amends: string | null
}

export interface IndicatorQuery {
  readonly indicator: string
  readonly year: number
  /** YYYY-MM-DD; default the end of the year */
  readonly occurredBy?: string
  readonly filter?: Filter
}

export interface Lineage {
  readonly indicator: string
  readonly year: number
  readonly occurredBy: string | null
  readonly knownAt: string | null
  readonly reading: Reading
  readonly entries: ReadonlyArray<LineageRow>
}

export interface IndicatorChange {
  readonly id: string
  readonly zh: string
  readonly en: string
  /** whether the reading differs; entries recorded in between may also have cancelled out */
  readonly changed: boolean
  readonly before: Reading
  readonly after: Reading
  /** entries recorded between the two instants that are behind the new reading */
  readonly causes: ReadonlyArray<LineageRow>
}

export interface Diff {
  readonly from: string
  readonly to: string | null
  readonly year: number
  readonly occurredBy: string | null
  /** the indicators whose reading changed or that entries recorded in between are behind, in the plan's order */
  readonly changes: ReadonlyArray<IndicatorChange>
}

const rowOf = (e: Entry): LineageRow => ({
  position: e.position,
  id: e.id,
  type: e.type,
  stream: e.stream,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  recordedBy: e.recordedBy,
  source: e.source,
  hash: e.hash,
  amends: isCorrection(e.type) ? amendmentOf(e).entryId : null,
})

/** The metric keys a reading consults on this tally, found by watching it read. */
const metricsRead = (tally: Tally, read: (t: Tally) => unknown): ReadonlySet<number> => {
  const seen = new Set<number>()
  const watched = new Map(tally.byMetric)
  const get = watched.get.bind(watched)
  watched.get = (key: number) => {
    seen.add(key)
    return get(key)
  }
  read({ ...tally, byMetric: watched })
  return seen
}

const touches = (deltas: Float64Array, metrics: ReadonlySet<number>): boolean => {
  // a cell's metric key is its first number
  for (let i = 0; i + W <= deltas.length; i += W) if (metrics.has(deltas[i] as number)) return true
  return false
}

const negated = (d: EntryDeltas): EntryDeltas => {
  const out = Float64Array.from(d.deltas)
  // quantity and events, the last two numbers of each cell
  for (let i = 0; i + W <= out.length; i += W) {
    out[i + W - 2] = -(out[i + W - 2] as number)
    out[i + W - 1] = -(out[i + W - 1] as number)
  }
  return { ...d, deltas: out }
}

/** Whether taking this entry's delta out of the tally changes the reading. The tally is left as it was. */
const isBehind = (tally: Tally, d: EntryDeltas, read: () => Reading, reading: Reading): boolean => {
  const { position, recordedAt } = tally
  addDeltas(tally, negated(d))
  const without = read()
  addDeltas(tally, d)
  tally.position = position
  tally.recordedAt = recordedAt
  return without.value !== reading.value || without.events !== reading.events
}

/**
 * Entries with their deltas, recorded after `recordedAfter` and up to `upTo` (epoch ms), that pass `keep`.
 * Each delta is matched to its entry by position, and must say the entry's recordedAt: rows that do not
 * line up are refused, never paired with the wrong entry.
 */
const collect =
  (store: EventStore, upTo: number, keep: (d: EntryDeltas) => boolean, recordedAfter = 0, pageSize = 5_000): TE.TaskEither<StorageFailed | IntegrityFailed, Array<{ entry: Entry; deltas: EntryDeltas }>> =>
  async () => {
    const out: Array<{ entry: Entry; deltas: EntryDeltas }> = []
    for (let from = 0; ; ) {
      const [entries, deltas] = await Promise.all([store.readAll({ after: from, limit: pageSize })(), store.readDeltas({ after: from, limit: pageSize })()])
      if (E.isLeft(entries)) return entries
      if (E.isLeft(deltas)) return deltas
      for (const [i, entry] of entries.right.entries()) {
        const d = deltas.right[i]
        if (d === undefined || d.position !== entry.position) return E.left(integrityFailed(entry.position, `no stored delta stands beside entry ${entry.position}`))
        if (d.recordedAt !== Date.parse(entry.recordedAt))
          return E.left(integrityFailed(entry.position, `the deltas of entry ${entry.position} say it was recorded at ${storedInstant(d.recordedAt)}, but the entry says ${entry.recordedAt}`))
        const bad = deltasProblem(d.deltas)
        if (bad !== undefined) return E.left(integrityFailed(entry.position, `the deltas of entry ${entry.position}: ${bad}`))
        if (d.recordedAt > upTo) return E.right(out)
        if (d.recordedAt > recordedAfter && keep(d)) out.push({ entry, deltas: d })
      }
      const last = entries.right[entries.right.length - 1]
      if (last === undefined || entries.right.length < pageSize) return E.right(out)
      from = last.position
    }
  }

const indicatorIssue = (id: string, path = 'indicator'): ValidationFailed =>
  validationFailed([{ path, reason: `须为方案的指标编号（如 vehicles.nev-fleet），收到 ${JSON.stringify(id)} / expected one of the plan's indicator ids (e.g. vehicles.nev-fleet), got ${JSON.stringify(id)}` }])

/** The indicators a diff is narrowed to, each one of the plan's. */
const narrowedTo = (plan: Plan, ids: ReadonlyArray<string> | undefined): E.Either<ValidationFailed, ReadonlySet<string> | undefined> => {
  if (ids === undefined) return E.right(undefined)
  const unknown = ids.findIndex((id) => !plan.indicatorById.has(id))
  return unknown === -1 ? E.right(new Set(ids)) : E.left(indicatorIssue(ids[unknown] as string, `indicators[${unknown}]`))
}

/** Two instants in the order a diff reads them: what was known first, then later. */
const inOrder = (from: number, to: number): E.Either<ValidationFailed, void> =>
  from <= to
    ? E.right(undefined)
    : E.left(validationFailed([{ path: 'from', reason: `起点 ${isoUtc(from)} 晚于终点 ${isoUtc(to)} / from (${isoUtc(from)}) is later than to (${isoUtc(to)})` }]))

const readerOf = (indicator: PlanIndicator, q: IndicatorQuery, day: number | undefined) => (tally: Tally): Reading =>
  readingOf(indicator, tally, { year: q.year, ...(day === undefined ? {} : { occurredBy: day }), ...(q.filter === undefined ? {} : { filter: q.filter }) })

/** The entries behind an indicator's value, as known at `knownAt` (default now): the drill-down. */
export const lineage = (plan: Plan, store: EventStore, q: IndicatorQuery & { readonly knownAt?: string }): TE.TaskEither<AsOfError, Lineage> =>
  pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.bind('indicator', () => E.fromNullable(indicatorIssue(q.indicator))(plan.indicatorById.get(q.indicator))),
        E.bind('day', () => occurredByDay(q.occurredBy)),
        E.bind('upTo', () => (q.knownAt === undefined ? E.right(Number.POSITIVE_INFINITY) : knownAtInstant(q.knownAt))),
      ),
    ),
    TE.flatMap(({ indicator, day, upTo }) =>
      pipe(
        loadTally(store, Number.isFinite(upTo) ? { recordedAt: upTo } : {}),
        TE.flatMap((tally) => {
          const readOn = readerOf(indicator, q, day)
          const read = () => readOn(tally)
          const reading = read()
          const metrics = metricsRead(tally, readOn)
          return pipe(
            collect(store, upTo, (d) => touches(d.deltas, metrics) && isBehind(tally, d, read, reading)),
            TE.map((found) => ({
              indicator: q.indicator,
              year: q.year,
              occurredBy: q.occurredBy ?? null,
              knownAt: Number.isFinite(upTo) ? isoUtc(upTo) : null,
              reading,
              entries: found.map((f) => rowOf(f.entry)),
            })),
          )
        }),
      ),
    ),
  )

/**
 * What changed in each indicator between what was known at `from` and at
 * `to` (default now), for a year as occurred by a day, and which entries
 * recorded in between caused it.
 */
export const diff = (
  plan: Plan,
  store: EventStore,
  q: {
    readonly from: string
    readonly to?: string
    readonly year: number
    readonly occurredBy?: string
    readonly filter?: Filter
    /** only these indicators (default all the plan's) */
    readonly indicators?: ReadonlyArray<string>
  },
): TE.TaskEither<AsOfError, Diff> =>
  pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.bind('only', () => narrowedTo(plan, q.indicators)),
        E.bind('day', () => occurredByDay(q.occurredBy)),
        E.bind('from', () => knownAtInstant(q.from)),
        E.bind('to', () => (q.to === undefined ? E.right(Number.POSITIVE_INFINITY) : knownAtInstant(q.to))),
        E.tap(({ from, to }) => inOrder(from, to)),
      ),
    ),
    TE.flatMap(({ only, day, from, to }) =>
      pipe(
        TE.Do,
        TE.bind('before', () => loadTally(store, { recordedAt: from })),
        TE.bind('after', () => loadTally(store, Number.isFinite(to) ? { recordedAt: to } : {})),
        TE.bind('recorded', () => collect(store, to, () => true, from)),
        TE.map(({ before, after, recorded }) => ({
          from: isoUtc(from),
          to: Number.isFinite(to) ? isoUtc(to) : null,
          year: q.year,
          occurredBy: q.occurredBy ?? null,
          changes: plan.indicators.flatMap((indicator): IndicatorChange[] => {
            if (only !== undefined && !only.has(indicator.id)) return []
            const query: IndicatorQuery = { indicator: indicator.id, year: q.year, ...(q.filter === undefined ? {} : { filter: q.filter }) }
            const readOn = readerOf(indicator, query, day)
            const read = () => readOn(after)
            const was = readOn(before)
            const now = read()
            const changed = was.value !== now.value || was.events !== now.events
            const metrics = metricsRead(after, readOn)
            const causes = recorded.filter((r) => touches(r.deltas.deltas, metrics) && isBehind(after, r.deltas, read, now))
            return changed || causes.length > 0
              ? [{ id: indicator.id, zh: indicator.zh, en: indicator.en, changed, before: was, after: now, causes: causes.map((c) => rowOf(c.entry)) }]
              : []
          }),
        })),
      ),
    ),
  )

/** The columns of lineage CSV (`lineageCsv` in @policy-ledger/export): a heading in Chinese and English, and the cell of a row. */
export const lineageColumns: ReadonlyArray<readonly [string, (r: LineageRow) => string | number]> = [
  ['位置 position', (r) => r.position],
  ['事件编号 id', (r) => r.id],
  ['事件类型 type', (r) => r.type],
  ['流 stream', (r) => r.stream],
  ['发生时间 occurredAt', (r) => r.occurredAt],
  ['记录时间 recordedAt', (r) => r.recordedAt],
  ['记录单位 recordedBy', (r) => r.recordedBy],
  ['来源系统 source system', (r) => r.source.system],
  ['来源记录 source record', (r) => r.source.recordId],
  ['更正对象 amends', (r) => r.amends ?? ''],
  ['哈希 hash', (r) => r.hash],
]
