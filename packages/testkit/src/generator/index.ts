import * as E from 'fp-ts/lib/Either.js'
import { allocate, epochOf, firstDay, lastDay, parseDate, type Day } from './calendar.js'
import { consumptionFlows } from './consumption.js'
import { infrastructureFlows } from './infrastructure.js'
import { industryFlows } from './industry.js'
import { Inbox, arrival, type Commit } from './recording.js'
import { publicServiceFlows } from './public-services.js'
import { ruralFlows } from './rural.js'
import { statisticFlows } from './statistics.js'
import { vehicleFlows } from './vehicles.js'
import { World, type Flow } from './world.js'

export type { Commit } from './recording.js'

/*
 * The synthetic Jiaxiang County: a deterministic dataset of what the plan's
 * departments record from the 2023 baseline (and the stock that stood
 * before it) to the end of 2027, as the commits a recording system would
 * make. Every volume is planned per year before anything is generated, so
 * the size of a dataset is known exactly, and `events: n` can be met.
 */

export interface JiaxiangOptions {
  /** the same seed, the same dataset, byte for byte (default 2024) */
  readonly seed?: number
  /** multiplies every volume, stocks and flows (default 1: a plausible county, about 290,000 events) */
  readonly scale?: number
  /** the last day anything occurs, YYYY-MM-DD (default 2027-12-31); late reports may still be recorded after it */
  readonly until?: string
  /** the most inputs in one commit (default 1000) */
  readonly batchSize?: number
  /**
   * Exactly this many inputs, for benchmarks: the yearly flows are scaled to
   * reach it while stocks stay as `scale` has them (below the default size,
   * everything shrinks).
   */
  readonly events?: number
}

/** The flow whose number of records can change without changing what it adds up to: it absorbs rounding. */
const ADJUSTABLE = 'appliances-collected'

const DEFAULT_UNTIL = '2027-12-31'

const flowsOfCounty = (): ReadonlyArray<Flow> => [
  ...vehicleFlows(),
  ...industryFlows(),
  ...consumptionFlows(),
  ...infrastructureFlows(),
  ...publicServiceFlows(),
  ...ruralFlows(),
  ...statisticFlows(),
]

/** Occurrences per flow and year, after scaling. */
interface Volumes {
  readonly of: (flow: Flow, year: number) => number
  /** the factor a flow's volumes were multiplied by */
  readonly factor: (flow: Flow) => number
}

const volumes = (scale: number, flowFactor: number): Volumes => {
  const factor = (f: Flow): number => (f.kind === 'fixed' ? 1 : f.kind === 'stock' ? scale : scale * flowFactor)
  return { factor, of: (f, year) => Math.round((f.perYear[year] ?? 0) * factor(f)) }
}

const years = (flows: ReadonlyArray<Flow>, until: Day): number[] => {
  const all = flows.flatMap((f) => Object.keys(f.perYear).map(Number))
  const last = new Date(until * 86_400_000).getUTCFullYear()
  return Array.from({ length: last - Math.min(...all) + 1 }, (_, i) => Math.min(...all) + i)
}

/** A date the generator is configured with: a test's own constant, so one that is not a date is a programming error. */
const configuredDay = (name: string, date: string): Day => {
  const day = parseDate(date)
  if (E.isLeft(day)) throw new RangeError(`${name}: ${day.left}`)
  return day.right
}

const dayOr = (date: string | undefined, otherwise: Day): Day => (date === undefined ? otherwise : configuredDay('flow window', date))

const daily = (f: Flow, count: number, year: number): Int32Array =>
  allocate(count, year, f.season ?? 'even', dayOr(f.from, firstDay(year)), dayOr(f.to, lastDay(year)))

/** How many inputs the flows yield with these volumes, up to `until`. */
const sizeOf = (flows: ReadonlyArray<Flow>, v: Volumes, until: Day): number => {
  let n = 0
  for (const year of years(flows, until)) {
    const upTo = Math.min(until, lastDay(year)) - firstDay(year)
    for (const f of flows) {
      const days = daily(f, v.of(f, year), year)
      for (let i = 0; i <= upTo; i++) n += (days[i] ?? 0) * f.events
    }
  }
  return n
}

const untilOf = (options: JiaxiangOptions): Day => configuredDay('until', options.until ?? DEFAULT_UNTIL)

/** The volumes that give `options.events` inputs exactly, or the plain scaled ones. */
const plan = (flows: ReadonlyArray<Flow>, options: JiaxiangOptions, until: Day): Volumes => {
  const scale = options.scale ?? 1
  if (!(scale > 0)) throw new RangeError(`scale: expected a positive number, got ${scale}`)
  const wanted = options.events
  if (wanted === undefined) return volumes(scale, 1)
  if (!Number.isSafeInteger(wanted) || wanted < 1) throw new RangeError(`events: expected a whole number of at least 1, got ${wanted}`)
  const plain = sizeOf(flows, volumes(scale, 1), until)
  const sizeOfKinds = (kinds: ReadonlyArray<Flow['kind']>): number =>
    sizeOf(
      flows.filter((f) => kinds.includes(f.kind)),
      volumes(scale, 1),
      until,
    )
  const first =
    wanted >= plain
      ? volumes(scale, (wanted - sizeOfKinds(['fixed', 'stock'])) / (plain - sizeOfKinds(['fixed', 'stock'])))
      : // below the plain size, stocks shrink with the flows; the county's fixed facts stay
        volumes((scale * Math.max(0, wanted - sizeOfKinds(['fixed']))) / (plain - sizeOfKinds(['fixed'])), 1)
  // rounding leaves a small difference: the adjustable flow's records in the last year take it up
  const adjustable = Math.max(...Object.keys(flows.find((f) => f.name === ADJUSTABLE)?.perYear ?? {}).map(Number))
  const year = Math.min(new Date(until * 86_400_000).getUTCFullYear(), adjustable)
  let adjust = 0
  for (let i = 0; i < 64; i++) {
    const v = withAdjustment(first, adjust, year)
    const diff = wanted - sizeOf(flows, v, until)
    if (diff === 0) return v
    adjust += diff
  }
  throw new RangeError(`events: cannot make exactly ${wanted} inputs up to ${options.until ?? DEFAULT_UNTIL}`)
}

const withAdjustment = (v: Volumes, adjust: number, year: number): Volumes => ({
  factor: v.factor,
  of: (f, y) => {
    const n = v.of(f, y) + (f.name === ADJUSTABLE && y === year ? adjust : 0)
    if (n < 0) throw new RangeError(`events: too few for the county's fixed facts; ask for more`)
    return n
  },
})

/** How many inputs `jiaxiang(options)` yields, without generating them. */
export const jiaxiangSize = (options: JiaxiangOptions = {}): number => {
  const flows = flowsOfCounty()
  const until = untilOf(options)
  return sizeOf(flows, plan(flows, options, until), until)
}

/**
 * The synthetic county as commits in recording order. A generator: ten
 * million events never sit in memory. Recording every commit in order,
 * with its `recordedAt` as the ledger's clock, succeeds without an error.
 */
export function* jiaxiang(options: JiaxiangOptions = {}): Generator<Commit, void, undefined> {
  const flows = flowsOfCounty()
  const until = untilOf(options)
  const v = plan(flows, options, until)
  const world = new World(options.seed ?? 2024)
  const inbox = new Inbox(options.batchSize ?? 1000)
  const serials = new Map<string, number>()

  for (const year of years(flows, until)) {
    const counts = flows.map((f) => v.of(f, year))
    const days = flows.map((f, i) => daily(f, counts[i] ?? 0, year))
    const index = new Int32Array(flows.length)
    for (let day = firstDay(year); day <= Math.min(until, lastDay(year)); day++) {
      flows.forEach((f, i) => {
        const today = days[i]?.[day - firstDay(year)] ?? 0
        for (let k = 0; k < today; k++) {
          const serial = serials.get(f.name) ?? 0
          serials.set(f.name, serial + 1)
          const random = world.random(f.name)
          const late = f.lateShare !== undefined && world.fixed(`late/${f.name}/${serial}`) < f.lateShare
          const o = { flow: f.name, day, year, index: (index[i] = (index[i] ?? 0) + 1) - 1, count: counts[i] ?? 0, serial, late, scale: v.factor(f), random }
          for (const input of f.occur(world, o)) inbox.put(arrival(input.recordedBy, day, late ? random : undefined), input)
        }
      })
      // whatever occurs from tomorrow on arrives after the day after tomorrow begins
      yield* inbox.release(epochOf(day + 2, 0))
    }
  }
  yield* inbox.release(Number.POSITIVE_INFINITY)
}
