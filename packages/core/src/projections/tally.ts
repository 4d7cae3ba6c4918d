import { metricByName, type MetricName } from '../metrics.js'
import type { DeltaBlock, EntryDeltas } from '../store.js'
import type { Day } from '../time.js'
import { seriesParts, type SeriesKey, type SeriesParts } from '../contributions.js'

/**
 * The tally: every entry's delta summed by series and day. It is the one
 * projection the ledger keeps; each indicator is a reading of it. Because it
 * is a sum, folding the log in any chunking, incrementally or from scratch,
 * gives the same tally, and voiding an entry is adding its negation.
 *
 * For speed the fold mutates; nothing outside this module sees a tally
 * change under it except through `addDeltas`.
 */
export interface Tally {
  /** the last position folded in */
  position: number
  /** recordedAt of that position, epoch ms */
  recordedAt: number
  readonly series: Map<SeriesKey, SeriesCells>
  /** series keys by metric key, so that a reading visits only its metric's series */
  readonly byMetric: Map<number, SeriesKey[]>
}

interface SeriesCells {
  readonly parts: SeriesParts
  readonly cells: Map<Day, { quantity: number; events: number }>
  /** days sorted with running sums, rebuilt when the series changes */
  prefix: Prefix | undefined
}

interface Prefix {
  readonly days: Float64Array
  readonly quantity: Float64Array
  readonly events: Float64Array
}

export const emptyTally = (): Tally => ({ position: 0, recordedAt: 0, series: new Map(), byMetric: new Map() })

const METRIC_DIVISOR = 32 * 128 * 64

/** Fold packed deltas in, any number of entries' end to end (mutates, for speed). */
const addQuads = (tally: Tally, d: Float64Array, from: number, to: number): void => {
  for (let i = from; i + 3 < to; i += 4) {
    // as small integers: a double key makes every Map lookup hash a heap number
    const key = (d[i] as number) | 0
    let s = tally.series.get(key)
    if (s === undefined) {
      s = { parts: seriesParts(key), cells: new Map(), prefix: undefined }
      tally.series.set(key, s)
      const metric = Math.floor(key / METRIC_DIVISOR)
      const list = tally.byMetric.get(metric)
      if (list === undefined) tally.byMetric.set(metric, [key])
      else list.push(key)
    }
    const day = (d[i + 1] as number) | 0
    const cell = s.cells.get(day)
    if (cell === undefined) s.cells.set(day, { quantity: d[i + 2] as number, events: d[i + 3] as number })
    else {
      cell.quantity += d[i + 2] as number
      cell.events += d[i + 3] as number
    }
    s.prefix = undefined
  }
}

/** Fold one entry's deltas in (mutates, for speed). */
export const addDeltas = (tally: Tally, entry: EntryDeltas): Tally => {
  addQuads(tally, entry.deltas, 0, entry.deltas.length)
  tally.position = entry.position
  tally.recordedAt = entry.recordedAt
  return tally
}

/**
 * Fold the entries of one commit block that lie after the tally's position
 * and at or before `lastPosition` (mutates). A block wholly inside is one
 * loop over its numbers, with no object per entry.
 */
export const addBlock = (tally: Tally, block: DeltaBlock, lastPosition = Number.POSITIVE_INFINITY): Tally => {
  const { first, counts, deltas } = block
  let from = 0
  let position = first
  for (; position <= tally.position && position - first < counts.length; position++) from += counts[position - first] as number
  let to = from
  let last = position - 1
  for (; position <= lastPosition && position - first < counts.length; position++) {
    to += counts[position - first] as number
    last = position
  }
  if (last < first || last <= tally.position) return tally
  addQuads(tally, deltas, from, to)
  tally.position = last
  tally.recordedAt = block.recordedAt
  return tally
}

const prefixOf = (s: SeriesCells): Prefix => {
  if (s.prefix !== undefined) return s.prefix
  const days = [...s.cells.keys()].sort((a, b) => a - b)
  const quantity = new Float64Array(days.length + 1)
  const events = new Float64Array(days.length + 1)
  days.forEach((day, i) => {
    const c = s.cells.get(day) as { quantity: number; events: number }
    quantity[i + 1] = (quantity[i] as number) + c.quantity
    events[i + 1] = (events[i] as number) + c.events
  })
  s.prefix = { days: Float64Array.from(days), quantity, events }
  return s.prefix
}

/** How many sorted days are ≤ day. */
const countUpTo = (days: Float64Array, day: number): number => {
  let lo = 0
  let hi = days.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((days[mid] as number) <= day) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The whole tally as one packed delta (series, day, quantity, events), in
 * series and day order: adding it to an empty tally gives this tally again,
 * cells that sum to zero included (they still mark a day as touched, which
 * `latestDay` reads). Snapshots store this.
 */
export const tallyDeltas = (tally: Tally): Float64Array => {
  let n = 0
  for (const s of tally.series.values()) n += s.cells.size
  const out = new Float64Array(n * 4)
  let at = 0
  for (const key of [...tally.series.keys()].sort((a, b) => a - b)) {
    const s = tally.series.get(key) as SeriesCells
    const days = prefixOf(s).days
    for (const day of days) {
      const c = s.cells.get(day) as { quantity: number; events: number }
      out[at++] = key
      out[at++] = day
      out[at++] = c.quantity
      out[at++] = c.events
    }
  }
  return out
}

/** Which series count: a breakdown narrows to one town, recording unit or sector. */
export interface Filter {
  readonly town?: string
  readonly unit?: string
  readonly sector?: string
}

/** A sum over days `from`..`to` (both included) and the number of events behind it. */
export interface Sum {
  readonly quantity: number
  readonly events: number
}

const matches = (p: SeriesParts, f: Filter): boolean =>
  (f.town === undefined || p.town === f.town) && (f.unit === undefined || p.unit === f.unit) && (f.sector === undefined || p.sector === f.sector)

/** Sum a metric over a span of days, optionally narrowed by a filter. */
export const sum = (tally: Tally, metric: MetricName, from: Day, to: Day, filter: Filter = {}): Sum => {
  const m = metricByName.get(metric)
  if (m === undefined || to < from) return { quantity: 0, events: 0 }
  let quantity = 0
  let events = 0
  for (const key of tally.byMetric.get(m.key) ?? []) {
    const s = tally.series.get(key) as SeriesCells
    if (!matches(s.parts, filter)) continue
    const p = prefixOf(s)
    const a = countUpTo(p.days, from - 1)
    const b = countUpTo(p.days, to)
    quantity += (p.quantity[b] as number) - (p.quantity[a] as number)
    events += (p.events[b] as number) - (p.events[a] as number)
  }
  return { quantity, events }
}

/** The last day on which anything in the tally occurred, or undefined for an empty tally. */
export const latestDay = (tally: Tally): number | undefined => {
  let latest: number | undefined
  for (const s of tally.series.values()) {
    const days = prefixOf(s).days
    const last = days[days.length - 1]
    if (last !== undefined && (latest === undefined || last > latest)) latest = last
  }
  return latest
}
