import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { entryAt } from '../entries-at.js'
import { said, wordingOf } from '../codecs.js'
import { integrityFailed, unknownIndicator, type IntegrityFailed, type StorageFailed, type UnknownIndicator } from '../errors.js'
import type { Plan, PlanIndicator } from '../plan/define.js'
import { nearest } from '../plan/nearest.js'
import type { Head } from '../chain.js'
import type { DeltaBlock, EventStore } from '../store.js'
import { month as monthPeriod, storedInstant, year as yearPeriod, type Day, type Period } from '../time.js'
import type { Reading } from './readings.js'
import { addBlock, addDeltas, addSnapshot, blockJoins, blockProblem, deltasProblem, emptyTally, tallyDeltas, type Filter, type Tally } from './tally.js'

/**
 * Why a stored commit block cannot be read, refused at `next`, the first of
 * its entries the reader had not yet read; undefined if it can be. A block
 * is taken whole or not at all: its counts are never trusted to cut it.
 */
export const malformedBlock = (block: DeltaBlock, next: number): IntegrityFailed | undefined => {
  const bad = blockProblem(block)
  return bad === undefined ? undefined : integrityFailed(next, said({ zh: `条目 ${block.first}–${block.last} 的提交块：${bad.zh}`, en: `the commit of entries ${block.first}–${block.last}: ${bad.en}` }))
}

/** Which entries a tally holds: all of them, or those known by a position or an instant. */
export interface Known {
  /** fold entries up to this position */
  readonly position?: number
  /** fold entries recorded at or before this instant, epoch ms */
  readonly recordedAt?: number
}

/**
 * Fold a store's deltas into a tally, page by page (never the whole log in
 * memory), stopping at what was known by `known`. Because positions follow
 * commit order and recordedAt increases with them, "known at T" is a prefix
 * of the log. An empty tally starts from the store's nearest snapshot within
 * `known`, if it keeps any; a store that serves commit blocks is read a
 * block at a time. The tally passed in is the one brought up to date.
 *
 * The deltas are derived data: `verifyStore` proves their content. What a
 * fold can check cheaply it checks, and refuses (INTEGRITY_FAILED) rather
 * than print from rows that do not hang together: the rows must hold every
 * entry up to the log's last, one after another, and where a cut falls by
 * time, or a snapshot begins, the recordedAt of the rows there must be
 * that of the entries themselves.
 */
export const loadTally =
  (store: EventStore, known: Known = {}, tally: Tally = emptyTally(), pageSize = 10_000): TaskEither<StorageFailed | IntegrityFailed, Tally> =>
  async () => {
    const head = await store.head()()
    if (E.isLeft(head)) return head
    const holds = await headHolds(store, head.right)
    if (E.isLeft(holds)) return holds
    // the log's last entry bounds the fold: rows beyond it stand for nothing
    const bounded: Known = { ...known, position: Math.min(known.position ?? Number.POSITIVE_INFINITY, head.right.position) }
    const from = tally.position === 0 && tally.series.size === 0 ? await fromSnapshot(store, bounded, tally) : E.right(tally)
    if (E.isLeft(from)) return from
    const start = from.right.position
    const folded = await (store.readDeltaBlocks === undefined ? foldEntries(store, bounded, from.right, pageSize) : foldBlocks(store.readDeltaBlocks, bounded, from.right, pageSize))()
    if (E.isLeft(folded)) return folded
    const checked = await foldedAsKnown(store, { ...bounded, position: Math.max(start, bounded.position ?? 0) }, folded.right, head.right.position)
    return E.map(() => folded.right)(checked)
  }

/** That the rows at `position` say it was recorded when its entry says. */
const recordedAsStored = async (store: EventStore, position: number, recordedAt: number, what: string): Promise<E.Either<StorageFailed | IntegrityFailed, void>> => {
  const entry = await entryAt(store, position)()
  if (E.isLeft(entry)) return entry
  if (entry.right === undefined) return E.left(integrityFailed(position, said({ zh: `${wordingOf(what).zh}位于位置 ${position}，但该处没有条目`, en: `${wordingOf(what).en} stands at position ${position}, which holds no entry` })))
  return Date.parse(entry.right.recordedAt) === recordedAt
    ? E.right(undefined)
    : E.left(integrityFailed(
          position,
          said({
            zh: `${wordingOf(what).zh}称条目 ${position} 的记录时间为 ${storedInstant(recordedAt)}，但条目本身为 ${entry.right.recordedAt}`,
            en: `${wordingOf(what).en} says entry ${position} was recorded at ${storedInstant(recordedAt)}, but the entry says ${entry.right.recordedAt}`,
          }),
        ))
}

/** That the head a store reports is its last entry: the entry there, with that hash, and none after it. */
const headHolds = async (store: EventStore, head: Head): Promise<E.Either<StorageFailed | IntegrityFailed, void>> => {
  const page = await store.readAll({ after: Math.max(0, head.position - 1), limit: 2 })()
  if (E.isLeft(page)) return page
  const [last, after] = head.position === 0 ? [undefined, page.right[0]] : page.right
  if (after !== undefined) return E.left(integrityFailed(after.position, said({ zh: `存储的链头称台账止于 ${head.position}，但其中还有条目 ${after.position}`, en: `the store's head says the log ends at ${head.position}, but it holds entry ${after.position}` })))
  if (head.position > 0 && (last?.position !== head.position || last.hash !== head.hash))
    return E.left(integrityFailed(
        head.position,
        said({ zh: `存储的链头称台账止于 ${head.position}，哈希为 ${head.hash}，但该处的条目不是它`, en: `the store's head says the log ends at ${head.position} with ${head.hash}, but the entry there is not that one` }),
      ))
  return E.right(undefined)
}

/** A fold ends where it should: at the last entry known, or, cut by time, between the last entry recorded by then and the first after. */
const foldedAsKnown = async (store: EventStore, known: Known, tally: Tally, end: number): Promise<E.Either<StorageFailed | IntegrityFailed, void>> => {
  const last = known.position ?? 0
  if (tally.position > end) return E.left(integrityFailed(end + 1, said({ zh: `增量一直延续到位置 ${tally.position}，超过了最后一个条目 ${end}`, en: `the deltas run on to position ${tally.position}, past the last entry, ${end}` })))
  // the instant a report states is the last entry's own
  if (tally.position > 0) {
    const inside = await recordedAsStored(store, tally.position, tally.recordedAt, said({ zh: '最后折叠的提交块', en: 'the last commit row folded' }))
    if (E.isLeft(inside)) return inside
  }
  if (tally.position === last) return E.right(undefined)
  if (known.recordedAt === undefined) return E.left(integrityFailed(tally.position + 1, said({ zh: `没有提交块含有条目 ${tally.position + 1} 的增量`, en: `no commit row holds the deltas of entry ${tally.position + 1}` })))
  // the first entry left out must have been recorded after the cut
  const next = await entryAt(store, tally.position + 1)()
  if (E.isLeft(next)) return next
  if (next.right === undefined) return E.left(integrityFailed(tally.position + 1, said({ zh: `位置 ${tally.position + 1} 没有条目`, en: `position ${tally.position + 1} holds no entry` })))
  return Date.parse(next.right.recordedAt) > known.recordedAt
    ? E.right(undefined)
    : E.left(integrityFailed(
          tally.position + 1,
          said({
            zh: `条目 ${tally.position + 1} 记录于 ${next.right.recordedAt}，在所问时间之内，但其提交块称记录得更晚`,
            en: `entry ${tally.position + 1} was recorded at ${next.right.recordedAt}, by the time asked, but its commit row says later`,
          }),
        ))
}

/** An empty tally brought to the store's latest snapshot within what is known, if it keeps any (mutates). */
const fromSnapshot = async (store: EventStore, known: Known, empty: Tally): Promise<E.Either<StorageFailed | IntegrityFailed, Tally>> => {
  if (store.readSnapshot === undefined) return E.right(empty)
  const snapshot = await store.readSnapshot({ position: known.position ?? Number.MAX_SAFE_INTEGER, recordedAt: known.recordedAt ?? Number.MAX_SAFE_INTEGER })()
  if (E.isLeft(snapshot)) return snapshot
  const s = snapshot.right
  if (s === undefined) return E.right(empty)
  const where = await recordedAsStored(store, s.position, s.recordedAt, said({ zh: `位置 ${s.position} 的快照`, en: `the snapshot at ${s.position}` }))
  if (E.isLeft(where)) return where
  const bad = deltasProblem(s.deltas)
  return bad === undefined ? E.right(addSnapshot(empty, s)) : E.left(integrityFailed(s.position, said({ zh: `位置 ${s.position} 的快照：${bad.zh}`, en: `the snapshot at ${s.position}: ${bad.en}` })))
}

/**
 * Keep a snapshot of the tally every `every` positions, up to the head, for
 * stores that keep snapshots (others: nothing to do). Run it after an import
 * or on a schedule; a replay or an "as known at" question then folds at most
 * `every` entries past the nearest snapshot. Idempotent.
 */
export const writeSnapshots =
  (store: EventStore, every = 100_000): TaskEither<StorageFailed | IntegrityFailed, number> =>
  async () => {
    const write = store.writeSnapshot
    if (write === undefined || store.readSnapshot === undefined) return E.right(0)
    const head = await store.head()()
    if (E.isLeft(head)) return head
    const start = await fromSnapshot(store, {}, emptyTally())
    if (E.isLeft(start)) return start
    let tally = start.right
    let written = 0
    for (let next = (Math.floor(tally.position / every) + 1) * every; next <= head.right.position; next += every) {
      const folded = await loadTally(store, { position: next }, tally)()
      if (E.isLeft(folded)) return folded
      tally = folded.right
      const saved = await write({ position: tally.position, recordedAt: tally.recordedAt, deltas: tallyDeltas(tally) })()
      if (E.isLeft(saved)) return saved
      written++
    }
    return E.right(written)
  }

const foldEntries =
  (store: EventStore, known: Known, tally: Tally, pageSize: number): TaskEither<StorageFailed | IntegrityFailed, Tally> =>
  async () => {
    const lastPosition = known.position ?? Number.POSITIVE_INFINITY
    const lastInstant = known.recordedAt ?? Number.POSITIVE_INFINITY
    for (;;) {
      const page = await store.readDeltas({ after: tally.position, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const entry of page.right) {
        if (entry.position > lastPosition || entry.recordedAt > lastInstant) return E.right(tally)
        if (entry.position !== tally.position + 1) return E.left(integrityFailed(
            tally.position + 1,
            said({ zh: `缺少条目 ${tally.position + 1} 的增量（所存的下一个是条目 ${entry.position} 的）`, en: `the deltas of entry ${tally.position + 1} are missing (the next stored are entry ${entry.position}'s)` }),
          ))
        const bad = deltasProblem(entry.deltas)
        if (bad !== undefined) return E.left(integrityFailed(entry.position, said({ zh: `条目 ${entry.position} 的增量：${bad.zh}`, en: `the deltas of entry ${entry.position}: ${bad.en}` })))
        addDeltas(tally, entry)
      }
      if (page.right.length < pageSize) return E.right(tally)
    }
  }

/** The same fold a commit block at a time: a commit's entries share one recordedAt. Each block must take up where the one before left off. */
const foldBlocks =
  (read: NonNullable<EventStore['readDeltaBlocks']>, known: Known, tally: Tally, pageSize: number): TaskEither<StorageFailed | IntegrityFailed, Tally> =>
  async () => {
    const lastPosition = known.position ?? Number.POSITIVE_INFINITY
    const lastInstant = known.recordedAt ?? Number.POSITIVE_INFINITY
    while (tally.position < lastPosition) {
      const page = await read({ after: tally.position, limit: pageSize })()
      if (E.isLeft(page)) return page
      const before = tally.position
      let first = true
      for (const block of page.right) {
        if (block.first > lastPosition || block.recordedAt > lastInstant) return E.right(tally)
        const next = tally.position + 1
        if (!blockJoins(block, tally.position, first))
          return E.left(
            integrityFailed(
              next,
              said({
                zh: `提交块前后不相接：条目 ${tally.position} 之后是条目 ${block.first}–${block.last} 的提交块`,
                en: `commit rows do not follow one another: after entry ${tally.position} comes a commit of entries ${block.first}–${block.last}`,
              }),
            ),
          )
        first = false
        const bad = malformedBlock(block, next)
        if (bad !== undefined) return E.left(bad)
        addBlock(tally, block, lastPosition)
        if (tally.position >= lastPosition) return E.right(tally)
      }
      if (tally.position - before < pageSize) return E.right(tally)
    }
    return E.right(tally)
  }

/** What a value is asked for: a year (or a month of it), as occurred by a day, narrowed by a filter. */
export interface ValueQuery {
  readonly year: number
  readonly month?: number
  /** count only what occurred on or before this day; default: everything */
  readonly occurredBy?: Day
  readonly filter?: Filter
}

export const periodOf = (q: Pick<ValueQuery, 'year' | 'month'>): Period => (q.month === undefined ? yearPeriod(q.year) : monthPeriod(q.year, q.month))

const NO_DATA: Reading = { value: null, events: 0 }

/** A plan's indicator by its id, or UNKNOWN_INDICATOR with the nearest id the plan has. */
export const indicatorOf = (plan: Plan, id: string): E.Either<UnknownIndicator, PlanIndicator> => {
  const found = plan.indicatorById.get(id)
  return found === undefined ? E.left(unknownIndicator(plan.document, id, nearest(id, plan.indicatorById.keys()))) : E.right(found)
}

/** An indicator's value for a period, from the tally alone. */
export const readingOf = (indicator: Pick<PlanIndicator, 'read'>, tally: Tally, q: ValueQuery): Reading => {
  const p = periodOf(q)
  const to = Math.min(p.to, q.occurredBy ?? p.to)
  return to < p.from ? NO_DATA : indicator.read(tally, { from: p.from, to }, q.filter ?? {})
}

/** A plan's indicator, by id, for a period. */
export const indicatorValue = (plan: Plan, tally: Tally, id: string, q: ValueQuery): E.Either<UnknownIndicator, Reading> =>
  E.map((x: PlanIndicator) => readingOf(x, tally, q))(indicatorOf(plan, id))

/** An indicator month by month through a year: the time series of a chart. */
export const monthly = (
  plan: Plan,
  tally: Tally,
  id: string,
  q: Omit<ValueQuery, 'month'>,
): E.Either<UnknownIndicator, ReadonlyArray<{ readonly period: Period; readonly reading: Reading }>> =>
  E.map((x: PlanIndicator) => Array.from({ length: 12 }, (_, i) => ({ period: monthPeriod(q.year, i + 1), reading: readingOf(x, tally, { ...q, month: i + 1 }) })))(
    indicatorOf(plan, id),
  )

export type BreakdownBy = 'town' | 'unit' | 'sector'

/** The parts a plan breaks an indicator down into: its towns, every unit that records, its sectors. */
const partsOf = (plan: Plan, by: BreakdownBy): ReadonlyArray<{ readonly code: string; readonly zh: string; readonly en: string }> =>
  (by === 'town' ? plan.towns : by === 'unit' ? plan.recorders : plan.sectors).map((p) => ({ code: p.code, zh: p.zh, en: p.en }))

/** An indicator broken down by town (镇街), recording unit or sector: every part with events behind it. */
export const breakdown = (
  plan: Plan,
  tally: Tally,
  id: string,
  by: BreakdownBy,
  q: ValueQuery,
): E.Either<UnknownIndicator, ReadonlyArray<{ readonly code: string; readonly zh: string; readonly en: string; readonly reading: Reading }>> =>
  E.map((x: PlanIndicator) =>
    partsOf(plan, by)
      .map((p) => ({ ...p, reading: readingOf(x, tally, { ...q, filter: { ...q.filter, [by]: p.code } }) }))
      .filter((p) => p.reading.events > 0),
  )(indicatorOf(plan, id))
