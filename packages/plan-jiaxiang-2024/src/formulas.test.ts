import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  addDeltas,
  breakdown as breakdownIn,
  createLedger,
  emptyTally,
  indicatorValue as valueIn,
  loadTally,
  memoryStore,
  monthly as monthlyIn,
  rebuildDeltas,
  type BreakdownBy,
  type Entry,
  type EventStore,
  type RecordInput,
  type Tally,
  type ValueQuery,
} from '@policy-ledger/core'
import { jiaxiang2024 } from './index.js'

/*
 * Each of the plan's formulas read from events recorded into a ledger: what
 * plan.json's formulas compute, held to figures worked out by hand.
 */

const right = <A>(r: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const indicatorValue = (t: Tally, id: string, q: ValueQuery) => right(valueIn(jiaxiang2024, t, id, q))
const monthly = (t: Tally, id: string, q: Omit<ValueQuery, 'month'>) => right(monthlyIn(jiaxiang2024, t, id, q))
const breakdown = (t: Tally, id: string, by: BreakdownBy, q: ValueQuery) => right(breakdownIn(jiaxiang2024, t, id, by, q))
const ids = jiaxiang2024.indicators.map((x) => x.id)

let serial = 0
const ev = (type: string, data: object, day: string, recordedBy = 'commerce', time = '10:00:00'): RecordInput =>
  ({
    id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
    type,
    occurredAt: day.includes('T') ? day : `${day}T${time}+08:00`,
    recordedBy,
    source: { system: 'test', recordId: String(serial) },
    data,
  }) as RecordInput

const vin = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const car = (n: number, fuelType: string, day: string, more: object = {}) =>
  ev('VehicleRegistered', { vin: vin(n), category: 'passenger-car', fuelType, emissionStandard: fuelType === 'bev' || fuelType === 'phev' ? 'none' : 'china-6b', use: 'non-commercial', town: 'zhifang', ...more }, day, 'public-security')
const deregistered = (n: number, day: string) => ev('VehicleDeregistered', { vin: vin(n), reason: 'scrapped' }, day, 'public-security')
const recycler = { name: '嘉祥县报废汽车回收有限公司', licence: 'JX-001' }
const scrapped = (n: number, occurredAt: string) => ev('VehicleScrapped', { vin: vin(n), category: 'passenger-car', fuelType: 'petrol', recycler, town: 'macun' }, occurredAt)
const statistic = (s: string, period: string, value: string, extra: object = {}) =>
  ev('StatisticReported', { statistic: s, period, value, source: '县统计局', method: '年报', ...extra }, `${period}-12-31`, 'development-reform')

const storeWith = async (inputs: ReadonlyArray<RecordInput>): Promise<EventStore> => {
  const store = memoryStore()
  const ledger = createLedger({ plan: jiaxiang2024, store })
  for (const i of inputs) {
    const r = await ledger.record(i)()
    if (E.isLeft(r)) throw new Error(`${i.type}: ${r.left.message}`)
  }
  return store
}
const tallyOf = async (inputs: ReadonlyArray<RecordInput>): Promise<Tally> => {
  const t = await loadTally(await storeWith(inputs))()
  if (E.isLeft(t)) throw new Error(t.left.message)
  return t.right
}
const value = (t: Tally, id: string, year: number) => indicatorValue(t, id, { year }).value

describe('vehicles', () => {
  it('counts NEVs in service (stock) and their compound growth from end-2023', async () => {
    const t = await tallyOf([
      ...[1, 2, 3].map((n) => car(n, 'bev', '2022-05-01')),
      car(4, 'phev', '2023-11-30'),
      car(5, 'petrol', '2023-06-01'),
      car(6, 'hev', '2024-01-10'), // a non-plug-in hybrid is not a new-energy vehicle
      ...[7, 8, 9, 10, 11, 12].map((n) => car(n, 'bev', '2025-03-01')),
      deregistered(1, '2025-06-01'),
      car(13, 'fcev', '2025-12-31'),
    ])
    expect(value(t, 'vehicles.nev-fleet', 2023)).toBe(4)
    expect(value(t, 'vehicles.nev-fleet', 2025)).toBe(10) // 4 + 6 + 1 − 1
    expect(value(t, 'vehicles.nev-fleet-annual-growth', 2025)).toBeCloseTo((Math.sqrt(10 / 4) - 1) * 100, 10)
    expect(indicatorValue(t, 'vehicles.nev-fleet', { year: 2025 }).events).toBe(4 + 6 + 1 + 1)
    expect(breakdown(t, 'vehicles.nev-fleet', 'town', { year: 2025 }).map((b) => [b.code, b.reading.value])).toEqual([['zhifang', 10]])
  })

  it('counts only non-commercial diesel goods vehicles of China III or below toward elimination', async () => {
    const truck = (n: number, emissionStandard: string, use: string, fuelType = 'diesel') =>
      car(n, fuelType, '2019-01-01', { category: 'goods-vehicle', emissionStandard, use })
    const t = await tallyOf([
      truck(1, 'china-3', 'non-commercial'),
      truck(2, 'china-2', 'non-commercial'),
      truck(3, 'china-3', 'commercial'),
      truck(4, 'china-4', 'non-commercial'),
      truck(5, 'china-3', 'non-commercial', 'petrol'),
      deregistered(2, '2025-04-01'),
    ])
    expect(value(t, 'vehicles.diesel-truck-cn3-eliminated', 2023)).toBe(2)
    expect(value(t, 'vehicles.diesel-truck-cn3-eliminated', 2025)).toBe(1)
  })

  it('counts scrapping in the Shanghai year it occurred: 23:30 on 31 December is still 2025', async () => {
    const t = await tallyOf([
      scrapped(1, '2023-03-01'),
      scrapped(2, '2023-09-01'),
      scrapped(3, '2025-01-05'),
      scrapped(4, '2025-12-31T23:30:00+08:00'),
      scrapped(5, '2026-01-01T00:10:00+08:00'),
    ])
    expect(value(t, 'vehicles.scrapped-dismantled', 2023)).toBe(2)
    expect(value(t, 'vehicles.scrapped-dismantled', 2025)).toBe(2)
    expect(value(t, 'vehicles.scrapped-dismantled', 2026)).toBe(1)
    expect(value(t, 'vehicles.scrapped-dismantled', 2024)).toBeNull() // nothing recorded: no data, not 0
    expect(monthly(t, 'vehicles.scrapped-dismantled', { year: 2025 }).map((m) => m.reading.value)).toEqual([1, null, null, null, null, null, null, null, null, null, null, 1])
  })

  it('divides used-car trades by new-car sales, and grows trades against 2023', async () => {
    const trade = (n: number, day: string) => ev('UsedCarTraded', { vin: vin(n), market: { name: '二手车市场' }, price: 100, town: 'jiaxiang' }, day)
    const sale = (n: number, day: string) => ev('NewCarSold', { vin: vin(n), category: 'passenger-car', fuelType: 'bev', dealer: { name: '4S店' }, price: 100, town: 'jiaxiang' }, day)
    const t = await tallyOf([
      trade(1, '2023-02-01'),
      trade(2, '2023-02-01'),
      ...[3, 4, 5, 6].map((n) => trade(n, '2025-05-01')),
      ...[7, 8, 9, 10, 11].map((n) => sale(n, '2025-05-01')),
    ])
    expect(value(t, 'vehicles.used-to-new-ratio', 2025)).toBe(0.8)
    expect(indicatorValue(t, 'vehicles.used-to-new-ratio', { year: 2025 })).toMatchObject({ numerator: 4, denominator: 5 })
    expect(value(t, 'vehicles.used-car-trade-growth', 2025)).toBe(100)
  })

  it('sums used-car exports exactly in 分 and shows 元', async () => {
    const exported = (n: number, value: number) =>
      ev('UsedCarExported', { vin: vin(n), exporter: { name: '嘉祥外贸公司' }, destination: 'KZ', value, town: 'development-zone' }, '2025-08-01')
    const t = await tallyOf([exported(1, 1_000_000_000), exported(2, 1_000_000_001)])
    expect(value(t, 'trade.used-car-exports', 2025)).toBe(20_000_000.01)
  })

  it('leaves official cars exempt for special work out of the NEV share, and counts buses apart', async () => {
    const bought = (n: number, kind: string, fuelType: string, more: object = {}) =>
      ev('PublicVehiclePurchased', { vin: vin(n), purchaser: '县机关事务服务中心', kind, fuelType, town: 'jiaxiang', ...more }, '2025-04-01', 'government-affairs')
    const t = await tallyOf([
      bought(1, 'official-car', 'bev'),
      bought(2, 'official-car', 'bev'),
      bought(3, 'official-car', 'petrol', { specialPurposeExempt: true }),
      bought(4, 'bus', 'bev', { busPurchase: 'new' }),
      bought(5, 'bus', 'bev', { busPurchase: 'replacement' }),
      bought(6, 'bus', 'diesel', { busPurchase: 'replacement' }),
    ])
    expect(value(t, 'vehicles.public-sector-nev-share', 2025)).toBe(100)
    expect(value(t, 'vehicles.bus-nev-share', 2025)).toBeCloseTo(200 / 3, 12)
  })
})

describe('industry and investment', () => {
  const project = (id: string, fen: number, day: string) =>
    ev('TechRenovationProjectRegistered', { projectId: id, name: `项目${id}`, enterprise: { name: '某企业' }, sector: 'machinery', town: 'development-zone', totalInvestment: fen }, day, 'industry-it')
  const completed = (id: string, day: string) => ev('TechRenovationProjectCompleted', { projectId: id }, day, 'industry-it')

  it('counts projects of 5,000,000 元 and more (含) under way in each year', async () => {
    const t = await tallyOf([
      project('P1', 500_000_000, '2024-05-01'), // exactly 5,000,000.00 元: counts
      project('P2', 499_999_999, '2024-05-01'), // one 分 less: does not
      completed('P1', '2025-03-01'),
      project('P3', 800_000_000, '2025-12-31T23:30:00+08:00'),
    ])
    expect(value(t, 'industry.tech-renovation-projects', 2024)).toBe(1)
    expect(value(t, 'industry.tech-renovation-projects', 2025)).toBe(2)
    expect(value(t, 'industry.tech-renovation-projects', 2026)).toBe(1)
  })

  it('moves capacity between levels when a line is reassessed', async () => {
    const assessed = (line: string, capacity: string, energyLevel: string, envGrade: string, day: string) =>
      ev('ProductionCapacityAssessed', { enterpriseId: 'E1', lineId: line, enterprise: { name: '某化工企业' }, sector: 'chemicals', town: 'development-zone', capacity, capacityUnit: '吨/年', energyLevel, envGrade }, day, 'industry-it')
    const t = await tallyOf([
      assessed('L1', '100', 'below-baseline', 'B', '2023-06-01'),
      assessed('L2', '200', 'benchmark', 'A', '2023-06-01'),
      assessed('L3', '100', 'baseline', 'A', '2023-06-01'),
      assessed('L1', '100', 'benchmark', 'A', '2025-06-01'),
    ])
    expect(value(t, 'industry.energy-benchmark-capacity-share', 2023)).toBe(50)
    expect(value(t, 'industry.env-a-grade-capacity-share', 2023)).toBe(75)
    expect(value(t, 'industry.below-energy-baseline-renovated', 2023)).toBe(0)
    expect(value(t, 'industry.energy-benchmark-capacity-share', 2025)).toBe(75)
    expect(value(t, 'industry.env-a-grade-capacity-share', 2025)).toBe(100)
    expect(value(t, 'industry.below-energy-baseline-renovated', 2025)).toBe(100)
  })

  it('reads reported statistics, a revision replacing the value, and grows equipment investment over 2023', async () => {
    const t = await tallyOf([
      statistic('digital-rd-tool-penetration', '2027', '92.5'),
      statistic('key-process-cnc-rate', '2027', '75'),
      statistic('rd-active-enterprise-share', '2025', '50'),
      statistic('mechanisation-rate', '2025', '96.5'),
      statistic('mechanisation-rate', '2025', '96.1'), // revised
      statistic('high-end-equipment-revenue', '2025', '1700000000'),
      statistic('equipment-investment', '2023', '1000', { sector: 'industry' }),
      statistic('equipment-investment', '2023', '200', { sector: 'agriculture' }),
      statistic('equipment-investment', '2027', '1300', { sector: 'industry' }),
      statistic('equipment-investment', '2027', '236', { sector: 'agriculture' }),
    ])
    expect(value(t, 'industry.digital-rd-tool-penetration', 2027)).toBe(92.5)
    expect(value(t, 'industry.key-process-cnc-rate', 2027)).toBe(75)
    expect(value(t, 'industry.rd-active-enterprise-share', 2025)).toBe(50)
    expect(value(t, 'agriculture.mechanisation-rate', 2025)).toBe(96.1)
    expect(value(t, 'industry.high-end-equipment-revenue', 2025)).toBe(1_700_000_000)
    expect(value(t, 'investment.equipment-growth', 2027)).toBe(28)
    expect(breakdown(t, 'investment.equipment-growth', 'sector', { year: 2027 }).map((b) => [b.code, b.reading.value])).toEqual([
      ['industry', 30],
      ['agriculture', 18],
    ])
  })

  it('counts certified subjects once, at their highest level, from the level each indicator names', async () => {
    const award = (kind: string, subjectId: string, level: string, day: string) =>
      ev('CertificationAwarded', { kind, subjectId, subject: subjectId, level, town: 'development-zone' }, day, 'industry-it')
    const t = await tallyOf([
      award('green-factory', 'A', 'municipal', '2024-03-01'),
      award('green-factory', 'B', 'county', '2024-03-01'),
      award('green-factory', 'C', 'national', '2024-03-01'),
      award('green-factory', 'B', 'provincial', '2025-03-01'),
      ev('CertificationRevoked', { kind: 'green-factory', subjectId: 'C', reason: '复核不合格' }, '2025-06-01', 'industry-it'),
      award('pilot-base', 'P', 'municipal', '2025-02-01'),
      award('smart-agri-base', 'S1', 'municipal', '2025-02-01'),
      award('smart-agri-base', 'S2', 'provincial', '2025-02-01'),
      award('smart-factory', 'F', 'county', '2025-02-01'),
      award('digital-workshop', 'W', 'municipal', '2025-02-01'),
      award('smart-scenario', 'X', 'provincial', '2025-02-01'),
    ])
    expect(value(t, 'industry.green-factories', 2024)).toBe(2)
    expect(value(t, 'industry.green-factories', 2025)).toBe(2)
    expect(value(t, 'industry.pilot-bases', 2025)).toBe(1)
    expect(value(t, 'industry.pilot-bases', 2024)).toBeNull()
    expect(value(t, 'agriculture.smart-agri-bases', 2025)).toBe(1)
    expect(value(t, 'digital.smart-manufacturing-sites', 2025)).toBe(3)
  })
})

describe('infrastructure, facilities and agriculture', () => {
  const pile = (id: string, pub: boolean, town: string, day: string) =>
    ev('ChargingPileCommissioned', { pileId: id, stationId: `S-${town}`, operator: '国网', public: pub, fast: true, powerKw: '120', town }, day, 'energy')

  it('counts public piles in service, their growth, and the towns they cover', async () => {
    const t = await tallyOf([
      ...['a', 'b', 'c', 'd'].map((id) => pile(id, true, 'zhifang', '2023-05-01')),
      pile('p', false, 'zhifang', '2023-05-01'),
      ...['e', 'f', 'g', 'h'].map((id) => pile(id, true, 'macun', '2025-05-01')),
      pile('i', true, 'jiaxiang', '2025-05-01'), // a subdistrict: not a 乡镇
      ev('ChargingPileDecommissioned', { pileId: 'a', reason: '损坏' }, '2025-07-01', 'energy'),
    ])
    expect(value(t, 'charging.public-piles', 2023)).toBe(4)
    expect(value(t, 'charging.public-piles', 2025)).toBe(8)
    expect(value(t, 'charging.public-piles-annual-growth', 2025)).toBeCloseTo((Math.SQRT2 - 1) * 100, 10)
    expect(value(t, 'charging.township-coverage', 2023)).toBeCloseTo(100 / 13, 12)
    expect(value(t, 'charging.township-coverage', 2025)).toBeCloseTo(200 / 13, 12)
  })

  it('counts new residential parking built with charging or ready for it', async () => {
    const built = (id: string, spaces: number, withCharging: number, readyForCharging: number) =>
      ev('ResidentialParkingBuilt', { compoundId: id, compound: id, town: 'jiaxiang', spaces, withCharging, readyForCharging }, '2025-09-01', 'housing-construction')
    const t = await tallyOf([built('C1', 100, 60, 40), built('C2', 50, 10, 10)])
    expect(value(t, 'charging.new-residential-parking-ready', 2025)).toBe(80)
  })

  it('counts 5G stations, computing power in petaflops, and the smart-tourism milestone', async () => {
    const t = await tallyOf([
      ...['1', '2', '3'].map((id) => ev('BaseStation5GOpened', { stationId: id, operator: 'china-mobile', town: 'jiaxiang' }, '2024-06-01', 'big-data-centre')),
      ev('ComputingPowerCommissioned', { facilityId: 'PBS', recordId: 'R1', petaflops: '1200.5', town: 'development-zone' }, '2024-10-01', 'big-data-centre'),
      ev('ComputingPowerCommissioned', { facilityId: 'PBS', recordId: 'R2', petaflops: '800', town: 'development-zone' }, '2025-10-01', 'big-data-centre'),
      ev('MilestoneReached', { milestone: 'smart-tourism-platform', evidence: '平台上线运营通知' }, '2025-09-01', 'culture-tourism'),
    ])
    expect(value(t, 'digital.5g-base-stations', 2025)).toBe(3)
    expect(value(t, 'digital.computing-power', 2024)).toBe(1200.5)
    expect(value(t, 'digital.computing-power', 2025)).toBe(2000.5)
    expect(value(t, 'culture.smart-tourism-platform', 2024)).toBe(0)
    expect(value(t, 'culture.smart-tourism-platform', 2025)).toBe(1)
  })

  it('counts facilities upgraded among those in scope, with the scenic scope widening after 2025', async () => {
    const facility = (facilityId: string, kind: string, more: object = {}) =>
      ev('FacilityRegistered', { facilityId, kind, name: facilityId, town: 'zhifang', ...more }, '2023-01-10', 'housing-construction')
    const upgraded = (facilityId: string, day: string, more: object = {}) => ev('FacilityUpgraded', { facilityId, ...more }, day, 'housing-construction')
    const t = await tallyOf([
      ...['W1', 'W2', 'W3', 'W4'].map((id) => facility(id, 'urban-sewage-plant')),
      ...['W1', 'W2', 'W3'].map((id) => upgraded(id, '2025-05-01')),
      facility('V1', 'vocational-school', { itemsInScope: 100 }),
      upgraded('V1', '2024-05-01', { items: 30 }),
      upgraded('V1', '2025-05-01', { items: 30 }),
      facility('S3', 'scenic-site-3a', { renewalNeeded: true }),
      facility('S4', 'scenic-site-4a', { renewalNeeded: true }),
      facility('S4n', 'scenic-site-4a', { renewalNeeded: false }),
      facility('S5', 'scenic-site-5a', { renewalNeeded: true }),
      facility('T1', 'performance-venue', { renewalNeeded: true }),
      upgraded('S3', '2025-03-01'),
      upgraded('S4', '2025-03-01'),
      upgraded('S5', '2026-03-01'),
      facility('C1', 'village-clinic'),
      facility('C2', 'village-clinic'),
      upgraded('C1', '2024-11-01'),
      upgraded('C2', '2025-11-01'),
    ])
    expect(value(t, 'urban.sewage-plant-upgrade-rate', 2025)).toBe(75)
    expect(value(t, 'education.vocational-old-equipment-renewed', 2024)).toBe(30)
    expect(value(t, 'education.vocational-old-equipment-renewed', 2025)).toBe(60)
    expect(value(t, 'culture.scenic-equipment-renewed', 2025)).toBe(50) // 4A and above: S4 of S4, S5
    expect(value(t, 'culture.scenic-equipment-renewed', 2027)).toBe(75) // 3A+ and venues: S3, S4, S5 of S3, S4, S5, T1
    expect(value(t, 'health.village-clinics-upgraded', 2024)).toBe(1)
    expect(value(t, 'health.village-clinics-upgraded', 2025)).toBe(2)
  })

  it('counts BeiDou machines subsidised from 2024 on, and promotion events held each year', async () => {
    const machines = (id: string, quantity: number, beidou: boolean, day: string) =>
      ev('FarmMachinesSubsidised', { recordId: id, machineType: '拖拉机', town: 'maji', quantity, beidou, subsidy: 100 }, day, 'agriculture-rural')
    const held = (id: string, kind: string, rural: boolean) =>
      ev('PromotionEventHeld', { eventId: id, kind, name: id, town: rural ? 'huanggai' : 'jiaxiang', rural }, '2025-04-01')
    const t = await tallyOf([
      machines('M0', 10, true, '2023-05-01'),
      machines('M1', 100, true, '2024-05-01'),
      machines('M2', 60, true, '2025-05-01'),
      machines('M3', 50, false, '2025-05-01'),
      ...Array.from({ length: 13 }, (_, i) => held(`N${i}`, 'nev-exhibition', i < 8)),
      held('A1', 'appliance-promotion', false),
    ])
    expect(value(t, 'agriculture.beidou-machines-subsidised', 2025)).toBe(160)
    expect(value(t, 'trade-in.nev-exhibitions', 2025)).toBe(13)
    expect(value(t, 'trade-in.nev-rural-exhibitions', 2025)).toBe(8)
    expect(value(t, 'trade-in.appliance-promotions', 2025)).toBe(1)
  })

  it('grows appliances collected against 2023', async () => {
    const collected = (id: string, quantity: number, day: string) =>
      ev('AppliancesCollected', { recordId: id, collector: { name: '再生资源回收站' }, town: 'tuanli', quantity, category: 'refrigerator' }, day)
    const t = await tallyOf([collected('A', 100, '2023-02-01'), collected('B', 100, '2023-08-01'), collected('C', 230, '2025-03-01')])
    expect(value(t, 'appliances.recycled-growth', 2025)).toBe(15)
  })
})

describe('every indicator', () => {
  it('has a reading, and reads no data from an empty ledger', async () => {
    const t = emptyTally()
    expect(ids).toHaveLength(39)
    for (const id of ids) {
      const v = value(t, id, 2025)
      expect(v === null || (id === 'culture.smart-tourism-platform' && v === 0), id).toBe(true)
    }
  })
})

describe('folding the log', () => {
  const history = [
    ...[1, 2, 3, 4].map((n) => car(n, 'bev', '2023-04-01')),
    scrapped(20, '2023-05-01'),
    statistic('mechanisation-rate', '2025', '96.5'),
    ...[5, 6, 7].map((n) => car(n, 'phev', '2025-02-01')),
    deregistered(2, '2025-03-01'),
    scrapped(21, '2025-12-31T23:30:00+08:00'),
    statistic('mechanisation-rate', '2025', '97'),
    car(8, 'bev', '2024-07-01'), // a late report
  ]
  const everyValue = (t: Tally) => ids.flatMap((id) => [2023, 2024, 2025].map((y) => indicatorValue(t, id, { year: y })))

  it('gives the same values in any chunking, incrementally or from scratch, and from events alone (property)', async () => {
    const store = await storeWith(history)
    const whole = await loadTally(store)()
    if (E.isLeft(whole)) throw new Error(whole.left.message)
    const reference = everyValue(whole.right)

    const log = await store.readAll({ after: 0, limit: 1000 })()
    if (E.isLeft(log)) throw new Error(log.left.message)
    const rebuilt = emptyTally()
    const derived = rebuildDeltas(log.right as Entry[])
    if (E.isLeft(derived)) throw new Error(derived.left.message)
    for (const d of derived.right) addDeltas(rebuilt, d)
    expect(everyValue(rebuilt)).toEqual(reference)

    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }), async (pages) => {
        const t = emptyTally()
        for (const size of pages) {
          const folded = await loadTally(store, { position: t.position + size }, t, size)()
          expect(E.isRight(folded)).toBe(true)
        }
        const rest = await loadTally(store, {}, t, 3)()
        if (E.isLeft(rest)) throw new Error(rest.left.message)
        expect(everyValue(rest.right)).toEqual(reference)
      }),
      { numRuns: 40 },
    )
  })
})
