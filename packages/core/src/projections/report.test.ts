import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { jiaxiang2024 } from '../plan/index.js'
import { loadTally } from './query.js'
import { report } from './report.js'
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
  const ledger = createLedger({ store })
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

const nevFleet = (r: ReturnType<typeof report>) => r.indicators.find((i) => i.id === 'vehicles.nev-fleet')

describe('the progress report', () => {
  it('judges 1.6万辆左右 with the ±5% band: 15,200 meets, 15,199 does not', async () => {
    const tally = await fleetOf(10_000, 5_199)
    const short = nevFleet(report(tally, { year: 2025 }))
    expect(short?.value).toBe(15_199)
    expect(short?.targets.find((t) => t.year === 2025)).toMatchObject({ word: '左右', comparator: 'about', value: 16_000, status: 'behind' })
    const ledgerPlusOne = await fleetOf(10_000, 5_200)
    const enough = nevFleet(report(ledgerPlusOne, { year: 2025 }))
    expect(enough?.targets.find((t) => t.year === 2025)?.status).toBe('met')
    // a wider band, if the county sets one, changes the verdict
    expect(nevFleet(report(tally, { year: 2025, tolerance: 0.06 }))?.targets.find((t) => t.year === 2025)?.status).toBe('met')
  }, 60_000)

  it('states the period, the events behind each value, and both instants', async () => {
    const tally = await fleetOf(3, 2)
    const r = report(tally, { year: 2025, occurredBy: '2025-03-31' })
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
    const r = report(emptyTally(), { year: 2025 })
    for (const i of r.indicators) {
      if (i.id === 'culture.smart-tourism-platform') continue
      expect(i.value, i.id).toBeNull()
      expect(i.targets.every((t) => t.status === 'no-data'), i.id).toBe(true)
    }
    expect(r.knownAt).toEqual({ position: 0, recordedAt: null })
  })

  it('judges a reported rate due in a later year on its progress, not as a count of another year', async () => {
    const store = memoryStore()
    const ledger = createLedger({ store })
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
    const penetration = report(tally.right, { year: 2025 }).indicators.find((i) => i.id === 'industry.digital-rd-tool-penetration')
    expect(penetration?.value).toBe(88.9)
    // 80 → 88.9 in two of four years toward 超过92%: well ahead of the pace needed
    expect(penetration?.targets[0]).toMatchObject({ year: 2027, comparator: 'gt', compared: 88.9, status: 'on-track' })
  })

  it('refuses an occurred-by day that is not a date', () => {
    expect(() => report(emptyTally(), { occurredBy: '2025-02-30' })).toThrow(/occurredBy/)
  })
})
