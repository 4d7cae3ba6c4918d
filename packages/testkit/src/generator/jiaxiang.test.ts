import * as E from 'fp-ts/lib/Either.js'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  calendar,
  createLedger,
  eventTypes,
  memoryStore,
  seriesParts,
  unpackDeltas,
  type EventStore,
  type MetricName,
  type RecordInput,
 } from '@policy-ledger/core'
import { jiaxiang, jiaxiangSize, type Commit, type JiaxiangOptions } from './index.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const digest = (options: JiaxiangOptions): { readonly hash: string; readonly inputs: number } => {
  const h = createHash('sha256')
  let inputs = 0
  for (const c of jiaxiang(options)) {
    h.update(JSON.stringify(c))
    inputs += c.inputs.length
  }
  return { hash: h.digest('hex'), inputs }
}

const count = (options: JiaxiangOptions): number => {
  let n = 0
  for (const c of jiaxiang(options)) n += c.inputs.length
  return n
}

describe('determinism', () => {
  const small = { until: '2024-03-31' } as const

  test('the same options give the same commits, byte for byte', () => {
    expect(digest(small)).toEqual(digest(small))
  })

  test('another seed gives another dataset of the same planned size', () => {
    const a = digest(small)
    const b = digest({ ...small, seed: 7 })
    expect(b.hash).not.toBe(a.hash)
    expect(b.inputs).toBe(a.inputs)
  })

  test('nothing occurs after `until`, and the planned size is what is generated', () => {
    const last = calendar.dayOfDate(2024, 3, 31)
    let n = 0
    const late: string[] = []
    for (const c of jiaxiang(small))
      for (const i of c.inputs) {
        n++
        const day = calendar.dayOfInstant(i.occurredAt)
        if (E.isLeft(day) || day.right > last) late.push(i.occurredAt)
      }
    expect(late).toEqual([])
    expect(n).toBe(jiaxiangSize(small))
  })
})

describe('a requested size', () => {
  test.each([100_000, 20_000])('events: %i yields exactly that many inputs', (events) => {
    expect(count({ events })).toBe(events)
    expect(jiaxiangSize({ events })).toBe(events)
  })

  test('a size the fixed facts alone exceed is refused with the reason', () => {
    expect(() => jiaxiangSize({ events: 50 })).toThrow(/events/)
  })
})

/** Everything recorded from the default dataset, with what the test needs to look at afterwards. */
interface Run {
  readonly store: EventStore
  readonly commits: number
  readonly inputs: number
  readonly types: ReadonlySet<string>
  readonly late: number
  readonly errors: ReadonlyArray<string>
  readonly clockProblems: ReadonlyArray<string>
}

const recordAll = async (options: JiaxiangOptions): Promise<Run> => {
  const store = memoryStore()
  let now = 0
  const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => now })
  const types = new Set<string>()
  const errors: string[] = []
  const clockProblems: string[] = []
  let commits = 0
  let inputs = 0
  let late = 0
  let previous = 0
  const check = (c: Commit, i: RecordInput): void => {
    const occurred = Date.parse(i.occurredAt)
    if (occurred >= c.recordedAt) clockProblems.push(`${i.id} occurred ${i.occurredAt}, after its commit at ${new Date(c.recordedAt).toISOString()}`)
    if (c.recordedAt - occurred > 30 * 86_400_000) late++
  }
  for (const c of jiaxiang(options)) {
    commits++
    if (c.recordedAt <= previous) clockProblems.push(`commit ${commits} at ${c.recordedAt} is not after ${previous}`)
    if (c.inputs.length === 0 || c.inputs.length > (options.batchSize ?? 1000)) clockProblems.push(`commit ${commits} holds ${c.inputs.length} inputs`)
    previous = c.recordedAt
    for (const i of c.inputs) {
      types.add(i.type)
      check(c, i)
    }
    inputs += c.inputs.length
    now = c.recordedAt
    const r = await ledger.recordBatch(c.inputs)()
    if (r._tag === 'Left') errors.push(r.left.message)
    if (errors.length > 5) break
  }
  return { store, commits, inputs, types, late, errors, clockProblems }
}

/** Sum of a metric's quantities by Shanghai year of the day they fall on, over the whole log. */
const totalsByYear = async (store: EventStore): Promise<Map<MetricName, Map<number, number>>> => {
  const out = new Map<MetricName, Map<number, number>>()
  for (let after = 0; ; ) {
    const page = await store.readDeltas({ after, limit: 50_000 })()
    if (page._tag === 'Left') throw new Error(page.left.message)
    if (page.right.length === 0) return out
    for (const e of page.right)
      for (const d of unpackDeltas(e.deltas)) {
        const metric = seriesParts(jiaxiang2024.codes)(d)?.metric ?? `#${d.metric}`
        const years = out.get(metric) ?? new Map<number, number>()
        const y = calendar.yearOfDay(d.day)
        years.set(y, (years.get(y) ?? 0) + d.quantity)
        out.set(metric, years)
      }
    after = page.right[page.right.length - 1]?.position ?? after
  }
}

describe('the default dataset', () => {
  let run: Run
  let totals: Map<MetricName, Map<number, number>>
  beforeAll(async () => {
    run = await recordAll({})
    totals = await totalsByYear(run.store)
  }, 120_000)

  const flow = (metric: MetricName, year: number): number => totals.get(metric)?.get(year) ?? 0
  /** a stock at the end of a year: every change up to then */
  const stock = (metric: MetricName, year: number): number =>
    [...(totals.get(metric) ?? new Map<number, number>())].filter(([y]) => y <= year).reduce((s, [, q]) => s + q, 0)

  test('records in order, commit by commit, without a single error', () => {
    expect(run.errors).toEqual([])
    expect(run.inputs).toBe(jiaxiangSize())
    expect(run.inputs).toBeGreaterThan(150_000)
    expect(run.inputs).toBeLessThan(300_000)
  })

  test('each commit is recorded after everything in it occurred, and the clock only moves forward', () => {
    expect(run.clockProblems).toEqual([])
  })

  test('every event type appears', () => {
    expect([...eventTypes].filter((t) => !run.types.has(t))).toEqual([])
  })

  test('a few facts are reported months late, and a few statistics revised', async () => {
    expect(run.late).toBeGreaterThan(20)
    expect(run.late).toBeLessThan(run.inputs / 200)
    const revised = await run.store.readStream('statistic-high-end-equipment-revenue/2025/*/*')()
    expect(revised._tag === 'Right' && revised.right.map((e) => (e.data as { value: string }).value)).toEqual(['1730000000', '1690000000'])
  })

  const near = (actual: number, expected: number, tolerance: number): void => {
    expect(Math.abs(actual - expected) / expected, `${actual} is not within ${tolerance * 100}% of ${expected}`).toBeLessThanOrEqual(tolerance)
  }

  test('vehicles: the NEV fleet grows from about 10,000 to 16,000 and just misses 25,000', () => {
    near(stock('vehicles.nev.in-service', 2023), 10_000, 0.03)
    near(stock('vehicles.nev.in-service', 2025), 16_000, 0.03)
    near(stock('vehicles.nev.in-service', 2027), 24_000, 0.03)
    expect(stock('vehicles.nev.in-service', 2027)).toBeLessThan(25_000)
  })

  test('vehicles: China III diesel trucks go from about 1,500 to about 60', () => {
    near(stock('vehicles.diesel-goods-non-commercial-cn3.in-service', 2023), 1_500, 0.03)
    near(stock('vehicles.diesel-goods-non-commercial-cn3.in-service', 2025), 60, 0.2)
  })

  test('vehicles: scrapping, trades, sales and exports run at the planned volumes', () => {
    near(flow('vehicles.scrapped-dismantled', 2023), 3_000, 0.02)
    near(flow('vehicles.scrapped-dismantled', 2025), 6_100, 0.02)
    near(flow('vehicles.scrapped-dismantled', 2027), 5_800, 0.02)
    near(flow('vehicles.new-car-sales', 2025), 12_000, 0.05)
    near(flow('vehicles.used-car-trades', 2023), 8_000, 0.01)
    near(flow('vehicles.used-car-trades', 2025) / flow('vehicles.new-car-sales', 2025), 0.8, 0.01)
    near(flow('vehicles.used-car-exports.value', 2025) / 100, 21_000_000, 0.01)
    near(flow('vehicles.used-car-exports.value', 2027) / 100, 48_000_000, 0.01)
    expect(flow('public.official-cars-bought.nev', 2025)).toBe(flow('public.official-cars-bought', 2025))
    expect(flow('public.official-cars-bought.exempt', 2025)).toBeGreaterThan(0)
    expect(flow('public.buses-bought.nev', 2025)).toBe(flow('public.buses-bought', 2025))
  })

  test('infrastructure: charging piles, 5G and computing power', () => {
    near(stock('charging.public-piles.in-service', 2023), 600, 0.03)
    near(stock('charging.public-piles.in-service', 2025), 1_200, 0.03)
    near(stock('charging.public-piles.in-service', 2027), 2_300, 0.03)
    near(stock('digital.5g-base-stations', 2023), 700, 0.03)
    near(stock('digital.5g-base-stations', 2025), 1_150, 0.03)
    near(stock('digital.computing-power', 2025) / 10_000, 2_100, 0.01)
  })

  test('industry and consumption: projects, appliances, promotions', () => {
    for (const y of [2023, 2024, 2025, 2026, 2027]) near(flow('projects.started.5m-plus', y), 105, 0.1)
    near(flow('appliances.collected', 2025) / flow('appliances.collected', 2023), 1.15, 0.01)
    near(flow('appliances.collected', 2027) / flow('appliances.collected', 2023), 1.28, 0.01)
    near(flow('promotions.nev-exhibitions', 2024), 13, 0.01)
    expect(flow('promotions.nev-exhibitions.rural', 2024)).toBeGreaterThanOrEqual(8)
  })

  test('every metric the 39 indicators read has data', () => {
    const read: MetricName[] = [
      'capacity.assessed',
      'capacity.energy-benchmark',
      'capacity.below-energy-baseline.found',
      'capacity.below-energy-baseline.renovated',
      'capacity.env-grade-a',
      'statistics.digital-rd-tool-penetration',
      'statistics.key-process-cnc-rate',
      'statistics.rd-active-enterprise-share',
      'statistics.mechanisation-rate',
      'statistics.high-end-equipment-revenue',
      'statistics.equipment-investment',
      'projects.started.5m-plus',
      'projects.completed.5m-plus',
      'certifications.green-factory.municipal',
      'certifications.pilot-base.municipal',
      'certifications.smart-factory.county',
      'certifications.digital-workshop.municipal',
      'certifications.smart-scenario.county',
      'certifications.smart-agri-base.provincial',
      'milestones.smart-tourism-platform',
      'facilities.urban-sewage-plant.in-scope',
      'facilities.urban-sewage-plant.upgraded',
      'agriculture.beidou-machines-subsidised',
      'facilities.vocational-school.in-scope',
      'facilities.vocational-school.upgraded',
      'facilities.scenic-site-4a.upgraded',
      'facilities.scenic-site-3a.upgraded',
      'facilities.performance-venue.upgraded',
      'facilities.village-clinic.upgraded',
      'parking.new-residential.spaces',
      'parking.new-residential.ready',
      'promotions.nev-exhibitions.rural',
      'promotions.appliance',
      'agriculture.coal-grain-dryers-replaced',
      'ships.scrapped-early.passenger',
      'ships.scrapped-early.cargo',
      'ships.shore-power-retrofits',
      'restaurants.gas-stoves-protected',
      'equipment.replaced',
    ]
    expect(read.filter((m) => stock(m, 2027) <= 0)).toEqual([])
  })
})
