import { metricByName, type MetricName } from '../metrics.js'
import type { EntryDeltas } from '../store.js'
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

/** Fold one entry's deltas in (mutates, for speed). */
export const addDeltas = (tally: Tally, entry: EntryDeltas): Tally => {
  const d = entry.deltas
  for (let i = 0; i + 3 < d.length; i += 4) {
    const key = d[i] as number
    let s = tally.series.get(key)
    if (s === undefined) {
      s = { parts: seriesParts(key), cells: new Map(), prefix: undefined }
      tally.series.set(key, s)
      const metric = Math.floor(key / METRIC_DIVISOR)
      const list = tally.byMetric.get(metric)
      if (list === undefined) tally.byMetric.set(metric, [key])
      else list.push(key)
    }
    const day = d[i + 1] as number
    const cell = s.cells.get(day)
    if (cell === undefined) s.cells.set(day, { quantity: d[i + 2] as number, events: d[i + 3] as number })
    else {
      cell.quantity += d[i + 2] as number
      cell.events += d[i + 3] as number
    }
    s.prefix = undefined
  }
  tally.position = entry.position
  tally.recordedAt = entry.recordedAt
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

/** The values a metric's series take in one part (town, unit, sector): for breakdowns. */
export const partsOf = (tally: Tally, metric: MetricName, part: keyof Filter): ReadonlyArray<string> => {
  const m = metricByName.get(metric)
  const out = new Set<string>()
  for (const key of tally.byMetric.get(m?.key ?? -1) ?? []) {
    const v = (tally.series.get(key) as SeriesCells).parts[part]
    if (v !== undefined) out.add(v)
  }
  return [...out]
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
