import { beforeAll, describe, expect, it } from 'vitest'
import { type Report, type Tally } from '@policy-ledger/core'
import { breakdownOf } from './breakdowns.js'
import { openSdgFileName, toOpenSdg } from './open-sdg.js'
import { plan, sampleReports } from './testing/fixture.js'

let history: ReadonlyArray<Report>
let tally: Tally
beforeAll(async () => {
  ;({ history, tally } = await sampleReports())
})

describe('Open SDG CSV', () => {
  it('gives one CSV per indicator: Year, Units, Value, only the years with a value', () => {
    const files = toOpenSdg(history)
    expect([...files.keys()]).toEqual(plan.indicators.map((i) => i.id))
    expect(files.get('vehicles.nev-fleet')).toBe('Year,Units,Value\r\n2023,辆,120\r\n2024,辆,200\r\n2025,辆,260\r\n')
    expect(files.get('charging.township-coverage')?.split('\r\n')[0]).toBe('Year,Units,Value')
    expect(files.get('industry.key-process-cnc-rate')).toBe('Year,Units,Value\r\n')
  })

  it('puts the 镇街 disaggregation before Value, headline rows left empty', () => {
    const csv = toOpenSdg(history, { byTown: breakdownOf(plan, tally, 'town')(history) }).get('vehicles.nev-fleet') ?? ''
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('Year,Units,镇街,Value')
    expect(lines).toContain('2025,辆,,260')
    expect(lines).toContain('2025,辆,纸坊镇,65')
    expect(lines).toContain('2023,辆,黄垓乡,30')
  })

  it('names each file as Open SDG reads it', () => {
    expect(openSdgFileName('vehicles.nev-fleet')).toBe('indicator_vehicles-nev-fleet.csv')
  })
})
