import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Entry, Source } from '../envelope.js'
import { said } from '../codecs.js'
import { integrityFailed, validationFailed, type IntegrityFailed, type StorageFailed, type ValidationFailed } from '../errors.js'
import { amendmentOf, isCorrection } from '../events/corrections.js'
import type { Plan, PlanIndicator } from '../plan/define.js'
import { loadTally, malformedBlock, readingOf } from '../projections/query.js'
import type { Reading } from '../projections/readings.js'
import { blockJoins, deltasProblem, entriesOfBlocks, movesSums, readWithout, sumsAsked, type Filter, type KeepEntry, type Tally } from '../projections/tally.js'
import { entriesAt } from '../entries-at.js'
import type { DeltaBlock, EntryDeltas, EventStore } from '../store.js'
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

/**
 * Whether taking an entry's delta out of the tally changes the reading; the
 * tally is left as it was. A reading asks the tally for sums, so an entry
 * none of whose cells falls in one is not behind it, and one whose cells add
 * events to them is (a reading's events are its sums', readings.ts). Only
 * the rest is read again without the entry. Each shortcut is taken only
 * where this reading on this tally is seen to hold to it.
 */
const behindTest = (tally: Tally, read: (t: Tally) => Reading, reading: Reading): KeepEntry => {
  const asked = sumsAsked(tally, read)
  const eventsAreSums = asked !== undefined && asked.reduce((n, a) => n + a.events, 0) === reading.events
  return (d, from, to) => {
    if (asked !== undefined) {
      const { moves, events } = movesSums(asked, d, from, to)
      if (!moves) return false
      if (events !== 0 && eventsAreSums) return true
    }
    const without = readWithout(tally, d, read, from, to)
    return without.value !== reading.value || without.events !== reading.events
  }
}

/**
 * The stored deltas of the entries after position `after`, up to `last`, that
 * pass `keep`. Only the deltas are read, each must follow the one before, and
 * be whole cells of a known series: rows that do not line up are refused.
 * A page of commit blocks that lines up is cut with no object for an entry
 * not kept, and one block that is not whole refuses it; where the store has
 * none, or they do not line up, the page is read entry by entry, and the
 * entry that is wrong is named.
 */
const deltasBetween =
  (store: EventStore, after: number, last: number, keep: KeepEntry, pageSize = 10_000): TE.TaskEither<StorageFailed | IntegrityFailed, EntryDeltas[]> =>
  async () => {
    const out: EntryDeltas[] = []
    for (let at = after; at < last; ) {
      const limit = Math.min(pageSize, last - at)
      if (store.readDeltaBlocks !== undefined) {
        const blocks = await store.readDeltaBlocks({ after: at, limit })()
        if (E.isLeft(blocks)) return blocks
        for (const b of blocks.right) {
          const bad = malformedBlock(b, Math.max(at + 1, b.first))
          if (bad !== undefined) return E.left(bad)
        }
        if (linedUp(blocks.right, at)) {
          for (const d of entriesOfBlocks(blocks.right, at, last, keep)) out.push(d)
          at = Math.min(last, (blocks.right[blocks.right.length - 1] as DeltaBlock).last)
          continue
        }
      }
      const page = await store.readDeltas({ after: at, limit })()
      if (E.isLeft(page)) return page
      if (page.right.length === 0) return E.left(integrityFailed(at + 1, said({ zh: `条目 ${at + 1} 旁没有所存的增量`, en: `no stored delta stands beside entry ${at + 1}` })))
      for (const d of page.right) {
        if (d.position !== at + 1)
          return E.left(integrityFailed(at + 1, said({ zh: `条目 ${at + 1} 旁没有所存的增量（所存的下一个是条目 ${d.position} 的）`, en: `no stored delta stands beside entry ${at + 1} (the next stored are entry ${d.position}'s)` })))
        const bad = deltasProblem(d.deltas)
        if (bad !== undefined) return E.left(integrityFailed(d.position, said({ zh: `条目 ${d.position} 的增量：${bad.zh}`, en: `the deltas of entry ${d.position}: ${bad.en}` })))
        if (keep(d.deltas, 0, d.deltas.length)) out.push(d)
        at = d.position
      }
    }
    return E.right(out)
  }

/**
 * Whether a page of blocks, each whole, lines up after `at`, each joining
 * where the one before ended. Lined up, its entries are what reading them
 * one by one gives.
 */
const linedUp = (blocks: ReadonlyArray<DeltaBlock>, at: number): boolean =>
  blocks.length > 0 && blocks.every((b, k) => blockJoins(b, k === 0 ? at : (blocks[k - 1] as DeltaBlock).last, k === 0))

/**
 * The entries these deltas stand beside, read by position. Each must be
 * there and say the recordedAt its deltas say: rows that do not line up are
 * refused, never paired with the wrong entry.
 */
const entriesBeside =
  (store: EventStore, deltas: ReadonlyArray<EntryDeltas>): TE.TaskEither<StorageFailed | IntegrityFailed, ReadonlyArray<Entry>> =>
    pipe(
      entriesAt(store, deltas.map((d) => d.position)),
      TE.flatMapEither((found) =>
        E.traverseArray((d: EntryDeltas): E.Either<IntegrityFailed, Entry> => {
          const entry = found.get(d.position)
          if (entry === undefined) return E.left(integrityFailed(d.position, said({ zh: `所存的增量位于位置 ${d.position}，但该处没有条目`, en: `stored deltas stand at position ${d.position}, which holds no entry` })))
          return d.recordedAt === Date.parse(entry.recordedAt)
            ? E.right(entry)
            : E.left(
                integrityFailed(
                  d.position,
                  said({
                    zh: `条目 ${d.position} 的增量称其记录于 ${storedInstant(d.recordedAt)}，但条目本身为 ${entry.recordedAt}`,
                    en: `the deltas of entry ${d.position} say it was recorded at ${storedInstant(d.recordedAt)}, but the entry says ${entry.recordedAt}`,
                  }),
                ),
              )
        })(deltas),
      ),
    )

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
          const reading = readOn(tally)
          return pipe(
            deltasBetween(store, 0, tally.position, behindTest(tally, readOn, reading)),
            TE.flatMap((behind) => entriesBeside(store, behind)),
            TE.map((entries) => ({
              indicator: q.indicator,
              year: q.year,
              occurredBy: q.occurredBy ?? null,
              knownAt: Number.isFinite(upTo) ? isoUtc(upTo) : null,
              reading,
              entries: entries.map(rowOf),
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
        TE.bind('recorded', ({ before, after }) => deltasBetween(store, before.position, after.position, () => true)),
        TE.let('changes', ({ before, after, recorded }) =>
          plan.indicators.flatMap((indicator) => {
            if (only !== undefined && !only.has(indicator.id)) return []
            const query: IndicatorQuery = { indicator: indicator.id, year: q.year, ...(q.filter === undefined ? {} : { filter: q.filter }) }
            const readOn = readerOf(indicator, query, day)
            const was = readOn(before)
            const now = readOn(after)
            const changed = was.value !== now.value || was.events !== now.events
            const behind = behindTest(after, readOn, now)
            const causes = recorded.filter((d) => behind(d.deltas, 0, d.deltas.length))
            return changed || causes.length > 0 ? [{ indicator, changed, before: was, after: now, causes }] : []
          }),
        ),
        // the entries behind the changes, each read once however many indicators it moved
        TE.bind('entries', ({ changes }) => entriesBeside(store, [...new Map(changes.flatMap((c) => c.causes).map((d) => [d.position, d])).values()])),
        TE.map(({ changes, entries }) => {
          const rows = new Map(entries.map((e) => [e.position, rowOf(e)]))
          return {
            from: isoUtc(from),
            to: Number.isFinite(to) ? isoUtc(to) : null,
            year: q.year,
            occurredBy: q.occurredBy ?? null,
            changes: changes.map(({ indicator, changed, before, after, causes }) => ({
              id: indicator.id,
              zh: indicator.zh,
              en: indicator.en,
              changed,
              before,
              after,
              causes: causes.flatMap((d) => rows.get(d.position) ?? []),
            })),
          }
        }),
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
