import type { Day } from './time.js'
import { metricByKey, metricByName, type MetricName } from './metrics.js'
import { townByCode, townByKey, type TownCode } from './plan/towns.js'
import { unitByCode, unitByKey, type UnitCode } from './plan/units.js'
import { sectorByCode, sectorByKey, type SectorCode } from './plan/sectors.js'

/**
 * What an event adds to a metric, as an aggregate states it: "one more NEV
 * in service in 纸坊镇". The day is the Shanghai day on which it happened.
 */
export interface Contribution {
  readonly metric: MetricName
  readonly quantity: number
  readonly day: Day
  readonly town?: TownCode
  readonly sector?: SectorCode
  readonly unit?: UnitCode
}

/**
 * A series is one metric in one town, recorded by one unit, in one sector,
 * packed into one small integer: metric (12 bits), town (5), unit (7),
 * sector (6). Zero in a part means "not stated".
 */
export type SeriesKey = number

export interface SeriesParts {
  readonly metric: MetricName
  readonly town?: TownCode
  readonly unit?: UnitCode
  readonly sector?: SectorCode
}

const key = <T extends { key: number }>(map: ReadonlyMap<string, T>, code: string | undefined): number =>
  code === undefined ? 0 : (map.get(code)?.key ?? 0)

export const seriesKey = (p: SeriesParts): SeriesKey =>
  ((key(metricByName, p.metric) * 32 + key(townByCode, p.town)) * 128 + key(unitByCode, p.unit)) * 64 + key(sectorByCode, p.sector)

export const metricOf = (series: SeriesKey): number => Math.floor(series / (32 * 128 * 64))

export const seriesParts = (series: SeriesKey): SeriesParts => {
  const sector = sectorByKey.get(series % 64)?.code
  const unit = unitByKey.get(Math.floor(series / 64) % 128)?.code
  const town = townByKey.get(Math.floor(series / (64 * 128)) % 32)?.code
  const metric = metricByKey.get(metricOf(series))?.name
  if (metric === undefined) throw new RangeError(`series ${series} names no known metric`)
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
export interface Delta {
  readonly series: SeriesKey
  readonly day: Day
  readonly quantity: number
  readonly events: number
}

/*
 * A cell's key as one number, not a string to build and hash: the series (30 bits)
 * above the day, offset by 2^22 (days within ±11,000 years of 1970, beyond any
 * instant or date the codecs accept), so every (series, day) has its own key.
 */
const DAY_SPAN = 2 ** 23
const cellKey = (series: SeriesKey, day: Day): number => series * DAY_SPAN + (day + DAY_SPAN / 2)

/** Sum contributions by series and day. */
const cells = (contributions: Iterable<Contribution>): Map<number, Delta> => {
  const out = new Map<number, Delta>()
  for (const c of contributions) {
    const series = seriesKey(c)
    const k = cellKey(series, c.day)
    const prev = out.get(k)
    out.set(k, {
      series,
      day: c.day,
      quantity: (prev?.quantity ?? 0) + c.quantity,
      events: (prev?.events ?? 0) + 1,
    })
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
  const a = cells(after)
  for (const [k, b] of cells(before)) {
    const x = a.get(k)
    a.set(k, { series: b.series, day: b.day, quantity: (x?.quantity ?? 0) - b.quantity, events: (x?.events ?? 0) - b.events })
  }
  return [...a.values()].filter((d) => d.quantity !== 0 || d.events !== 0)
}

/** What contributions make by themselves, `deltaOf([], added)`: the usual one to three summed in a list, without maps. */
export const addedDelta = (added: ReadonlyArray<Contribution>): Delta[] => {
  if (added.length > 8) return deltaOf([], added)
  const out: Delta[] = []
  for (const c of added) {
    const series = seriesKey(c)
    let i = 0
    while (i < out.length && !((out[i] as Delta).series === series && (out[i] as Delta).day === c.day)) i++
    const prev = out[i]
    // summed from 0 as `cells` does, so that a quantity of -0 is stored as 0 all the same
    out[i] = { series, day: c.day, quantity: (prev?.quantity ?? 0) + c.quantity, events: (prev?.events ?? 0) + 1 }
  }
  return out.filter((d) => d.quantity !== 0 || d.events !== 0)
}

/** Deltas packed four numbers each: what stores keep beside an entry. */
export const packDeltas = (deltas: ReadonlyArray<Delta>): Float64Array => {
  const out = new Float64Array(deltas.length * 4)
  deltas.forEach((d, i) => {
    out[i * 4] = d.series
    out[i * 4 + 1] = d.day
    out[i * 4 + 2] = d.quantity
    out[i * 4 + 3] = d.events
  })
  return out
}

export const unpackDeltas = (packed: Float64Array): Delta[] => {
  const out: Delta[] = []
  for (let i = 0; i + 3 < packed.length; i += 4)
    out.push({ series: packed[i] as number, day: packed[i + 1] as number, quantity: packed[i + 2] as number, events: packed[i + 3] as number })
  return out
}
