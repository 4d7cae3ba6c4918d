import type { DataOf, EventType, RecordInput } from '@policy-ledger/core'
import { plan } from './county.js'
import { epochOf, shanghaiIso, type Day, type Season } from './calendar.js'
import { hash32, Random, unitHash } from './random.js'

/*
 * What every flow of the synthetic county shares: its seed, a random
 * generator per flow, where people live, and how a fact becomes an input
 * as the responsible department would send it.
 */

/** One occurrence of a flow on a day: "the 37th used-car trade of 2025". */
export interface Occurrence {
  readonly flow: string
  readonly day: Day
  readonly year: number
  /** the occurrence's place among this flow's occurrences in its year, from 0 */
  readonly index: number
  /** this flow's occurrences in the year */
  readonly count: number
  /** the occurrence's place among all of this flow's occurrences, from 0 */
  readonly serial: number
  /** what this flow's volumes were multiplied by (scale, and the factor that meets a requested size) */
  readonly scale: number
  /** reported months after it happened (a late report) */
  readonly late: boolean
  readonly random: Random
}

/**
 * A flow: something that happens in the county so many times a year.
 * `fixed` flows are the county's own institutions and targets (facilities,
 * statistics, a handful of official cars) and never scale; `stock` flows
 * build what stood before the plan and scale with `scale`; `flow` flows
 * are the yearly volumes and also scale to reach a requested size.
 */
export interface Flow {
  readonly name: string
  readonly kind: 'fixed' | 'stock' | 'flow'
  /** inputs each occurrence yields, always on its own day */
  readonly events: number
  /** occurrences per year at scale 1 */
  readonly perYear: Readonly<Record<number, number>>
  readonly season?: Season
  /** the first and last days it can happen, YYYY-MM-DD */
  readonly from?: string
  readonly to?: string
  /**
   * Facts that end something (a vehicle scrapped, a pile decommissioned)
   * happen in the evening, after the day's other business, so that nothing
   * generated the same day can fall after them.
   */
  readonly closing?: boolean
  /** the share of occurrences reported months late; only flows whose streams see one fact */
  readonly lateShare?: number
  readonly occur: (world: World, o: Occurrence) => ReadonlyArray<RecordInput>
}

const { towns, townByCode } = plan
const ruralTowns = towns.filter((t) => t.kind === 'town' || t.kind === 'township')

// roughly by population: the two subdistricts and the development zone are the county seat
const townWeights: ReadonlyArray<readonly [string, number]> = towns.map((t) => [
  t.code,
  t.code === 'jiaxiang' ? 20 : t.code === 'wolongshan' ? 12 : t.code === 'development-zone' ? 8 : t.kind === 'township' ? 3 : 5,
])
const ruralWeights = townWeights.filter(([code]) => ruralTowns.some((t) => t.code === code))
const urbanWeights = townWeights.filter(([code]) => !ruralTowns.some((t) => t.code === code))

/** A town's name without 镇/乡/街道, as businesses put it in theirs: 金屯, 卧龙山. */
export const place = (town: string): string => (townByCode.get(town)?.zh ?? '嘉祥').replace(/(街道|镇|乡|经济开发区)$/, '')

const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY'
// 370829: Jiaxiang's administrative division code
const JIAXIANG_DIVISION = '370829'

export class World {
  private readonly randoms = new Map<string, Random>()
  private readonly serials = new Map<string, number>()

  constructor(readonly seed: number) {}

  /** the flow's own generator: flows never disturb one another's draws */
  random(flow: string): Random {
    let r = this.randoms.get(flow)
    if (r === undefined) {
      r = new Random(hash32(`${this.seed}/${flow}`))
      this.randoms.set(flow, r)
    }
    return r
  }

  /** a number in [0, 1) fixed by the seed and a name, whatever was drawn before */
  fixed(name: string): number {
    return unitHash(`${this.seed}/${name}`)
  }

  /** the next number of a series of identifiers (projects, piles, vehicles), from 1 */
  next(series: string): number {
    const n = (this.serials.get(series) ?? 0) + 1
    this.serials.set(series, n)
    return n
  }

  town(r: Random): string {
    return r.weighted(townWeights)
  }
  ruralTown(r: Random): string {
    return r.weighted(ruralWeights)
  }
  urbanTown(r: Random): string {
    return r.weighted(urbanWeights)
  }

  /** a unified social credit code registered in Jiaxiang */
  creditCode(r: Random): string {
    let s = `91${JIAXIANG_DIVISION}`
    for (let i = 0; i < 10; i++) s += CREDIT[r.int(0, CREDIT.length - 1)] ?? '0'
    return s
  }

  /** a business name such as 嘉祥县金屯石材制造有限公司 */
  company(r: Random, town: string, trades: ReadonlyArray<string>): string {
    return `嘉祥县${place(town)}${r.pick(trades)}${r.pick(['制造', '科技', '实业', '工贸'])}有限公司`
  }

  /**
   * The index-th of `count` portions of a whole `total`: near-even, but each
   * pair leans apart by a seeded amount, so portions vary one by one and
   * still add up to the total exactly (a year's export value, its tonnes).
   */
  portion(name: string, total: number, count: number, index: number): number {
    const even = (k: number): number => Math.floor((total * k) / count)
    const pair = index - (index % 2)
    const pairTotal = even(Math.min(pair + 2, count)) - even(pair)
    if (pair + 1 >= count) return pairTotal
    const lean = Math.round(pairTotal * (0.5 + (this.fixed(`${name}/${pair}`) - 0.5) * 0.6))
    const first = pairTotal >= 2 ? Math.min(pairTotal - 1, Math.max(1, lean)) : pairTotal
    return index === pair ? first : pairTotal - first
  }

  /** a second of the working day, or of the evening for closing facts */
  second(r: Random, closing = false): number {
    return closing ? r.int(18 * 3600, 22 * 3600 - 1) : r.int(8 * 3600, 17 * 3600 - 1)
  }

  /** An input as the department sends it: a fresh id, the business time, the way back to its source record. */
  event<T extends EventType>(o: Occurrence, second: number, recordedBy: string, type: T, data: DataOf<T>): RecordInput {
    return {
      id: o.random.uuid7(epochOf(o.day, second)),
      type,
      occurredAt: shanghaiIso(o.day, second),
      recordedBy,
      source: { system: sourceSystem[recordedBy] ?? `${recordedBy}-records`, recordId: `${o.flow}-${o.year}-${o.serial + 1}-${type}` },
      data,
    } as RecordInput
  }
}

/** The systems the departments keep their records in: where `source.recordId` leads back to. */
const sourceSystem: Partial<Record<string, string>> = {
  'public-security': 'jiaxiang-vehicle-registry',
  commerce: 'jiaxiang-commerce-trade-in',
  energy: 'jiaxiang-charging-platform',
  'industry-it': 'jiaxiang-industry-projects',
  'big-data-centre': 'jiaxiang-digital-infra',
  'agri-mechanisation': 'shandong-farm-machine-subsidy',
  'development-reform': 'jiaxiang-statistics-desk',
}

/**
 * Whether the index-th occurrence is among a share of them, spread evenly:
 * of 100 sales at a share of 0.28, exactly 28 are picked, never bunched.
 */
export const among = (index: number, share: number): boolean => Math.floor((index + 1) * share) > Math.floor(index * share)
