import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { StorageFailed } from '../errors.js'
import { sectors } from '../plan/sectors.js'
import { towns } from '../plan/towns.js'
import { units } from '../plan/units.js'
import type { EventStore } from '../store.js'
import { month as monthPeriod, year as yearPeriod, type Day, type Period } from '../time.js'
import { readings } from './definitions.js'
import type { Reading } from './readings.js'
import { addDeltas, emptyTally, type Filter, type Tally } from './tally.js'

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
 * of the log.
 */
export const loadTally =
  (store: EventStore, known: Known = {}, tally: Tally = emptyTally(), pageSize = 10_000): TaskEither<StorageFailed, Tally> =>
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

