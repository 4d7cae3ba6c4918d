import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { StorageFailed } from '../errors.js'
import { sectors } from '../plan/sectors.js'
import { towns } from '../plan/towns.js'
import { units } from '../plan/units.js'
import type { EntryDeltas, EventStore } from '../store.js'
import { month as monthPeriod, year as yearPeriod, type Day, type Period } from '../time.js'
import { readings } from './definitions.js'
import type { Reading } from './readings.js'
import { addBlock, addDeltas, addSnapshot, emptyTally, tallyDeltas, type Filter, type Tally } from './tally.js'

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
 */
export const loadTally =
  (store: EventStore, known: Known = {}, tally: Tally = emptyTally(), pageSize = 10_000): TaskEither<StorageFailed, Tally> =>
  async () => {
    const from = tally.position === 0 && tally.series.size === 0 ? await fromSnapshot(store, known, tally) : E.right(tally)
    if (E.isLeft(from)) return from
    const fold = store.readDeltaBlocks === undefined ? foldEntries(store, known, from.right, pageSize) : foldBlocks(store.readDeltaBlocks, known, from.right, pageSize)
    return fold()
  }

/** An empty tally brought to the store's latest snapshot within what is known, if it keeps any (mutates). */
const fromSnapshot = async (store: EventStore, known: Known, empty: Tally): Promise<E.Either<StorageFailed, Tally>> => {
  if (store.readSnapshot === undefined) return E.right(empty)
  const snapshot = await store.readSnapshot({ position: known.position ?? Number.MAX_SAFE_INTEGER, recordedAt: known.recordedAt ?? Number.MAX_SAFE_INTEGER })()
  return E.map((s: EntryDeltas | undefined) => (s === undefined ? empty : addSnapshot(empty, s)))(snapshot)
}

/**
 * Keep a snapshot of the tally every `every` positions, up to the head, for
 * stores that keep snapshots (others: nothing to do). Run it after an import
 * or on a schedule; a replay or an "as known at" question then folds at most
 * `every` entries past the nearest snapshot. Idempotent.
 */
export const writeSnapshots =
  (store: EventStore, every = 100_000): TaskEither<StorageFailed, number> =>
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
  (store: EventStore, known: Known, tally: Tally, pageSize: number): TaskEither<StorageFailed, Tally> =>
  async () => {
    const lastPosition = known.position ?? Number.POSITIVE_INFINITY
    const lastInstant = known.recordedAt ?? Number.POSITIVE_INFINITY
    for (;;) {
      const page = await store.readDeltas({ after: tally.position, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const entry of page.right) {
        if (entry.position > lastPosition || entry.recordedAt > lastInstant) return E.right(tally)
        addDeltas(tally, entry)
      }
      if (page.right.length < pageSize) return E.right(tally)
    }
  }

/** The same fold a commit block at a time: a commit's entries share one recordedAt. */
const foldBlocks =
  (read: NonNullable<EventStore['readDeltaBlocks']>, known: Known, tally: Tally, pageSize: number): TaskEither<StorageFailed, Tally> =>
  async () => {
    const lastPosition = known.position ?? Number.POSITIVE_INFINITY
    const lastInstant = known.recordedAt ?? Number.POSITIVE_INFINITY
    for (;;) {
      const page = await read({ after: tally.position, limit: pageSize })()
      if (E.isLeft(page)) return page
      const before = tally.position
      for (const block of page.right) {
        if (block.first > lastPosition || block.recordedAt > lastInstant) return E.right(tally)
        addBlock(tally, block, lastPosition)
      }
      if (tally.position - before < pageSize) return E.right(tally)
    }
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

/** An indicator's value for a period, from the tally alone. */
export const indicatorValue = (tally: Tally, id: string, q: ValueQuery): Reading => {
  const read = readings[id]
  if (read === undefined) throw new RangeError(`no indicator ${id}`)
  const p = periodOf(q)
  const to = Math.min(p.to, q.occurredBy ?? p.to)
  return to < p.from ? NO_DATA : read(tally, { from: p.from, to }, q.filter ?? {})
}

/** An indicator month by month through a year: the time series of a chart. */
export const monthly = (tally: Tally, id: string, q: Omit<ValueQuery, 'month'>): ReadonlyArray<{ readonly period: Period; readonly reading: Reading }> =>
  Array.from({ length: 12 }, (_, i) => ({ period: monthPeriod(q.year, i + 1), reading: indicatorValue(tally, id, { ...q, month: i + 1 }) }))

export type BreakdownBy = 'town' | 'unit' | 'sector'

const parts = {
  town: towns.map((t) => ({ code: t.code, zh: t.zh, en: t.en })),
  unit: units.map((u) => ({ code: u.code, zh: u.zh, en: u.en })),
  sector: sectors.map((s) => ({ code: s.code, zh: s.zh, en: s.en })),
}

/** An indicator broken down by town (镇街), recording unit or sector: every part with events behind it. */
export const breakdown = (
  tally: Tally,
  id: string,
  by: BreakdownBy,
  q: ValueQuery,
): ReadonlyArray<{ readonly code: string; readonly zh: string; readonly en: string; readonly reading: Reading }> =>
  parts[by]
    .map((p) => ({ ...p, reading: indicatorValue(tally, id, { ...q, filter: { ...q.filter, [by]: p.code } }) }))
    .filter((p) => p.reading.events > 0)

