import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { scaled } from '../codecs.js'
import { seriesParts, unpackDeltas, type Delta, type SeriesParts } from '../deltas.js'
import type { Entry } from '../envelope.js'
import { upcast } from '../stream-fold.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { metricByName } from '../metrics.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { indicatorValue as valueIn, loadTally, type ValueQuery } from '../projections/query.js'
import type { Tally } from '../projections/tally.js'
import type { EventStore } from '../store.js'
import { dayToIso } from '../time.js'
import { AppliancesCollectedV1 } from './appliances.js'
import type { DataOf, EventType } from './index.js'

/** A Jiaxiang indicator's reading (the ids here are its own). */
const indicatorValue = (tally: Tally, id: string, q: ValueQuery) => {
  const r = valueIn(jiaxiang2024, tally, id, q)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/*
 * Given/when/then for every aggregate, through a real ledger on the memory
 * store: given recorded history, when one more event is recorded, then it
 * is accepted with exactly these contributions, or refused with this reason.
 */

let serial = 0
const ev = <T extends EventType>(type: T, occurredAt: string, data: DataOf<T>, recordedBy: string = 'industry-it'): RecordInput => {
  serial += 1
  const id = `00000000-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`
  return { id, type, occurredAt, recordedBy, source: { system: 'test', recordId: `r${serial}` }, data } as RecordInput
}

interface Row {
  readonly metric: string
  readonly quantity: number
  readonly day: string
  readonly town?: string
  readonly sector?: string
}

/** What one entry contributed, as stored beside it. */
const rowsOf = async (store: EventStore, entry: Entry): Promise<Row[]> => {
  const read = await store.readDeltas({ after: entry.position - 1, limit: 1 })()
  if (E.isLeft(read)) throw new Error(read.left.message)
  return unpackDeltas(read.right[0]?.deltas ?? new Float64Array()).map((d) => {
    const { metric, town, sector } = partsOf(d)
    return { metric, quantity: d.quantity, day: dayToIso(d.day), ...(town === undefined ? {} : { town }), ...(sector === undefined ? {} : { sector }) }
  })
}

const byMetric = (rows: ReadonlyArray<Row>): Row[] => [...rows].sort((a, b) => a.metric.localeCompare(b.metric) || a.quantity - b.quantity)

const given = async (...history: RecordInput[]) => {
  const store = memoryStore()
  const ledger = createLedger({ plan: jiaxiang2024, store })
  for (const e of history) {
    const r = await ledger.record(e)()
    if (E.isLeft(r)) throw new Error(`given: ${r.left.message}`)
  }
  return { store, ledger }
}

/** Then it is accepted: the contributions it made. */
const accepted = async (history: ReadonlyArray<RecordInput>, event: RecordInput): Promise<Row[]> => {
  const { store, ledger } = await given(...history)
  const r = await ledger.record(event)()
  if (E.isLeft(r)) throw new Error(`expected acceptance, got ${r.left.message}`)
  return byMetric(await rowsOf(store, r.right))
}

/** Then it is refused as an invariant violation: the message; and nothing was written. */
const refused = async (history: ReadonlyArray<RecordInput>, event: RecordInput): Promise<string> => {
  const { store, ledger } = await given(...history)
  const r = await ledger.record(event)()
  if (E.isRight(r)) throw new Error(`expected refusal, but ${event.type} was recorded`)
  expect(r.left.code).toBe('INVARIANT_VIOLATED')
  const head = await store.head()()
  expect(E.isRight(head) && head.right.position).toBe(history.length)
  return r.left.message
}

/** The sum of every entry's contributions: the tally after all of it. */
const totals = async (store: EventStore): Promise<Row[]> => {
  const read = await store.readDeltas({ after: 0, limit: 1000 })()
  if (E.isLeft(read)) throw new Error(read.left.message)
  const sum = new Map<string, Row>()
  for (const d of read.right.flatMap((x) => unpackDeltas(x.deltas))) {
    const { metric, town, sector } = partsOf(d)
    const k = `${d.metric}/${d.town}/${d.unit}/${d.sector}/${d.day}`
    const row = { metric, quantity: (sum.get(k)?.quantity ?? 0) + d.quantity, day: dayToIso(d.day), ...(town === undefined ? {} : { town }), ...(sector === undefined ? {} : { sector }) }
    sum.set(k, row)
  }
  return byMetric([...sum.values()].filter((r) => r.quantity !== 0))
}

const enterprise = { name: '嘉祥县示范机械有限公司', creditCode: '91370829MA3C1234XY' }

const partsOf = (d: Delta): SeriesParts => seriesParts(jiaxiang2024.codes)(d) ?? { metric: `#${d.metric}` }

describe('metrics', () => {
  it('keeps the keys other engineers code against', () => {
    const key = (name: string) => metricByName.get(name)?.key
    expect(key('projects.started.5m-plus')).toBe(15)
    expect(key('capacity.below-energy-baseline.renovated')).toBe(28)
    expect(key('certifications.green-factory.county')).toBe(45)
    expect(key('certifications.smart-scenario.provincial')).toBe(45 + 3 * 4 + 2)
    expect(key('certifications.pilot-base.national')).toBe(68)
    expect(key('facilities.village-clinic.in-scope')).toBe(70)
    expect(key('facilities.vocational-school.upgraded')).toBe(87)
    expect(key('facilities.media-centre.upgraded')).toBe(89)
    expect(key('statistics.equipment-investment')).toBe(115)
  })
})

/** The tally of everything in the store, as the indicators read it. */
const tallyOf = async (store: EventStore): Promise<Tally> => {
  const t = await loadTally(store)()
  if (E.isLeft(t)) throw new Error(t.left.message)
  return t.right
}

/** A metric's net change on each day it changed, over every town and unit: the steps of a stock, in day order. */
const stepsOf = (rows: ReadonlyArray<Row>, ...metrics: string[]): Record<string, number> => {
  const out = new Map<string, number>()
  for (const r of rows) if (metrics.includes(r.metric)) out.set(r.day, (out.get(r.day) ?? 0) + r.quantity)
  return Object.fromEntries([...out].filter(([, q]) => q !== 0).sort(([a], [b]) => a.localeCompare(b)))
}

/** What a stock stands at after each of its steps. */
const levels = (steps: Record<string, number>): number[] => {
  let n = 0
  return Object.values(steps).map((q) => (n += q))
}

/** Rows as comparable text, in one order: two tallies are the same when these are. */
const canonical = (rows: ReadonlyArray<Row>): string[] => rows.map((r) => JSON.stringify(r)).sort()

/**
 * Report facts of one stream in the order given, late ones included: each
 * stands or is refused as an invariant violation, and after every report
 * each stock (a group of metrics, summed) stands at none or one on every
 * day: its thing is counted once or not at all. Then the facts that stood,
 * recorded in the order they occurred, give the same tally: what stands,
 * not the order it was reported in, makes it.
 */
const reportedInTurn = async (reported: ReadonlyArray<RecordInput>, stocks: ReadonlyArray<ReadonlyArray<string>>): Promise<{ stood: RecordInput[]; rows: Row[] }> => {
  const store = memoryStore()
  const ledger = createLedger({ plan: jiaxiang2024, store })
  const stood: RecordInput[] = []
  for (const input of reported) {
    const r = await ledger.record(input)()
    if (E.isRight(r)) stood.push(input)
    else expect(r.left.code).toBe('INVARIANT_VIOLATED')
    const rows = await totals(store)
    for (const metrics of stocks) expect(levels(stepsOf(rows, ...metrics)).every((n) => n === 0 || n === 1)).toBe(true)
  }
  const rows = await totals(store)
  const { store: inOrder } = await given(...[...stood].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)))
  expect(canonical(await totals(inOrder))).toEqual(canonical(rows))
  return { stood, rows }
}

/** The first of each month of a year, as many as asked: days for facts in the order they occurred. */
const months = (n: number, year = 2025): string[] => Array.from({ length: n }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}-01`)

/** Facts in the order they occurred, and some of them (their indices) in the order they were reported. */
const occurredAndReported = <T>(fact: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<[T[], number[]]> =>
  fc
    .array(fact, { minLength: 1, maxLength })
    .chain((facts) => fc.tuple(fc.constant(facts), fc.shuffledSubarray([...facts.keys()], { minLength: 1 })))

/** The sum of a metric over every day, town and unit. */
const totalOf = (rows: ReadonlyArray<Row>, metric: string): number => rows.filter((r) => r.metric === metric).reduce((n, r) => n + r.quantity, 0)

describe('vehicles', () => {
  const VIN = 'LSVAM4187C2184847'
  type Kind = Pick<DataOf<'VehicleRegistered'>, 'category' | 'fuelType' | 'emissionStandard' | 'use'>
  const nev: Kind = { category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial' }
  // 国三及以下非营运柴油货车
  const truck: Kind = { category: 'goods-vehicle', fuelType: 'diesel', emissionStandard: 'china-3', use: 'non-commercial' }
  const on = (day: string) => `${day}T10:00:00+08:00`
  const registered = (day: string, kind: Kind = nev, town: DataOf<'VehicleRegistered'>['town'] = 'zhifang', vin = VIN) =>
    ev('VehicleRegistered', on(day), { vin, ...kind, town }, 'public-security')
  const deregistered = (day: string, reason: DataOf<'VehicleDeregistered'>['reason'] = 'scrapped', vin = VIN) =>
    ev('VehicleDeregistered', on(day), { vin, reason }, 'public-security')
  const scrapped = (day: string, vin = VIN) =>
    ev('VehicleScrapped', on(day), { vin, category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收拆解有限公司', licence: 'SD-ELV-0829' }, town: 'macun' }, 'commerce')
  const exported = (day: string) =>
    ev('UsedCarExported', on(day), { vin: VIN, exporter: { name: '嘉祥国际贸易有限公司' }, destination: 'KZ', value: 6_500_000, town: 'development-zone' }, 'commerce')
  const reasons = ['scrapped', 'transferred-out', 'exported', 'other'] as const

  /** An NEV's stock rows: in (+1) or out (−1) of service, on a day, where it is registered. */
  const nevStock = (quantity: 1 | -1, day: string, town = 'zhifang'): Row[] => [
    { metric: 'vehicles.in-service', quantity, day, town },
    { metric: 'vehicles.nev.in-service', quantity, day, town },
  ]
  const dismantling = (day: string): Row => ({ metric: 'vehicles.scrapped-dismantled', quantity: 1, day, town: 'macun' })
  const export_ = (day: string): Row[] => [
    { metric: 'vehicles.used-car-exports', quantity: 1, day, town: 'development-zone' },
    { metric: 'vehicles.used-car-exports.value', quantity: 6_500_000, day, town: 'development-zone' },
  ]

  it('takes a dismantled vehicle out of every stock it counts in, where it was registered, and counts the dismantling', async () => {
    expect(await accepted([registered('2024-03-01')], scrapped('2025-04-12'))).toEqual(byMetric([...nevStock(-1, '2025-04-12'), dismantling('2025-04-12')]))
    expect(await accepted([registered('2012-05-01', truck, 'maji')], scrapped('2025-04-12'))).toEqual(
      byMetric([
        { metric: 'vehicles.in-service', quantity: -1, day: '2025-04-12', town: 'maji' },
        { metric: 'vehicles.diesel-goods-non-commercial-cn3.in-service', quantity: -1, day: '2025-04-12', town: 'maji' },
        dismantling('2025-04-12'),
      ]),
    )
  })

  it.each(reasons)("accepts the registry's later deregistration (reason %s) of a dismantled vehicle, and it changes nothing", async (reason) => {
    expect(await accepted([registered('2024-03-01'), scrapped('2025-04-12')], deregistered('2025-04-20', reason))).toEqual([])
  })

  it('counts a dismantling after the deregistration as a dismantling only', async () => {
    expect(await accepted([registered('2024-03-01'), deregistered('2025-04-12')], scrapped('2025-04-20'))).toEqual([dismantling('2025-04-20')])
  })

  it('takes an exported vehicle out of the stock once, whether the export or the deregistration comes first', async () => {
    expect(await accepted([registered('2024-03-01')], exported('2025-06-18'))).toEqual(byMetric([...nevStock(-1, '2025-06-18'), ...export_('2025-06-18')]))
    expect(await accepted([registered('2024-03-01'), exported('2025-06-18')], deregistered('2025-07-01', 'exported'))).toEqual([])
    expect(await accepted([registered('2024-03-01'), deregistered('2025-06-01', 'exported')], exported('2025-06-18'))).toEqual(byMetric(export_('2025-06-18')))
  })

  it('counts the dismantling or export of a vehicle the ledger never registered as a flow only, and refuses its deregistration', async () => {
    expect(await accepted([], scrapped('2025-04-12'))).toEqual([dismantling('2025-04-12')])
    expect(await accepted([], exported('2025-06-18'))).toEqual(byMetric(export_('2025-06-18')))
    expect(await refused([scrapped('2025-04-12')], deregistered('2025-04-20'))).toContain('not registered')
  })

  it('moves the departure to the earlier day when a later report of it occurred first', async () => {
    // the registry deregistered on 20 May, reported after the recycler's dismantling of 1 June
    expect(await accepted([registered('2024-03-01'), scrapped('2025-06-01')], deregistered('2025-05-20'))).toEqual(
      byMetric([...nevStock(-1, '2025-05-20'), ...nevStock(1, '2025-06-01')]),
    )
    // the recycler dismantled on 20 May, reported after the registry's deregistration of 1 June
    expect(await accepted([registered('2024-03-01'), deregistered('2025-06-01')], scrapped('2025-05-20'))).toEqual(
      byMetric([...nevStock(-1, '2025-05-20'), ...nevStock(1, '2025-06-01'), dismantling('2025-05-20')]),
    )
  })

  it('counts a registration reported after the dismantling, but dated before it, in and out again', async () => {
    expect(await accepted([scrapped('2025-04-12')], registered('2024-03-01'))).toEqual(byMetric([...nevStock(1, '2024-03-01'), ...nevStock(-1, '2025-04-12')]))
    const { store } = await given(scrapped('2025-04-12'), registered('2024-03-01'), deregistered('2025-04-20'))
    expect(await totals(store)).toEqual(byMetric([...nevStock(1, '2024-03-01'), ...nevStock(-1, '2025-04-12'), dismantling('2025-04-12')]))
  })

  it('registers again a vehicle deregistered as transferred out, counting it once more, until it leaves again', async () => {
    const history = [registered('2020-03-01'), deregistered('2023-05-01', 'transferred-out')]
    expect(await accepted(history, registered('2024-09-01', nev, 'maji'))).toEqual(byMetric(nevStock(1, '2024-09-01', 'maji')))
    expect(await accepted([...history, registered('2024-09-01', nev, 'maji')], scrapped('2025-04-12'))).toEqual(
      byMetric([...nevStock(-1, '2025-04-12', 'maji'), dismantling('2025-04-12')]),
    )
  })

  it('refuses to register a dismantled or exported vehicle again, its deregistration or not', async () => {
    expect(await refused([registered('2020-03-01'), scrapped('2025-04-12')], registered('2025-05-01'))).toContain('cannot register: the vehicle was scrapped on 2025-04-12')
    expect(await refused([registered('2020-03-01'), scrapped('2025-04-12'), deregistered('2025-04-20')], registered('2025-05-01'))).toContain(
      'cannot register: the vehicle was scrapped on 2025-04-12',
    )
    expect(await refused([registered('2020-03-01'), exported('2025-06-18'), deregistered('2025-07-01', 'exported')], registered('2025-08-01'))).toContain(
      'cannot register: the vehicle was exported on 2025-06-18',
    )
  })

  it('keeps the other refusals: dismantled once, exported once, never both, deregistered only while registered', async () => {
    const r = registered('2020-03-01')
    expect(await refused([r, scrapped('2025-04-12')], scrapped('2025-04-13'))).toContain('cannot scrap: the vehicle was scrapped on 2025-04-12')
    expect(await refused([r, exported('2025-06-18')], exported('2025-06-19'))).toContain('cannot export: the vehicle was exported on 2025-06-18')
    expect(await refused([r, scrapped('2025-04-12')], exported('2025-06-18'))).toContain('cannot export: the vehicle was scrapped')
    expect(await refused([r, exported('2025-06-18')], scrapped('2025-07-01'))).toContain('cannot scrap: the vehicle was exported')
    // an export reported late, dated before the dismantling on record, would make the dismantling impossible
    expect(await refused([r, scrapped('2025-07-01')], exported('2025-06-18'))).toContain('cannot scrap: the vehicle was exported')
    expect(await refused([r, deregistered('2025-04-12')], deregistered('2025-04-20'))).toContain('not registered')
    expect(await refused([r], deregistered('2019-01-01'))).toContain('not registered')
  })

  it('of ten NEVs registered in 2024, two dismantled and one deregistered in 2025, leaves 7 in service, and still 7 when the registry deregisters a dismantled one', async () => {
    const car = (n: number) => `LSVAM4187C${String(n).padStart(7, '0')}`
    const cars = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const { store, ledger } = await given(
      ...cars.map((n) => registered('2024-05-01', nev, 'zhifang', car(n))),
      scrapped('2025-03-10', car(1)),
      scrapped('2025-08-20', car(2)),
      deregistered('2025-10-01', 'transferred-out', car(3)),
    )
    const fleet = async () => {
      const t = await tallyOf(store)
      return { nev: indicatorValue(t, 'vehicles.nev-fleet', { year: 2025 }).value, dismantled: indicatorValue(t, 'vehicles.scrapped-dismantled', { year: 2025 }).value }
    }
    expect(await fleet()).toEqual({ nev: 7, dismantled: 2 })
    // 车管所's own deregistration of a car 县商务局 reported dismantled, arriving later
    expect(E.isRight(await ledger.record(deregistered('2025-09-02', 'scrapped', car(2)))())).toBe(true)
    expect(await fleet()).toEqual({ nev: 7, dismantled: 2 })
  })

  describe('in every order of registration, dismantling, deregistration and export, however reported', () => {
    const facts = ['register', 'scrap', 'deregister', 'export'] as const
    type Fact = (typeof facts)[number]
    const departures: ReadonlyArray<Fact> = ['scrap', 'deregister', 'export']
    const days = months(4)

    it('counts the vehicle once, from its registration to its first departure, never below none, and each flow once', async () => {
      await fc.assert(
        fc.asyncProperty(
          // the order the facts occurred in, and those reported in the order they were reported
          fc.shuffledSubarray([...facts], { minLength: 4 }),
          fc.shuffledSubarray([...facts], { minLength: 1 }),
          fc.constantFrom(...reasons),
          fc.boolean(),
          async (occurred, reported, reason, isTruck) => {
            const day = (f: Fact): string => days[occurred.indexOf(f)] as string
            const inputs: Record<Fact, RecordInput> = {
              register: registered(day('register'), isTruck ? truck : nev),
              scrap: scrapped(day('scrap')),
              deregister: deregistered(day('deregister'), reason),
              export: exported(day('export')),
            }
            const stocks = ['vehicles.in-service', isTruck ? 'vehicles.diesel-goods-non-commercial-cn3.in-service' : 'vehicles.nev.in-service']
            const { stood, rows } = await reportedInTurn(reported.map((f) => inputs[f]), stocks.map((m) => [m]))
            const has = (f: Fact): boolean => stood.includes(inputs[f])
            const first = departures.filter(has).sort((a, b) => occurred.indexOf(a) - occurred.indexOf(b))[0]
            const inService = !has('register') ? {} : first === undefined ? { [day('register')]: 1 } : { [day('register')]: 1, [day(first)]: -1 }
            for (const m of stocks) expect(stepsOf(rows, m)).toEqual(inService)
            expect(stepsOf(rows, 'vehicles.scrapped-dismantled')).toEqual(has('scrap') ? { [day('scrap')]: 1 } : {})
            expect(stepsOf(rows, 'vehicles.used-car-exports')).toEqual(has('export') ? { [day('export')]: 1 } : {})
            const counted = [...stocks, 'vehicles.scrapped-dismantled', 'vehicles.used-car-exports', 'vehicles.used-car-exports.value']
            expect(rows.filter((r) => !counted.includes(r.metric))).toEqual([])

            // the registry and the recycler report in either order: with the registration first, every report stands but an export of a dismantled car
            const reportedBefore = (a: Fact, b: Fact): boolean => !reported.includes(b) || (reported.includes(a) && reported.indexOf(a) < reported.indexOf(b))
            const registeredFirst = occurred[0] === 'register' && reportedBefore('register', 'deregister')
            if (registeredFirst && !(reported.includes('scrap') && reported.includes('export'))) expect(stood).toEqual(reported.map((f) => inputs[f]))
            expect(has('scrap') && has('export')).toBe(false)
            if (has('deregister')) expect(has('register')).toBe(true)
          },
        ),
        { numRuns: 800 },
      )
    })
  })
})

describe('technical-renovation projects', () => {
  const registered = (totalInvestment: number, occurredAt = '2025-03-01T09:00:00+08:00', projectId = 'P-1') =>
    ev('TechRenovationProjectRegistered', occurredAt, {
      projectId,
      name: '智能化生产线改造',
      enterprise,
      sector: 'machinery',
      town: 'zhifang',
      totalInvestment,
    })
  const completed = (occurredAt: string, projectId = 'P-1') => ev('TechRenovationProjectCompleted', occurredAt, { projectId })
  const at = { day: '2025-03-01', town: 'zhifang', sector: 'machinery' }

  it('counts a project of exactly 5,000,000 元 (500,000,000 分) as 500万元（含）以上', async () => {
    expect(await accepted([], registered(500_000_000))).toEqual([
      { metric: 'projects.investment', quantity: 500_000_000, ...at },
      { metric: 'projects.started.5m-plus', quantity: 1, ...at },
    ])
  })

  it('does not count a project one 分 short of 5,000,000 元, but sums its investment', async () => {
    expect(await accepted([], registered(499_999_999))).toEqual([{ metric: 'projects.investment', quantity: 499_999_999, ...at }])
  })

  it('registers a project once', async () => {
    expect(await refused([registered(1)], registered(2, '2025-04-01T09:00:00+08:00'))).toContain('already registered')
  })

  it('counts the completion of a 5m-plus project in the town and sector it was registered in', async () => {
    expect(await accepted([registered(600_000_000)], completed('2026-01-05T10:00:00+08:00'))).toEqual([
      { metric: 'projects.completed.5m-plus', quantity: 1, day: '2026-01-05', town: 'zhifang', sector: 'machinery' },
    ])
    expect(await accepted([registered(100)], completed('2026-01-05T10:00:00+08:00'))).toEqual([])
  })

  it('refuses a completion without a registration, one before the start, and a second one', async () => {
    expect(await refused([], completed('2025-05-01T00:00:00+08:00'))).toContain('not been registered')
    expect(await refused([registered(1)], completed('2025-02-28T23:59:00+08:00'))).toContain('not been registered')
    expect(await refused([registered(1), completed('2025-05-01T00:00:00+08:00')], completed('2025-06-01T00:00:00+08:00'))).toContain(
      'already completed',
    )
  })

  it('refuses a late registration that would start the project after its recorded completion', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const r = await ledger.recordBatch([registered(1, '2025-01-01T00:00:00+08:00', 'P-2'), completed('2025-02-01T00:00:00+08:00', 'P-2')])()
    expect(E.isRight(r)).toBe(true)
    // a second registration dated before the first: the first one becomes a duplicate registration
    const late = await ledger.record(registered(1, '2024-12-01T00:00:00+08:00', 'P-2'))()
    expect(E.isLeft(late) && late.left.code).toBe('INVARIANT_VIOLATED')
  })
})

describe('equipment replaced', () => {
  const replaced = (efficiencyBefore: 'grade-1' | 'grade-3' | 'grade-4', efficiencyAfter: 'grade-1' | 'grade-3' | 'grade-4', recordId = 'EQ-1') =>
    ev('EquipmentReplaced', '2025-06-10T08:00:00+08:00', {
      recordId,
      enterprise,
      sector: 'chemicals',
      town: 'development-zone',
      quantity: 12,
      investment: 3_600_000_00,
      efficiencyBefore,
      efficiencyAfter,
    })

  it('counts units and investment by sector and town', async () => {
    const at = { day: '2025-06-10', town: 'development-zone', sector: 'chemicals' }
    expect(await accepted([], replaced('grade-4', 'grade-1'))).toEqual([
      { metric: 'equipment.replaced', quantity: 12, ...at },
      { metric: 'equipment.replaced.investment', quantity: 360_000_000, ...at },
    ])
  })

  it('accepts an unchanged grade and refuses a worse one', async () => {
    expect(await accepted([], replaced('grade-3', 'grade-3'))).toHaveLength(2)
    expect(await refused([], replaced('grade-1', 'grade-4'))).toContain('efficiencyAfter grade-4 is worse than efficiencyBefore grade-1')
  })

  it('records a replacement once', async () => {
    expect(await refused([replaced('grade-4', 'grade-1')], replaced('grade-4', 'grade-3'))).toContain('already recorded')
  })
})

describe('production capacity', () => {
  const assessed = (occurredAt: string, capacity: string, energyLevel: 'benchmark' | 'baseline' | 'below-baseline', envGrade: 'A' | 'B', lineId = 'L-1') =>
    ev('ProductionCapacityAssessed', occurredAt, {
      enterpriseId: 'E-7',
      lineId,
      enterprise,
      sector: 'building-materials',
      town: 'liangbaosi',
      capacity,
      capacityUnit: '吨/年',
      energyLevel,
      envGrade,
    })
  const where = { town: 'liangbaosi', sector: 'building-materials' }

  it('places a first assessment below the baseline in the stock and among the lines found below it', async () => {
    const at = { day: '2024-09-01', ...where }
    expect(await accepted([], assessed('2024-09-01T10:00:00+08:00', '12000.5', 'below-baseline', 'B'))).toEqual([
      { metric: 'capacity.assessed', quantity: 120_005_000, ...at },
      { metric: 'capacity.below-energy-baseline.found', quantity: 120_005_000, ...at },
    ])
  })

  it('moves capacity between metrics when the line is reassessed, and counts the renovation once, of the capacity found below the baseline', async () => {
    const first = assessed('2024-09-01T10:00:00+08:00', '12000', 'below-baseline', 'B')
    const at = { day: '2025-10-01', ...where }
    expect(await accepted([first], assessed('2025-10-01T10:00:00+08:00', '15000', 'benchmark', 'A'))).toEqual([
      { metric: 'capacity.assessed', quantity: 30_000_000, ...at },
      { metric: 'capacity.below-energy-baseline.renovated', quantity: 120_000_000, ...at },
      { metric: 'capacity.energy-benchmark', quantity: 150_000_000, ...at },
      { metric: 'capacity.env-grade-a', quantity: 150_000_000, ...at },
    ])
    const { store } = await given(
      first,
      assessed('2025-10-01T10:00:00+08:00', '15000', 'benchmark', 'A'),
      assessed('2026-03-01T10:00:00+08:00', '15000', 'baseline', 'A'),
    )
    // a later fall from benchmark to baseline leaves the stock, takes it out of the benchmark and is no second renovation
    const sum = await totals(store)
    expect(sum.filter((r) => r.metric === 'capacity.energy-benchmark').reduce((n, r) => n + r.quantity, 0)).toBe(0)
    expect(sum.filter((r) => r.metric === 'capacity.below-energy-baseline.renovated')).toEqual([
      { metric: 'capacity.below-energy-baseline.renovated', quantity: 120_000_000, ...at },
    ])
    expect(sum.filter((r) => r.metric === 'capacity.assessed').reduce((n, r) => n + r.quantity, 0)).toBe(150_000_000)
  })

  it('lets a late assessment slot in before the one in force without displacing it', async () => {
    const { store } = await given(
      assessed('2025-10-01T10:00:00+08:00', '15000', 'benchmark', 'A'),
      assessed('2024-09-01T10:00:00+08:00', '12000', 'below-baseline', 'B'),
    )
    const sum = await totals(store)
    const total = (metric: string) => sum.filter((r) => r.metric === metric).reduce((n, r) => n + r.quantity, 0)
    expect(total('capacity.assessed')).toBe(150_000_000)
    expect(total('capacity.energy-benchmark')).toBe(150_000_000)
    expect(total('capacity.below-energy-baseline.found')).toBe(120_000_000)
    expect(total('capacity.below-energy-baseline.renovated')).toBe(120_000_000)
  })

  it('counts as renovated the capacity found below the baseline, so a line grown in its renovation never stands in for one not renovated', async () => {
    const { store } = await given(
      assessed('2024-09-01T10:00:00+08:00', '12000', 'below-baseline', 'B'),
      assessed('2024-09-02T10:00:00+08:00', '3000', 'below-baseline', 'B', 'L-2'),
      assessed('2025-10-01T10:00:00+08:00', '15000', 'baseline', 'B'),
    )
    expect(indicatorValue(await tallyOf(store), 'industry.below-energy-baseline-renovated', { year: 2025 })).toMatchObject({
      value: 80,
      numerator: 12_000,
      denominator: 15_000,
    })
  })

  it('keeps the assessment in force in the stock, and counts the capacity found below the baseline and its renovation once each, however the assessments arrive', async () => {
    const assessment = fc.record({ capacity: fc.constantFrom('8000', '12000', '15000'), energy: fc.constantFrom('benchmark', 'baseline', 'below-baseline' as const) })
    await fc.assert(
      fc.asyncProperty(occurredAndReported(assessment, 5), async ([assessments, order]) => {
        const day = months(assessments.length)
        const inputs = assessments.map((a, i) => assessed(`${day[i]}T10:00:00+08:00`, a.capacity, a.energy, 'B'))
        const { stood, rows } = await reportedInTurn(order.map((i) => inputs[i] as RecordInput), [])
        expect(stood).toHaveLength(order.length)
        const made = assessments.filter((_, i) => order.includes(i))
        const last = made[made.length - 1] as (typeof made)[number]
        const below = made.find((a) => a.energy === 'below-baseline')
        const found = below === undefined ? 0 : scaled(below.capacity)
        const renovated = below !== undefined && made.slice(made.indexOf(below) + 1).some((a) => a.energy !== 'below-baseline')
        expect(totalOf(rows, 'capacity.assessed')).toBe(scaled(last.capacity))
        expect(totalOf(rows, 'capacity.energy-benchmark')).toBe(last.energy === 'benchmark' ? scaled(last.capacity) : 0)
        expect(totalOf(rows, 'capacity.below-energy-baseline.found')).toBe(found)
        expect(totalOf(rows, 'capacity.below-energy-baseline.renovated')).toBe(renovated ? found : 0)
      }),
      { numRuns: 300 },
    )
  })

  it('changes nothing on a second report of the assessment in force', async () => {
    const first = assessed('2024-09-01T10:00:00+08:00', '12000', 'below-baseline', 'B')
    expect(await accepted([first], assessed('2024-09-01T10:00:00+08:00', '12000', 'below-baseline', 'B'))).toEqual([])
  })
})

describe('appliances', () => {
  const collected = (recordId = 'AC-1') =>
    ev('AppliancesCollected', '2025-04-02T15:00:00+08:00', { recordId, collector: { name: '嘉祥再生资源回收站', licence: 'HS-0001' }, town: 'macun', quantity: 40, category: 'refrigerator' }, 'commerce')

  it('counts appliances collected, once per record', async () => {
    expect(await accepted([], collected())).toEqual([{ metric: 'appliances.collected', quantity: 40, day: '2025-04-02', town: 'macun' }])
    expect(await refused([collected()], collected())).toContain('this collection record was already recorded')
  })

  it('reads a version-1 collection as category "unspecified" and decides against it', async () => {
    const store = memoryStore()
    const v1 = { recordId: 'AC-OLD', collector: { name: '老回收站' }, town: 'macun', quantity: 5 }
    expect(E.isRight(AppliancesCollectedV1.decode(v1))).toBe(true)
    const written = await store.append({
      drafts: [
        {
          entry: {
            id: '00000000-0000-4000-8000-0000000000a1',
            type: 'AppliancesCollected',
            version: 1,
            stream: 'appliance-collection-AC-OLD',
            revision: 1,
            occurredAt: '2024-05-01T09:00:00+08:00',
            recordedBy: 'commerce',
            source: { system: 'test', recordId: 'old' },
            correlationId: null,
            causationId: null,
            data: v1,
          },
          deltas: new Float64Array(),
        },
      ],
      expected: [{ stream: 'appliance-collection-AC-OLD', revision: 0 }],
      now: Date.now(),
    })()
    expect(E.isRight(written)).toBe(true)
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const read = await ledger.readStream('appliance-collection-AC-OLD')()
    expect(E.isRight(read) && read.right.map((e) => [e.version, e.data])).toEqual([[2, { ...v1, category: 'unspecified' }]])
    expect(upcast({ type: 'AppliancesCollected', version: 1, data: v1 })).toEqual(E.right({ type: 'AppliancesCollected', version: 2, data: { ...v1, category: 'unspecified' } }))
    // a version no release wrote is refused, never folded as if current and never thrown
    for (const version of [0, -5, 1.5, Number.NaN, 2 ** 60]) {
      const r = upcast({ type: 'AppliancesCollected', version, data: v1 })
      expect(E.isLeft(r) && r.left, String(version)).toMatch(/^AppliancesCollected 第 .+ 版的数据无法升级到第 2 版 \/ AppliancesCollected data of version .+ cannot be brought up/)
    }
    const again = await ledger.record(collected('AC-OLD'))()
    expect(E.isLeft(again) && again.left.code).toBe('INVARIANT_VIOLATED')
  })

  it('counts appliances traded in and their subsidy', async () => {
    const tradeIn = ev(
      'AppliancesTradedIn',
      '2025-05-01T12:00:00+08:00',
      { recordId: 'TI-1', retailer: { name: '嘉祥家电城' }, town: 'jiaxiang', quantity: 3, category: 'air-conditioner', subsidy: 150_000 },
      'commerce',
    )
    const at = { day: '2025-05-01', town: 'jiaxiang' }
    expect(await accepted([], tradeIn)).toEqual([
      { metric: 'appliances.trade-in-subsidy', quantity: 150_000, ...at },
      { metric: 'appliances.traded-in', quantity: 3, ...at },
    ])
    expect(await refused([tradeIn], { ...tradeIn, id: '00000000-0000-4000-8000-0000000000b1' })).toContain('already recorded')
  })

  it('counts gas stoves given flame-failure protection', async () => {
    const stoves = ev('GasStovesProtected', '2025-07-07T10:00:00+08:00', { recordId: 'GS-1', restaurant: '老街饭庄', town: 'wolongshan', quantity: 4, method: 'retrofit' }, 'commerce')
    expect(await accepted([], stoves)).toEqual([{ metric: 'restaurants.gas-stoves-protected', quantity: 4, day: '2025-07-07', town: 'wolongshan' }])
  })
})

describe('charging piles and residential parking', () => {
  const commissioned = (occurredAt: string, isPublic = true, town: 'jintun' | 'tuanli' = 'jintun') =>
    ev('ChargingPileCommissioned', occurredAt, { pileId: 'CP-1', stationId: 'ST-1', operator: '国网嘉祥供电公司', public: isPublic, fast: true, powerKw: '120', town }, 'energy')
  const decommissioned = (occurredAt: string) => ev('ChargingPileDecommissioned', occurredAt, { pileId: 'CP-1', reason: '设备损坏' }, 'energy')

  it('counts public and private piles in service in their town', async () => {
    expect(await accepted([], commissioned('2025-01-10T09:00:00+08:00'))).toEqual([
      { metric: 'charging.public-piles.in-service', quantity: 1, day: '2025-01-10', town: 'jintun' },
    ])
    expect(await accepted([], commissioned('2025-01-10T09:00:00+08:00', false, 'tuanli'))).toEqual([
      { metric: 'charging.private-piles.in-service', quantity: 1, day: '2025-01-10', town: 'tuanli' },
    ])
  })

  it('takes a decommissioned pile out of service where it was, and lets it be commissioned again', async () => {
    const history = [commissioned('2025-01-10T09:00:00+08:00')]
    expect(await accepted(history, decommissioned('2026-02-01T09:00:00+08:00'))).toEqual([
      { metric: 'charging.public-piles.in-service', quantity: -1, day: '2026-02-01', town: 'jintun' },
    ])
    expect(await accepted([...history, decommissioned('2026-02-01T09:00:00+08:00')], commissioned('2026-03-01T09:00:00+08:00', true, 'tuanli'))).toEqual([
      { metric: 'charging.public-piles.in-service', quantity: 1, day: '2026-03-01', town: 'tuanli' },
    ])
  })

  it('refuses commissioning a pile in service and decommissioning one that is not', async () => {
    expect(await refused([commissioned('2025-01-10T09:00:00+08:00')], commissioned('2025-02-10T09:00:00+08:00'))).toContain('decommission it first')
    expect(await refused([], decommissioned('2025-01-10T09:00:00+08:00'))).toContain('not in service')
  })

  it('refuses a late-reported decommissioning dated before the commissioning', async () => {
    expect(await refused([commissioned('2025-01-10T09:00:00+08:00')], decommissioned('2025-01-09T09:00:00+08:00'))).toContain('not in service')
  })

  it('refuses a second decommissioning, so a pile leaves the stock once', async () => {
    const history = [commissioned('2025-01-10T09:00:00+08:00'), decommissioned('2026-02-01T09:00:00+08:00')]
    expect(await refused(history, decommissioned('2026-02-03T09:00:00+08:00'))).toContain('not in service')
  })

  it('counts a pile in service once or not at all on every day, however its commissionings and decommissionings are reported', async () => {
    await fc.assert(
      fc.asyncProperty(occurredAndReported(fc.boolean(), 6), async ([on, order]) => {
        const day = months(on.length)
        const inputs = on.map((o, i) => (o ? commissioned : decommissioned)(`${day[i]}T09:00:00+08:00`))
        const { stood, rows } = await reportedInTurn(order.map((i) => inputs[i] as RecordInput), [['charging.public-piles.in-service']])
        // what stood, in occurred order: commissioned, decommissioned, commissioned …
        const kept = [...on.keys()].filter((i) => stood.includes(inputs[i] as RecordInput))
        expect(kept.map((i) => on[i])).toEqual(kept.map((_, k) => k % 2 === 0))
        expect(stepsOf(rows, 'charging.public-piles.in-service')).toEqual(Object.fromEntries(kept.map((i) => [day[i], on[i] === true ? 1 : -1])))
      }),
      { numRuns: 300 },
    )
  })

  const parking = (spaces: number, withCharging: number, readyForCharging: number) =>
    ev('ResidentialParkingBuilt', '2025-08-08T10:00:00+08:00', { compoundId: 'RC-1', compound: '书香苑小区', town: 'jiaxiang', spaces, withCharging, readyForCharging }, 'housing-construction')

  it('counts the spaces of a new compound and those with charging or ready for it', async () => {
    const at = { day: '2025-08-08', town: 'jiaxiang' }
    expect(await accepted([], parking(300, 100, 200))).toEqual([
      { metric: 'parking.new-residential.ready', quantity: 300, ...at },
      { metric: 'parking.new-residential.spaces', quantity: 300, ...at },
    ])
  })

  it('refuses more charging-ready spaces than spaces, and a second record for the compound', async () => {
    expect(await refused([], parking(300, 100, 201))).toContain('withCharging (100) + readyForCharging (201) exceeds spaces (300)')
    expect(await refused([parking(300, 0, 0)], parking(300, 0, 0))).toContain('already recorded')
  })
})

describe('digital infrastructure', () => {
  const opened = () => ev('BaseStation5GOpened', '2025-02-02T10:00:00+08:00', { stationId: '5G-0001', operator: 'china-mobile', town: 'maji' }, 'china-mobile')
  const power = (recordId: string, petaflops: string) =>
    ev('ComputingPowerCommissioned', '2025-09-09T10:00:00+08:00', { facilityId: 'PBS-DC', recordId, petaflops, town: 'development-zone' }, 'big-data-centre')

  it('counts a 5G base station once', async () => {
    expect(await accepted([], opened())).toEqual([{ metric: 'digital.5g-base-stations', quantity: 1, day: '2025-02-02', town: 'maji' }])
    expect(await refused([opened()], opened())).toContain('this base station was already recorded')
  })

  it('adds computing power per commissioning record, each record once', async () => {
    expect(await accepted([power('C-1', '500')], power('C-2', '250.25'))).toEqual([
      { metric: 'digital.computing-power', quantity: 2_502_500, day: '2025-09-09', town: 'development-zone' },
    ])
    expect(await refused([power('C-1', '500')], power('C-1', '10'))).toContain('C-1 was already recorded')
  })
})

describe('certifications', () => {
  const awarded = (level: DataOf<'CertificationAwarded'>['level'], occurredAt = '2025-01-01T10:00:00+08:00') =>
    ev('CertificationAwarded', occurredAt, { kind: 'green-factory', subjectId: 'E-7', subject: '嘉祥县示范机械有限公司', level, town: 'zhongshan' })
  const revoked = (occurredAt: string) => ev('CertificationRevoked', occurredAt, { kind: 'green-factory', subjectId: 'E-7', reason: '复核不合格' })

  it('counts a subject once, at its highest level: a higher award moves it', async () => {
    expect(await accepted([], awarded('county'))).toEqual([{ metric: 'certifications.green-factory.county', quantity: 1, day: '2025-01-01', town: 'zhongshan' }])
    expect(await accepted([awarded('county')], awarded('municipal', '2025-06-01T10:00:00+08:00'))).toEqual([
      { metric: 'certifications.green-factory.county', quantity: -1, day: '2025-06-01', town: 'zhongshan' },
      { metric: 'certifications.green-factory.municipal', quantity: 1, day: '2025-06-01', town: 'zhongshan' },
    ])
  })

  it('refuses an award at a level held or below it', async () => {
    expect(await refused([awarded('municipal')], awarded('municipal', '2025-06-01T10:00:00+08:00'))).toContain('already holds municipal')
    expect(await refused([awarded('provincial')], awarded('county', '2025-06-01T10:00:00+08:00'))).toContain('already holds provincial')
  })

  it('revokes only a certification in force, taking it out of the count', async () => {
    expect(await accepted([awarded('provincial')], revoked('2026-01-01T10:00:00+08:00'))).toEqual([
      { metric: 'certifications.green-factory.provincial', quantity: -1, day: '2026-01-01', town: 'zhongshan' },
    ])
    expect(await refused([], revoked('2026-01-01T10:00:00+08:00'))).toContain('holds no certification')
  })

  it('counts a subject revoked and awarded again once more, at the level of the new award', async () => {
    expect(await accepted([awarded('provincial'), revoked('2026-01-01T10:00:00+08:00')], awarded('county', '2026-06-01T10:00:00+08:00'))).toEqual([
      { metric: 'certifications.green-factory.county', quantity: 1, day: '2026-06-01', town: 'zhongshan' },
    ])
  })

  it('counts a subject at one level at most on every day, the highest awarded since its last revocation, however reported', async () => {
    const ranks = ['county', 'municipal', 'provincial', 'national'] as const
    const metrics = ranks.map((l) => `certifications.green-factory.${l}`)
    await fc.assert(
      fc.asyncProperty(occurredAndReported(fc.constantFrom(...ranks, 'revoked' as const), 6), async ([steps, order]) => {
        const day = months(steps.length)
        const inputs = steps.map((step, i) => (step === 'revoked' ? revoked(`${day[i]}T10:00:00+08:00`) : awarded(step, `${day[i]}T10:00:00+08:00`)))
        const { stood, rows } = await reportedInTurn(order.map((i) => inputs[i] as RecordInput), [metrics, ...metrics.map((m) => [m])])
        // what stood, in occurred order, leaves the level held at the end
        const held = steps.reduce<string | undefined>((h, step, i) => (!stood.includes(inputs[i] as RecordInput) ? h : step === 'revoked' ? undefined : step), undefined)
        expect(ranks.map((l) => totalOf(rows, `certifications.green-factory.${l}`))).toEqual(ranks.map((l) => (l === held ? 1 : 0)))
      }),
      { numRuns: 300 },
    )
  })
})

describe('facilities', () => {
  const registered = (data: Omit<DataOf<'FacilityRegistered'>, 'facilityId' | 'name' | 'town'>, occurredAt = '2025-01-05T10:00:00+08:00') =>
    ev('FacilityRegistered', occurredAt, { facilityId: 'F-1', name: '青山景区', town: 'mandong', ...data }, 'culture-tourism')
  const upgraded = (occurredAt: string, items?: number) =>
    ev('FacilityUpgraded', occurredAt, { facilityId: 'F-1', ...(items === undefined ? {} : { items }) }, 'culture-tourism')
  const at = (day: string) => ({ day, town: 'mandong' })

  it('puts a scenic site in scope only with a declared renewal need', async () => {
    expect(await accepted([], registered({ kind: 'scenic-site-4a', renewalNeeded: true }))).toEqual([
      { metric: 'facilities.scenic-site-4a.in-scope', quantity: 1, ...at('2025-01-05') },
    ])
    expect(await accepted([], registered({ kind: 'scenic-site-4a', renewalNeeded: false }))).toEqual([])
    expect(await accepted([], registered({ kind: 'scenic-site-4a' }))).toEqual([])
    expect(await accepted([], registered({ kind: 'village-clinic' }))).toEqual([{ metric: 'facilities.village-clinic.in-scope', quantity: 1, ...at('2025-01-05') }])
  })

  it('counts an upgrade once, only after registration', async () => {
    const history = [registered({ kind: 'performance-venue', renewalNeeded: true })]
    expect(await accepted(history, upgraded('2025-11-11T10:00:00+08:00'))).toEqual([{ metric: 'facilities.performance-venue.upgraded', quantity: 1, ...at('2025-11-11') }])
    expect(await refused([...history, upgraded('2025-11-11T10:00:00+08:00')], upgraded('2025-12-11T10:00:00+08:00'))).toContain('already upgraded')
    expect(await refused(history, upgraded('2025-01-04T10:00:00+08:00'))).toContain('not registered')
    expect(await accepted([registered({ kind: 'scenic-site-3a' })], upgraded('2025-11-11T10:00:00+08:00'))).toEqual([])
  })

  it('counts a vocational school in equipment items, never more renewed than in scope', async () => {
    const school = registered({ kind: 'vocational-school', itemsInScope: 50 })
    expect(await accepted([], school)).toEqual([{ metric: 'facilities.vocational-school.in-scope', quantity: 50, ...at('2025-01-05') }])
    expect(await accepted([school, upgraded('2025-03-01T10:00:00+08:00', 30)], upgraded('2025-04-01T10:00:00+08:00', 20))).toEqual([
      { metric: 'facilities.vocational-school.upgraded', quantity: 20, ...at('2025-04-01') },
    ])
    expect(await refused([school, upgraded('2025-03-01T10:00:00+08:00', 30)], upgraded('2025-04-01T10:00:00+08:00', 21))).toContain(
      'items renewed would reach 51, more than the 50 in scope',
    )
    expect(await refused([school], upgraded('2025-04-01T10:00:00+08:00'))).toContain('must state items')
  })

  it('registers a facility once, so it is in scope once', async () => {
    expect(await refused([registered({ kind: 'village-clinic' })], registered({ kind: 'village-clinic' }, '2025-06-01T10:00:00+08:00'))).toContain('already registered')
  })

  it('refuses fields that do not apply to the kind', async () => {
    expect(await refused([], registered({ kind: 'vocational-school' }))).toContain('must state itemsInScope')
    expect(await refused([], registered({ kind: 'village-clinic', itemsInScope: 3 }))).toContain('vocational schools only')
    expect(await refused([], registered({ kind: 'media-centre', renewalNeeded: true }))).toContain('scenic sites and performance venues only')
    expect(await refused([registered({ kind: 'village-clinic' })], upgraded('2025-04-01T10:00:00+08:00', 2))).toContain('vocational schools only')
  })
})

describe('promotions', () => {
  const held = (kind: 'nev-exhibition' | 'appliance-promotion' | 'home-furnishing', rural: boolean) =>
    ev('PromotionEventHeld', '2025-05-20T10:00:00+08:00', { eventId: 'PR-1', kind, name: '新能源汽车下乡展销会', town: 'huanggai', rural }, 'commerce')
  const at = { day: '2025-05-20', town: 'huanggai' }

  it('counts NEV exhibitions, and those held in the countryside among them', async () => {
    expect(await accepted([], held('nev-exhibition', true))).toEqual([
      { metric: 'promotions.nev-exhibitions', quantity: 1, ...at },
      { metric: 'promotions.nev-exhibitions.rural', quantity: 1, ...at },
    ])
    expect(await accepted([], held('nev-exhibition', false))).toEqual([{ metric: 'promotions.nev-exhibitions', quantity: 1, ...at }])
    expect(await accepted([], held('appliance-promotion', true))).toEqual([{ metric: 'promotions.appliance', quantity: 1, ...at }])
    expect(await accepted([], held('home-furnishing', false))).toEqual([{ metric: 'promotions.home-furnishing', quantity: 1, ...at }])
  })

  it('records an event once', async () => {
    expect(await refused([held('appliance-promotion', false)], held('appliance-promotion', false))).toContain('already recorded')
  })
})

describe('agriculture', () => {
  const subsidised = (beidou: boolean) =>
    ev('FarmMachinesSubsidised', '2025-03-15T10:00:00+08:00', { recordId: 'FM-1', machineType: '小麦联合收割机', town: 'wanzhang', quantity: 2, beidou, subsidy: 6_000_000 }, 'agri-mechanisation')
  const at = { day: '2025-03-15', town: 'wanzhang' }

  it('counts subsidised machines, those with BeiDou, and the subsidy', async () => {
    expect(await accepted([], subsidised(true))).toEqual([
      { metric: 'agriculture.beidou-machines-subsidised', quantity: 2, ...at },
      { metric: 'agriculture.farm-machine-subsidy', quantity: 6_000_000, ...at },
      { metric: 'agriculture.farm-machines-subsidised', quantity: 2, ...at },
    ])
    expect((await accepted([], subsidised(false))).map((r) => r.metric)).toEqual(['agriculture.farm-machine-subsidy', 'agriculture.farm-machines-subsidised'])
  })

  it('counts a coal-fired dryer converted once', async () => {
    const dryer = ev('GrainDryerConverted', '2025-10-01T10:00:00+08:00', { dryerId: 'GD-1', town: 'mengguji', to: 'biomass' }, 'agriculture-rural')
    expect(await accepted([], dryer)).toEqual([{ metric: 'agriculture.coal-grain-dryers-replaced', quantity: 1, day: '2025-10-01', town: 'mengguji' }])
    expect(await refused([dryer], { ...dryer, id: '00000000-0000-4000-8000-0000000000c1' })).toContain('already recorded')
  })
})

describe('ships', () => {
  const scrapped = (kind: 'passenger' | 'cargo', builtYear: number, occurredAt = '2025-06-01T10:00:00+08:00') =>
    ev('ShipScrappedEarly', occurredAt, { shipId: 'S-1', name: '嘉运1号', kind, builtYear, grossTonnage: '800', town: 'laosengtang' }, 'transport')
  const retrofitted = (grossTonnage: string, inland = true) => ev('ShipShorePowerRetrofitted', '2025-07-01T10:00:00+08:00', { shipId: 'S-1', grossTonnage, inland }, 'transport')

  it.each([
    ['passenger', 2015],
    ['passenger', 2000],
    ['cargo', 2010],
    ['cargo', 1995],
  ] as const)('supports early scrapping of a %s ship built in %i, at the edge of its band', async (kind, built) => {
    expect(await accepted([], scrapped(kind, built))).toEqual([{ metric: `ships.scrapped-early.${kind}`, quantity: 1, day: '2025-06-01', town: 'laosengtang' }])
  })

  it.each([
    ['passenger', 2016, 9],
    ['passenger', 1999, 26],
    ['cargo', 2011, 14],
    ['cargo', 1994, 31],
  ] as const)('refuses a %s ship built in %i, one year outside its band', async (kind, built, age) => {
    expect(await refused([], scrapped(kind, built))).toContain(`aged ${age} years is outside`)
  })

  it("takes the ship's age in the Shanghai year", async () => {
    // 2024-12-31 16:30 UTC is already 2025 in Jiaxiang: a passenger ship built in 2015 is 10
    expect(await accepted([], scrapped('passenger', 2015, '2024-12-31T16:30:00Z'))).toHaveLength(1)
    expect(await refused([], scrapped('passenger', 2015, '2024-12-31T15:30:00Z'))).toContain('aged 9 years')
  })

  it('supports shore power for inland ships of 600 gross tonnes or more, once, and nothing after scrapping', async () => {
    expect(await accepted([], retrofitted('600'))).toEqual([{ metric: 'ships.shore-power-retrofits', quantity: 1, day: '2025-07-01' }])
    expect(await refused([], retrofitted('599.9999'))).toContain('below the plan')
    expect(await refused([], retrofitted('1200', false))).toContain('inland ships only')
    expect(await refused([retrofitted('600')], retrofitted('600'))).toContain('already retrofitted')
    expect(await refused([scrapped('cargo', 2000)], retrofitted('600'))).toContain('was scrapped')
  })
})

describe('milestones', () => {
  it('records the smart-tourism platform in operation once', async () => {
    const reached = ev('MilestoneReached', '2025-12-01T10:00:00+08:00', { milestone: 'smart-tourism-platform', evidence: '“舒心游济宁”平台上线运营通知' }, 'culture-tourism')
    expect(await accepted([], reached)).toEqual([{ metric: 'milestones.smart-tourism-platform', quantity: 1, day: '2025-12-01' }])
    expect(await refused([reached], { ...reached, id: '00000000-0000-4000-8000-0000000000d1' })).toContain('already recorded')
  })
})

describe('reported statistics', () => {
  const reported = (statistic: DataOf<'StatisticReported'>['statistic'], value: string, occurredAt = '2026-02-01T10:00:00+08:00') =>
    ev('StatisticReported', occurredAt, { statistic, period: '2025', value, sector: 'industry', source: '县统计局', method: '规模以上工业企业年报' })

  it("places a report's value on the period's last day", async () => {
    expect(await accepted([], reported('key-process-cnc-rate', '76.25'))).toEqual([
      { metric: 'statistics.key-process-cnc-rate', quantity: 762_500, day: '2025-12-31', sector: 'industry' },
    ])
  })

  it('replaces the value when a later report revises it', async () => {
    const first = reported('rd-active-enterprise-share', '48.5')
    const revision = reported('rd-active-enterprise-share', '51', '2026-03-01T10:00:00+08:00')
    expect(await accepted([first], revision)).toEqual([{ metric: 'statistics.rd-active-enterprise-share', quantity: 25_000, day: '2025-12-31', sector: 'industry' }])
    const { store } = await given(first, revision)
    expect(await totals(store)).toEqual([{ metric: 'statistics.rd-active-enterprise-share', quantity: 510_000, day: '2025-12-31', sector: 'industry' }])
  })

  it('refuses a percentage above 100, not a sum of money', async () => {
    expect(await accepted([], reported('mechanisation-rate', '100'))).toHaveLength(1)
    expect(await refused([], reported('mechanisation-rate', '100.01'))).toContain('exceeds 100')
    expect(await accepted([], reported('high-end-equipment-revenue', '1700000000'))).toEqual([
      { metric: 'statistics.high-end-equipment-revenue', quantity: 17_000_000_000_000, day: '2025-12-31', sector: 'industry' },
    ])
  })

  it('holds one value for a statistic, that of the latest report in occurred order, however its reports arrive', async () => {
    await fc.assert(
      fc.asyncProperty(occurredAndReported(fc.integer({ min: 1, max: 1000 }), 5), async ([tenths, order]) => {
        const day = months(tenths.length, 2026)
        const inputs = tenths.map((v, i) => reported('mechanisation-rate', String(v / 10), `${day[i]}T10:00:00+08:00`))
        const { stood, rows } = await reportedInTurn(order.map((i) => inputs[i] as RecordInput), [])
        expect(stood).toHaveLength(order.length)
        expect(rows).toEqual([{ metric: 'statistics.mechanisation-rate', quantity: (tenths[Math.max(...order)] as number) * 1000, day: '2025-12-31', sector: 'industry' }])
      }),
      { numRuns: 200 },
    )
  })

  it('keeps each period, town and sector on its own stream', async () => {
    const { ledger } = await given(reported('mechanisation-rate', '96'))
    const r = await ledger.record(ev('StatisticReported', '2026-02-01T10:00:00+08:00', { statistic: 'mechanisation-rate', period: '2025', value: '97', town: 'maji', source: '县农业农村局', method: '抽样调查' }))()
    expect(E.isRight(r) && r.right.stream).toBe('statistic-mechanisation-rate/2025/maji/*')
  })
})
