import { hash } from 'node:crypto'
import type { Day } from './time.js'
import { seriesIndex, type SeriesIndex } from './series-index.js'
import { metricByKey, metricByName, type MetricName } from './metrics.js'

/**
 * What an event adds to a metric, as an aggregate states it: "one more NEV
 * in service in 纸坊镇". The day is the Shanghai day on which it happened.
 * Town, unit and sector are codes of the plan the ledger records under.
 */
export interface Contribution {
  readonly metric: MetricName
  readonly quantity: number
  readonly day: Day
  readonly town?: string
  readonly sector?: string
  readonly unit?: string
}

/**
 * A series is one metric in one town, recorded by one unit, in one sector,
 * each part its own number: the metric's key in the national catalogue
 * (metrics.ts), and for a town, unit or sector its code's key (`codeKey`).
 * 0 in a part means "not stated".
 */
export interface SeriesKey {
  readonly metric: number
  readonly town: number
  readonly unit: number
  readonly sector: number
}

export interface SeriesParts {
  readonly metric: MetricName
  readonly town?: string
  readonly unit?: string
  readonly sector?: string
}

const keys = new Map<string, number>()

/**
 * A code's key in the stored deltas: the first 48 bits of its SHA-256, a
 * number the code names by itself. No catalogue numbers its codes, so a plan
 * may have any number of towns, units and sectors, two plans never disagree
 * on a key, and a store derives deltas without knowing the plan. `definePlan`
 * refuses a plan two of whose codes share a key (odds of 1 in 10^11 for a
 * thousand codes).
 */
export const codeKey = (code: string): number => {
  let k = keys.get(code)
  if (k === undefined) {
    k = Number.parseInt(hash('sha256', code).slice(0, 12), 16) || 1
    // codes are the few a plan names; a log of hostile ones is not kept without bound
    if (keys.size >= 100_000) keys.clear()
    keys.set(code, k)
  }
  return k
}

const partKey = (code: string | undefined): number => (code === undefined ? 0 : codeKey(code))

export const seriesKey = (p: SeriesParts): SeriesKey => ({
  metric: metricByName.get(p.metric)?.key ?? 0,
  town: partKey(p.town),
  unit: partKey(p.unit),
  sector: partKey(p.sector),
})

export const sameSeries = (a: SeriesKey, b: SeriesKey): boolean => a.metric === b.metric && a.town === b.town && a.unit === b.unit && a.sector === b.sector

/** The codes behind a plan's keys: each of its towns, units and sectors by its code's key. */
export interface SeriesCodes {
  readonly town: ReadonlyMap<number, string>
  readonly unit: ReadonlyMap<number, string>
  readonly sector: ReadonlyMap<number, string>
}

/** The codes a series's keys stand for among the plan's; a key the plan does not hold is a part not stated. */
export const seriesParts =
  (codes: SeriesCodes) =>
  (s: SeriesKey): SeriesParts | undefined => {
    const metric = metricByKey.get(s.metric)?.name
    if (metric === undefined) return undefined
    const town = codes.town.get(s.town)
    const unit = codes.unit.get(s.unit)
    const sector = codes.sector.get(s.sector)
    return {
      metric,
      ...(town === undefined ? {} : { town }),
      ...(unit === undefined ? {} : { unit }),
      ...(sector === undefined ? {} : { sector }),
    }
  }

/**
 * What one entry changed in the tally: for each series and day, a quantity
 * and a number of events behind it (negative where a later fact undid an
 * earlier one). Stored with the entry, so that a replay sums numbers and
 * never decodes an event.
 */
export interface Delta extends SeriesKey {
  readonly day: Day
  readonly quantity: number
  readonly events: number
}

const deltaAt = (s: SeriesKey, day: Day, quantity: number, events: number): Delta => ({ metric: s.metric, town: s.town, unit: s.unit, sector: s.sector, day, quantity, events })

/*
 * A cell's key as one number, not a string to build and hash: the series's
 * place in this sum (never more than its cells) above the day, offset by 2^22
 * (days within ±11,000 years of 1970, beyond any instant or date the codecs
 * accept), so every (series, day) has its own key.
 */
const DAY_SPAN = 2 ** 23

/** Sum contributions by series and day. */
const cells = (contributions: Iterable<Contribution>, places: SeriesIndex<number>): Map<number, Delta> => {
  const out = new Map<number, Delta>()
  for (const c of contributions) {
    const s = seriesKey(c)
    let place = places.get(s.metric, s.town, s.unit, s.sector)
    if (place === undefined) {
      place = places.size
      places.add(s.metric, s.town, s.unit, s.sector, place)
    }
    const k = place * DAY_SPAN + (c.day + DAY_SPAN / 2)
    const prev = out.get(k)
    out.set(k, deltaAt(s, c.day, (prev?.quantity ?? 0) + c.quantity, (prev?.events ?? 0) + 1))
  }
  return out
}

/**
 * The difference a stream's new history makes to the tally over its old
 * history. An event that only adds (a vehicle scrapped) gives its own
 * contributions; one that supersedes an earlier fact (a capacity
 * reassessed, an event voided) gives what changes, wherever in time it falls.
 */
export const deltaOf = (before: Iterable<Contribution>, after: Iterable<Contribution>): Delta[] => {
  const places = seriesIndex<number>()
  const a = cells(after, places)
  for (const [k, b] of cells(before, places)) {
    const x = a.get(k)
    a.set(k, deltaAt(b, b.day, (x?.quantity ?? 0) - b.quantity, (x?.events ?? 0) - b.events))
  }
  return [...a.values()].filter((d) => d.quantity !== 0 || d.events !== 0)
}

/** What contributions make by themselves, `deltaOf([], added)`: the usual one to three summed in a list, without maps. */
export const addedDelta = (added: ReadonlyArray<Contribution>): Delta[] => {
  if (added.length > 8) return deltaOf([], added)
  const out: Delta[] = []
  for (const c of added) {
    const s = seriesKey(c)
    let i = 0
    while (i < out.length && !((out[i] as Delta).day === c.day && sameSeries(out[i] as Delta, s))) i++
    const prev = out[i]
    // summed from 0 as `cells` does, so that a quantity of -0 is stored as 0 all the same
    out[i] = deltaAt(s, c.day, (prev?.quantity ?? 0) + c.quantity, (prev?.events ?? 0) + 1)
  }
  return out.filter((d) => d.quantity !== 0 || d.events !== 0)
}

/**
 * Delta format 2, what stores keep beside each entry and in snapshots:
 * seven float64s a delta, metric, town, unit, sector (keys, 0 not
 * stated), day, quantity, events. Each key is a number of its own, so no
 * catalogue outgrows it; a float64 holds any safe integer exactly.
 */
export const DELTA_WIDTH = 7

export const packDeltas = (deltas: ReadonlyArray<Delta>): Float64Array => {
  const out = new Float64Array(deltas.length * DELTA_WIDTH)
  let at = 0
  for (const d of deltas) {
    out[at++] = d.metric
    out[at++] = d.town
    out[at++] = d.unit
    out[at++] = d.sector
    out[at++] = d.day
    out[at++] = d.quantity
    out[at++] = d.events
  }
  return out
}

export const unpackDeltas = (packed: Float64Array): Delta[] => {
  const out: Delta[] = []
  for (let i = 0; i + DELTA_WIDTH <= packed.length; i += DELTA_WIDTH) {
    const n = (k: number): number => packed[i + k] as number
    out.push({ metric: n(0), town: n(1), unit: n(2), sector: n(3), day: n(4), quantity: n(5), events: n(6) })
  }
  return out
}

/*
 * Delta format 1, what stores kept before format 2: four float64s a delta,
 * the series packed into one number, ((metric × 32 + town) × 128 + unit) × 64
 * + sector, then day, quantity and events. It capped a plan at 31 towns, 127
 * units, 63 sectors and 4,095 metrics.
 */
const V1_WIDTH = 4

/** How many numbers format 2 takes for `n` numbers of format 1: seven a whole delta, and any numbers after the last one as they are. */
export const upgradedLength = (n: number): number => DELTA_WIDTH * Math.floor(n / V1_WIDTH) + (n % V1_WIDTH)

/**
 * Format-1 deltas (one entry's, a commit's end to end, or a snapshot) in
 * format 2, by arithmetic alone: each series taken apart into its keys, day,
 * quantity and events copied as they are. Numbers after the last whole
 * delta (only a forger leaves them) are kept as they are, so that the block
 * stays as wrong as it was and verify still says so.
 */
export const upgradeDeltas = (v1: Float64Array): Float64Array => {
  const out = new Float64Array(upgradedLength(v1.length))
  let at = 0
  let i = 0
  for (; i + V1_WIDTH <= v1.length; i += V1_WIDTH, at += DELTA_WIDTH) {
    const series = v1[i] as number
    // the remainder keeps its sign and fraction: a forged series stays no series
    out[at] = Math.floor(series / (32 * 128 * 64))
    out[at + 1] = Math.floor(series / (128 * 64)) % 32
    out[at + 2] = Math.floor(series / 64) % 128
    out[at + 3] = series % 64
    out[at + 4] = v1[i + 1] as number
    out[at + 5] = v1[i + 2] as number
    out[at + 6] = v1[i + 3] as number
  }
  out.set(v1.subarray(i), at)
  return out
}
