import { parse } from 'csv-parse/sync'
import { createLedger, loadTally, memoryStore, reportYears, type Report, type Tally } from '@policy-ledger/core'
import { input, manyTownPlan, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import { breakdownOf } from './breakdowns.js'
import { toBreakdownCsv, toCsv } from './csv.js'
import { toXlsx } from './xlsx.js'

/*
 * The exports of a plan that is not Jiaxiang's: 400 towns, its own units
 * and document number, a 2022–2030 horizon. Each names the plan's own
 * indicators and towns, read back by a real CSV and XLSX reader.
 */

const plan = manyTownPlan(400)
let tally: Tally
let reports: ReadonlyArray<Report>

beforeAll(async () => {
  const store = memoryStore()
  // one NEV in each of the first 300 towns, and a public pile in every town
  const inputs = [
    ...plan.towns.slice(0, 300).map((x, i) =>
      input(
        'VehicleRegistered',
        { vin: vinFrom(20_000 + i), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: x.code },
        { recordedBy: 'county-public-security', occurredAt: '2026-03-01T09:00:00+08:00', seed: `nev-${x.code}` },
      ),
    ),
    ...plan.towns.map((x) =>
      input(
        'ChargingPileCommissioned',
        { pileId: `P-${x.code}`, stationId: `S-${x.code}`, operator: '国网', public: true, fast: true, powerKw: '60', town: x.code },
        { recordedBy: 'county-energy', occurredAt: '2026-04-01T09:00:00+08:00', seed: `pile-${x.code}` },
      ),
    ),
  ]
  const recorded = await createLedger({ plan, store }).recordBatch(inputs)()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
  const t = await loadTally(store)()
  if (E.isLeft(t)) throw new Error(t.left.message)
  tally = t.right
  const r = reportYears(plan, tally)
  if (E.isLeft(r)) throw new Error(r.left.message)
  reports = r.right
})

const csv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true })

describe('the exports of a 400-town plan', () => {
  it('run from its baseline to its horizon', () => {
    expect(reports.map((r) => r.year)).toEqual([2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030])
  })

  it('CSV: its own indicators and targets, read back', () => {
    const last = reports[reports.length - 1] as Report
    const rows = csv(toCsv(plan, last))
    expect(rows.slice(1).map((r) => r[0])).toEqual(['vehicles.nev-fleet', 'charging.town-coverage'])
    expect(rows.slice(1).map((r) => r[1])).toEqual(['新能源汽车保有量', '公共充电桩乡镇覆盖率'])
  })

  it('CSV by town: each of its 400 towns by its own name, the NEVs in the 300 that have one', () => {
    const table = breakdownOf(plan, tally, 'town')(reports.filter((r) => r.year === 2030))
    const rows = csv(toBreakdownCsv(plan, table)).slice(1)
    const piles = rows.filter((r) => r[0] === 'charging.town-coverage')
    expect(piles).toHaveLength(400)
    expect(piles.at(-1)?.slice(3, 5)).toEqual(['t-400', '第400镇'])
    const nevs = rows.filter((r) => r[0] === 'vehicles.nev-fleet')
    expect(nevs.map((r) => [r[3], r[5]])).toEqual(plan.towns.slice(0, 300).map((x) => [x.code, '1']))
  })

  it('XLSX: a workbook a real reader opens, with its indicators', async () => {
    const book = XLSX.read(await toXlsx(plan, reports[reports.length - 1] as Report), { type: 'array' })
    const text = book.SheetNames.map((name) => XLSX.utils.sheet_to_csv(book.Sheets[name] as XLSX.WorkSheet)).join('\n')
    expect(text).toContain('新能源汽车保有量')
    expect(text).toContain('公共充电桩乡镇覆盖率')
  })
})
