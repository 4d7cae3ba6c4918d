import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { loadTally } from './query.js'
import { report, type Report, type ReportOptions } from './report.js'
import type { Tally } from './tally.js'
import { emptyTally } from './tally.js'

const nev = (n: number, occurredAt: string): RecordInput => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'VehicleRegistered',
  occurredAt,
  recordedBy: 'public-security',
  source: { system: 'registry', recordId: String(n) },
  data: { vin: `LSVAM4187C${String(n).padStart(7, '0')}`, category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
})

const fleetOf = async (before2024: number, in2025: number) => {
  const store = memoryStore()
  const ledger = createLedger({ plan: jiaxiang2024, store })
  const inputs = [
    ...Array.from({ length: before2024 }, (_, i) => nev(i + 1, '2023-06-01T10:00:00+08:00')),
    ...Array.from({ length: in2025 }, (_, i) => nev(before2024 + i + 1, '2025-06-01T10:00:00+08:00')),
  ]
  for (let i = 0; i < inputs.length; i += 2000) {
    const r = await ledger.recordBatch(inputs.slice(i, i + 2000))()
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  const tally = await loadTally(store)()
  if (E.isLeft(tally)) throw new Error(tally.left.message)
  return tally.right
}

const range = (from: number, to: number): ReadonlyArray<number> => Array.from({ length: to - from }, (_, i) => from + i)
let serial = 10_000
const input = (type: string, occurredAt: string, recordedBy: string, data: object): RecordInput =>
  ({ id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`, type, occurredAt, recordedBy, source: { system: 'test', recordId: String(serial) }, data }) as RecordInput
const pile = (n: number, day: string) =>
  input('ChargingPileCommissioned', `${day}T10:00:00+08:00`, 'energy', { pileId: `P${n}`, stationId: `S${n % 7}`, operator: '国网', public: true, fast: true, powerKw: '120', town: 'macun' })
const statistic = (name: string, period: string, value: string) =>
  input('StatisticReported', `${period}-12-31T12:00:00+08:00`, 'development-reform', { statistic: name, period, value, source: '县统计局', method: '年报' })
const exported = (n: number, fen: number, day: string) =>
  input('UsedCarExported', `${day}T10:00:00+08:00`, 'commerce', { vin: `LSVAM4187C${String(n).padStart(7, '0')}`, exporter: { name: '嘉祥外贸公司' }, destination: 'KZ', value: fen, town: 'development-zone' })
const tallyOf = async (inputs: ReadonlyArray<RecordInput>) => {
  const store = memoryStore()
  const r = await createLedger({ plan: jiaxiang2024, store }).recordBatch(inputs)()
  if (E.isLeft(r)) throw new Error(r.left.message)
  const tally = await loadTally(store)()
  if (E.isLeft(tally)) throw new Error(tally.left.message)
  return tally.right
}

/** Jiaxiang's report of a tally, which these options never make fail. */
const reportOf = (tally: Tally, options: ReportOptions): Report => {
  const r = report(jiaxiang2024, tally, options)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const nevFleet = (r: Report) => r.indicators.find((i) => i.id === 'vehicles.nev-fleet')

describe('the progress report', () => {
  it('judges 1.6万辆左右 with the ±5% band: 15,200 meets, 15,199 does not', async () => {
    const tally = await fleetOf(10_000, 5_199)
    const short = nevFleet(reportOf(tally, { year: 2025 }))
    expect(short?.value).toBe(15_199)
    expect(short?.targets.find((t) => t.year === 2025)).toMatchObject({ word: '左右', comparator: 'about', value: 16_000, status: 'behind' })
    const ledgerPlusOne = await fleetOf(10_000, 5_200)
    const enough = nevFleet(reportOf(ledgerPlusOne, { year: 2025 }))
    expect(enough?.targets.find((t) => t.year === 2025)?.status).toBe('met')
    // a wider band, if the county sets one, changes the verdict
    expect(nevFleet(reportOf(tally, { year: 2025, tolerance: 0.06 }))?.targets.find((t) => t.year === 2025)?.status).toBe('met')
  }, 60_000)

  it('states the period, the events behind each value, and both instants', async () => {
    const tally = await fleetOf(3, 2)
    const r = reportOf(tally, { year: 2025, occurredBy: '2025-03-31' })
    expect(r.occurredBy).toBe('2025-03-31')
    expect(r.knownAt.position).toBe(5)
    const fleet = nevFleet(r)
    // registrations of June 2025 had not occurred by 31 March
    expect(fleet).toMatchObject({ value: 3, events: 3, period: { label: '2025', from: '2025-01-01', to: '2025-03-31' } })
    expect(r.indicators.map((i) => i.id)).toEqual(jiaxiang2024.indicators.map((i) => i.id))
    // a target due in 2027 is judged on progress so far, not as met or behind
    expect(['on-track', 'at-risk', 'behind']).toContain(fleet?.targets.find((t) => t.year === 2027)?.status)
  })

  it('says "no data" for every indicator of an empty ledger, never 0', () => {
    const r = reportOf(emptyTally(), { year: 2025 })
    for (const i of r.indicators) {
      if (i.id === 'culture.smart-tourism-platform') continue
      expect(i.value, i.id).toBeNull()
      expect(i.targets.every((t) => t.status === 'no-data'), i.id).toBe(true)
    }
    expect(r.knownAt).toEqual({ position: 0, recordedAt: null })
  })

  it('judges a reported rate due in a later year on its progress, not as a count of another year', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const reported = (period: string, value: string, n: number): RecordInput => ({
      id: `00000000-0000-4000-8000-${String(900 + n).padStart(12, '0')}`,
      type: 'StatisticReported',
      occurredAt: `${period}-12-31T12:00:00+08:00`,
      recordedBy: 'industry-it',
      source: { system: 'stats', recordId: String(n) },
      data: { statistic: 'digital-rd-tool-penetration', period, value, source: '县统计局', method: '年报' },
    })
    const r = await ledger.recordBatch([reported('2023', '80', 1), reported('2025', '88.9', 2)])()
    if (E.isLeft(r)) throw new Error(r.left.message)
    const tally = await loadTally(store)()
    if (E.isLeft(tally)) throw new Error(tally.left.message)
    const penetration = reportOf(tally.right, { year: 2025 }).indicators.find((i) => i.id === 'industry.digital-rd-tool-penetration')
    expect(penetration?.value).toBe(88.9)
    // 80 → 88.9 in two of four years toward 超过92%: well ahead of the pace needed
    expect(penetration?.targets[0]).toMatchObject({ year: 2027, comparator: 'gt', compared: 88.9, status: 'on-track' })
  })

  it('meets 年均增长40%以上 with public piles from 500 at the end of 2023 to 980 at the end of 2025: √1.96 − 1 is 40% exactly', async () => {
    const tally = await tallyOf([...range(0, 500).map((n) => pile(n, '2023-05-01')), ...range(500, 980).map((n) => pile(n, '2025-05-01'))])
    const growth = reportOf(tally, { year: 2025 }).indicators.find((i) => i.id === 'charging.public-piles-annual-growth')
    expect(growth).toMatchObject({ value: 40, exact: { numerator: '40', denominator: '1' }, numerator: 980, denominator: 500 })
    expect(growth?.targets.find((t) => t.year === 2025)).toMatchObject({ comparator: 'gte', value: 40, compared: 40, comparedYear: 2025, comparedExact: { numerator: '40', denominator: '1' }, status: 'met' })
    // one pile fewer is short of it, however little
    const short = await tallyOf([...range(0, 500).map((n) => pile(n, '2023-05-01')), ...range(500, 979).map((n) => pile(n, '2025-05-01'))])
    const less = reportOf(short, { year: 2025 }).indicators.find((i) => i.id === 'charging.public-piles-annual-growth')
    expect(less?.exact).toEqual({ numerator: '979', denominator: '500', years: 2 })
    expect(less?.targets.find((t) => t.year === 2025)?.status).toBe('behind')
  })

  it('states beside each status the year and the value it was judged on, and has no data only where that year has none', async () => {
    const tally = await tallyOf([
      statistic('high-end-equipment-revenue', '2025', '1690000000'),
      statistic('high-end-equipment-revenue', '2027', '2460000000'),
      exported(1, 1_500_000_000, '2023-08-01'),
      exported(2, 2_100_000_000, '2025-08-01'),
    ])
    // the 2027 report: the 2025 target rests on 2025's 16.9亿元, the 2027 one on 2027's 24.6亿元
    const revenue = reportOf(tally, { year: 2027 }).indicators.find((i) => i.id === 'industry.high-end-equipment-revenue')
    expect(revenue?.value).toBe(2_460_000_000)
    expect(revenue?.targets.map((t) => [t.year, t.comparedYear, t.compared, t.comparedExact, t.status])).toEqual([
      [2025, 2025, 1_690_000_000, { numerator: '1690000000', denominator: '1' }, 'behind'],
      [2027, 2027, 2_460_000_000, { numerator: '2460000000', denominator: '1' }, 'behind'],
    ])
    // the 2025 report: a target due in 2027 is judged on 2025's exports, not "no data": 15,000,000 元 in 2023 to 21,000,000
    // is 18.3% a year, against the 35.1% a year that 50,000,000 by 2027 needs: 0.52 of the pace, at risk
    const exports = reportOf(tally, { year: 2025 }).indicators.find((i) => i.id === 'trade.used-car-exports')
    expect(exports?.targets.map((t) => [t.year, t.comparedYear, t.compared, t.status])).toEqual([
      [2025, 2025, 21_000_000, 'met'],
      [2027, 2025, 21_000_000, 'at-risk'],
    ])
    // where the year has no data, none: nothing was exported in 2024
    expect(reportOf(tally, { year: 2024 }).indicators.find((i) => i.id === 'trade.used-car-exports')?.targets.map((t) => [t.comparedYear, t.compared, t.status])).toEqual([
      [2024, null, 'no-data'],
      [2024, null, 'no-data'],
    ])
  })

  it('refuses an occurred-by day that is not a date', () => {
    const refused = report(jiaxiang2024, emptyTally(), { occurredBy: '2025-02-30' })
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'occurredBy' }] })
  })
})
