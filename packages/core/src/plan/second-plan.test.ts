import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { verifyStore } from '../audit/verify.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { breakdown, loadTally } from '../projections/query.js'
import { report, reportYears, type Report } from '../projections/report.js'
import type { Tally } from '../projections/tally.js'
import type { Plan } from './define.js'
import { loadPlan } from './load.js'

/*
 * Plans other than Jiaxiang's: 某市's (fixtures/moushi-2024.json: 41 towns,
 * its own units, a 2022 baseline and a 2030 horizon) and the example of
 * docs/plans.md, each loaded, checked, recorded under in its own codes,
 * verified and reported over a ledger.
 */

const planFrom = (url: URL): Plan => {
  const loaded = loadPlan(readFileSync(url, 'utf8'))
  if (E.isLeft(loaded)) throw new Error(loaded.left.message)
  return loaded.right
}
const moushi = planFrom(new URL('./fixtures/moushi-2024.json', import.meta.url))
const example = planFrom(new URL('../../../../docs/plans/example-plan.json', import.meta.url))

let serial = 0
const input = (type: string, occurredAt: string, recordedBy: string, data: object): RecordInput =>
  ({ id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`, type, occurredAt, recordedBy, source: { system: 'test', recordId: String(serial) }, data }) as RecordInput
const nev = (day: string, town: string, unit = 'city-public-security') =>
  input('VehicleRegistered', `${day}T10:00:00+08:00`, unit, {
    vin: `LSVAM4187C${String(serial + 1).padStart(7, '0')}`,
    category: 'passenger-car',
    fuelType: 'bev',
    emissionStandard: 'none',
    use: 'non-commercial',
    town,
  })
const trade = (day: string) =>
  input('UsedCarTraded', `${day}T10:00:00+08:00`, 'city-commerce', { vin: `LSVAM4187C${String(serial + 1).padStart(7, '0')}`, market: { name: '二手车市场' }, price: 5_000_000, town: 'ms-02' })
const mechanisation = (period: string, value: string) =>
  input('StatisticReported', `${period}-12-31T12:00:00+08:00`, 'city-agriculture', { statistic: 'mechanisation-rate', period, value, source: '市统计局', method: '年报' })
const pile = (day: string, town: string, unit = 'city-energy') =>
  input('ChargingPileCommissioned', `${day}T10:00:00+08:00`, unit, { pileId: `P${serial + 1}`, stationId: 'S1', operator: '国网', public: true, fast: true, powerKw: '60', town })

/** A ledger under `plan` holding `inputs`, verified, and its tally. */
const tallyOf = async (plan: Plan, inputs: ReadonlyArray<RecordInput>): Promise<Tally> => {
  const store = memoryStore()
  const r = await createLedger({ plan, store }).recordBatch(inputs)()
  if (E.isLeft(r)) throw new Error(r.left.message)
  const verified = await verifyStore(store)()
  expect(E.isRight(verified) && verified.right.ok).toBe(true)
  const t = await loadTally(store)()
  if (E.isLeft(t)) throw new Error(t.left.message)
  return t.right
}
const right = <A>(r: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const statusesOf = (r: Report, id: string) => r.indicators.find((x) => x.id === id)?.targets.map((t) => [t.year, t.comparedYear, t.status])

describe('某市’s plan: 41 towns, its own units, 2022 to 2030', () => {
  it('loads, with its towns, its units and the towns’ own', () => {
    expect(moushi.towns).toHaveLength(41)
    expect(moushi.townByCode.get('ms-40')?.kind).toBe('township')
    expect(moushi.unitByCode.get('city-commerce')?.zh).toBe('市商务局')
    expect(moushi.unitByCode.get('town-ms-07')?.zh).toBe('第七镇')
    expect(moushi.years).toEqual({ baseline: 2022, start: 2024, horizon: 2030 })
  })

  it('reports from its baseline to its horizon, judging the targets of 2028 and 2030 against its own baseline year', async () => {
    const rural = moushi.towns.filter((x) => x.kind === 'town' || x.kind === 'township')
    const tally = await tallyOf(moushi, [
      ...['2022-03-01', '2022-04-01', '2022-05-01'].map((d) => nev(d, 'ms-07')),
      ...['2026-03-01', '2028-06-01'].map((d) => nev(d, 'ms-40', 'town-ms-40')),
      // a public pile in every town and township but the last by 2030, and the last in 2031
      ...rural.slice(0, -1).map((x, i) => pile(`2029-0${1 + (i % 9)}-01`, x.code)),
      pile('2031-01-01', rural[rural.length - 1]?.code ?? ''),
      trade('2022-02-01'),
      trade('2022-09-01'),
      ...['2028-01-05', '2028-02-05', '2028-03-05', '2028-04-05'].map(trade),
      mechanisation('2028', '91.5'),
    ])
    // the latest year anything occurred in, within the plan's years
    // (piles stand in 2029 and 2031: the latest year within the plan's is its horizon)
    expect(right(report(moushi, tally)).year).toBe(2030)
    const latest = right(report(moushi, tally, { year: 2028 }))
    expect(latest.plan).toEqual({ id: '某政发〔2024〕12号', title: moushi.title.zh })
    // 5 NEVs by the end of 2028 meets 达到5辆; 2030's 8 is judged on 2028's 5: 3 → 5 in the six years from 2022 is 8.9% a year,
    // against the 13.0% a year 3 → 8 in eight needs: 0.68 of the pace, at risk
    expect(statusesOf(latest, 'vehicles.nev-fleet')).toEqual([
      [2028, 2028, 'met'],
      [2030, 2028, 'at-risk'],
    ])
    // 4 trades in 2028 against 2 in 2022 is 较2022年增长一倍, exactly
    expect(latest.indicators.find((x) => x.id === 'vehicles.used-car-trades')?.targets[0]).toMatchObject({ compared: 100, status: 'met', baselineYear: 2022 })
    expect(statusesOf(latest, 'agriculture.mechanisation-rate')).toEqual([[2028, 2028, 'met']])

    const horizon = right(report(moushi, tally, { year: 2030 }))
    // (5 ÷ 3)^(1/8) − 1 is 6.6% a year, short of 10%
    const growth = horizon.indicators.find((x) => x.id === 'vehicles.nev-fleet-annual-growth')
    expect(growth?.value).toBeCloseTo(((5 / 3) ** (1 / 8) - 1) * 100, 10)
    expect(statusesOf(horizon, 'vehicles.nev-fleet-annual-growth')).toEqual([[2030, 2030, 'behind']])
    expect(statusesOf(horizon, 'vehicles.nev-fleet')).toEqual([
      [2028, 2028, 'met'],
      [2030, 2030, 'behind'],
    ])
    // 33 of its 34 towns and townships have a public pile by 2030: short of 全覆盖
    expect(horizon.indicators.find((x) => x.id === 'charging.town-coverage')).toMatchObject({ numerator: 33, denominator: 34 })
    expect(statusesOf(horizon, 'charging.town-coverage')).toEqual([[2030, 2030, 'behind']])
    // its towns' own units record in their towns, and a breakdown names them as the plan does
    expect(right(breakdown(moushi, tally, 'vehicles.nev-fleet', 'town', { year: 2030 })).map((b) => [b.code, b.zh, b.reading.value])).toEqual([
      ['ms-07', '第七镇', 3],
      ['ms-40', moushi.townByCode.get('ms-40')?.zh, 2],
    ])

    expect(right(reportYears(moushi, tally)).map((r) => r.year)).toEqual([2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030])
  })
})

describe('the example plan of docs/plans.md', () => {
  it('reports over a ledger: its stock, its growth and its coverage of its own towns', async () => {
    const tally = await tallyOf(example, [
      nev('2023-05-01', 'macun', 'public-security'),
      nev('2023-06-01', 'jiaxiang', 'public-security'),
      nev('2025-05-01', 'macun', 'public-security'),
      pile('2024-04-01', 'macun', 'energy'),
      pile('2025-04-01', 'zhifang', 'energy'),
    ])
    const r = right(report(example, tally, { year: 2026 }))
    expect(r.plan.id).toBe('示政发〔2024〕1号')
    expect(statusesOf(r, 'vehicles.nev-fleet')).toEqual([[2026, 2026, 'met']])
    // 2 → 3 over three years: 14.5% a year, short of 20%
    expect(r.indicators.find((x) => x.id === 'vehicles.nev-fleet-growth')?.value).toBeCloseTo((1.5 ** (1 / 3) - 1) * 100, 10)
    // its town (东镇, macun) and township (西乡, zhifang) both have a pile; its subdistrict is not counted
    expect(r.indicators.find((x) => x.id === 'charging.town-coverage')).toMatchObject({ value: 100, numerator: 2, denominator: 2 })
    expect(right(breakdown(example, tally, 'vehicles.nev-fleet', 'town', { year: 2026 })).map((b) => [b.zh, b.reading.value])).toEqual([
      ['城关街道', 1],
      ['东镇', 2],
    ])
  })
})

describe('recording under a plan', () => {
  it('refuses the codes of another plan, naming this one', async () => {
    const ledger = createLedger({ plan: moushi, store: memoryStore() })
    const refused = await ledger.record(nev('2025-01-01', 'zhifang', 'public-security'))()
    expect(E.isLeft(refused) && refused.left.code).toBe('VALIDATION_FAILED')
    expect(E.isLeft(refused) && refused.left.message).toContain("'public-security' 不是 某政发〔2024〕12号 的单位；是否指 'city-public-security'？")
    expect(E.isLeft(refused) && refused.left.message).toContain("'zhifang' is not a town of 某政发〔2024〕12号")
  })
})
