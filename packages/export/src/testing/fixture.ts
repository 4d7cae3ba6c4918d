import * as E from 'fp-ts/lib/Either.js'
import { createLedger, loadTally, memoryStore, report, reportYears, type Plan, type RecordInput, type Report, type Tally } from '@policy-ledger/core'
import { jiaxiang2024 as plan } from '@policy-ledger/plan-jiaxiang-2024'

export { plan }

/*
 * A small county for the export tests: a few hundred events across
 * 2023–2025 that give indicators of every unit kind (count, percent,
 * growth, ratio, 元, PFLOPS, milestone), several towns, and every status
 * from met to no data. Not part of the build (tsconfig excludes testing/).
 */

let serial = 0
const ev = (type: string, data: object, day: string, recordedBy: string): RecordInput =>
  ({
    id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
    type,
    occurredAt: `${day}T10:00:00+08:00`,
    recordedBy,
    source: { system: 'export-test', recordId: String(serial) },
    data,
  }) as RecordInput

const vin = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const towns = ['zhifang', 'macun', 'jiaxiang', 'huanggai'] as const
const townOf = (n: number): string => towns[n % towns.length] as string

const nev = (n: number, day: string) =>
  ev('VehicleRegistered', { vin: vin(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: townOf(n) }, day, 'public-security')
const pile = (n: number, day: string) =>
  ev('ChargingPileCommissioned', { pileId: `P${n}`, stationId: `S${n % 5}`, operator: '国网', public: true, fast: true, powerKw: '120', town: townOf(n) }, day, 'energy')
const statistic = (statistic: string, period: string, value: string) =>
  ev('StatisticReported', { statistic, period, value, source: '县统计局', method: '年报' }, `${period}-12-31`, 'development-reform')
const exported = (n: number, fen: number, day: string) =>
  ev('UsedCarExported', { vin: vin(90_000 + n), exporter: { name: '嘉祥外贸公司' }, destination: 'KZ', value: fen, town: 'development-zone' }, day, 'commerce')
const trade = (n: number, day: string) =>
  ev('UsedCarTraded', { vin: vin(50_000 + n), market: { name: '二手车市场' }, price: 100, town: townOf(n) }, day, 'commerce')
const sale = (n: number, day: string) =>
  ev('NewCarSold', { vin: vin(60_000 + n), category: 'passenger-car', fuelType: 'bev', dealer: { name: '4S店' }, price: 100, town: townOf(n) }, day, 'commerce')
const exhibition = (n: number, day: string) =>
  ev('PromotionEventHeld', { eventId: `N${n}`, kind: 'nev-exhibition', name: `车展${n}`, town: townOf(n), rural: n % 2 === 0 }, day, 'commerce')

const range = (from: number, to: number): ReadonlyArray<number> => Array.from({ length: to - from }, (_, i) => from + i)

export const sampleInputs = (): ReadonlyArray<RecordInput> => [
  ...range(0, 120).map((n) => nev(n, '2023-06-01')),
  ...range(120, 200).map((n) => nev(n, '2024-06-01')),
  ...range(200, 260).map((n) => nev(n, '2025-03-01')),
  ...range(0, 20).map((n) => pile(n, '2023-05-01')),
  ...range(20, 30).map((n) => pile(n, '2024-05-01')),
  ...range(30, 45).map((n) => pile(n, '2025-05-01')),
  ...range(0, 12).map((n) => trade(n, '2023-04-01')),
  ...range(12, 30).map((n) => trade(n, '2025-04-01')),
  ...range(0, 20).map((n) => sale(n, '2025-04-01')),
  ...range(0, 14).map((n) => exhibition(n, '2025-05-01')),
  ...range(14, 20).map((n) => exhibition(n, '2024-05-01')),
  exported(1, 1_200_000_000, '2024-08-01'),
  exported(2, 2_500_000_000, '2025-05-01'),
  statistic('mechanisation-rate', '2023', '93.2'),
  statistic('mechanisation-rate', '2024', '94.6'),
  statistic('mechanisation-rate', '2025', '96.5'),
  statistic('digital-rd-tool-penetration', '2024', '80.5'),
  statistic('digital-rd-tool-penetration', '2025', '86'),
  statistic('high-end-equipment-revenue', '2024', '1200000000'),
  statistic('high-end-equipment-revenue', '2025', '1750000000'),
  ev('BaseStation5GOpened', { stationId: 'G1', operator: 'china-mobile', town: 'jiaxiang' }, '2024-06-01', 'big-data-centre'),
  ev('ComputingPowerCommissioned', { facilityId: 'PBS', recordId: 'R1', petaflops: '1200.5', town: 'development-zone' }, '2024-10-01', 'big-data-centre'),
  ev('MilestoneReached', { milestone: 'smart-tourism-platform', evidence: '平台上线运营通知' }, '2025-09-01', 'culture-tourism'),
]

/** The sample county folded into a tally, as of everything recorded. */
export const sampleTally = async (inputs: ReadonlyArray<RecordInput> = sampleInputs()): Promise<Tally> => {
  const store = memoryStore()
  const recorded = await createLedger({ plan, store }).recordBatch(inputs)()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
  const tally = await loadTally(store)()
  if (E.isLeft(tally)) throw new Error(tally.left.message)
  return tally.right
}

export interface SampleReports {
  readonly plan: Plan
  readonly tally: Tally
  readonly report: Report
  readonly history: ReadonlyArray<Report>
}

/** The sample county as of 30 June 2025: a report in which every status occurs, and the history of every plan year cut at that day. */
export const sampleReports = async (inputs?: ReadonlyArray<RecordInput>, occurredBy = '2025-06-30'): Promise<SampleReports> => {
  const tally = await sampleTally(inputs)
  const asOf = { occurredBy }
  const [r, history] = [report(plan, tally, { year: 2025, ...asOf }), reportYears(plan, tally, asOf)]
  if (E.isLeft(r) || E.isLeft(history)) throw new Error('the sample reports are read on a valid day')
  return { plan, tally, report: r.right, history: history.right }
}

/**
 * The sample county with the statistics behind two indicators (a share in
 * per cent, revenue in 亿元) reported as `value` in every year from 2023 to
 * 2025, and 2025's exports at `exportFen`: the values a chart's labels must
 * survive (equal to the target, zero, huge), read at the end of 2025.
 */
export const statisticReports = (values: { readonly mechanisation: string; readonly revenue: string; readonly exportFen: number }): Promise<SampleReports> => {
  const replaced = new Set(['mechanisation-rate', 'high-end-equipment-revenue'])
  const kept = sampleInputs().filter((e) => !(e.type === 'StatisticReported' && replaced.has((e.data as { statistic: string }).statistic)) && e.type !== 'UsedCarExported')
  const years = ['2023', '2024', '2025']
  return sampleReports(
    [
      ...kept,
      ...years.flatMap((y) => [statistic('mechanisation-rate', y, values.mechanisation), statistic('high-end-equipment-revenue', y, values.revenue)]),
      exported(1, values.exportFen, '2024-08-01'),
      exported(2, values.exportFen, '2025-05-01'),
    ],
    '2025-12-31',
  )
}
