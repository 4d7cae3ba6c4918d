import { beforeAll, describe, expect, it } from 'vitest'
import type { Report, Tally } from '@policy-ledger/core'
import { breakdownOf } from './breakdowns.js'
import { sdmxCode, toSdmxCsv } from './sdmx.js'
import { plan, sampleReports } from './testing/fixture.js'

let history: ReadonlyArray<Report>
let tally: Tally
beforeAll(async () => {
  ;({ history, tally } = await sampleReports())
})

describe('SDMX-CSV', () => {
  it('writes the SDMX 2.1 CSV header and one observation per indicator and year', () => {
    const lines = toSdmxCsv(history).split('\r\n')
    expect(lines[0]).toBe('DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS')
    expect(lines.filter((l) => l !== '')).toHaveLength(1 + 39 * 5)
    expect(lines).toContain('JIAXIANG:PLAN_2024_5(1.0),370829,VEHICLES_NEV_FLEET,2024,200,NUMBER,A')
    expect(lines).toContain('JIAXIANG:PLAN_2024_5(1.0),370829,CHARGING_TOWNSHIP_COVERAGE,2025,23.076923076923077,PT,A')
    // nothing occurred in 2026 by 30 June 2025: the observation is there, empty and marked missing
    expect(lines).toContain('JIAXIANG:PLAN_2024_5(1.0),370829,VEHICLES_NEV_FLEET,2026,,NUMBER,M')
    expect(toSdmxCsv(history).charCodeAt(0)).not.toBe(0xfeff)
  })

  it('adds a TOWN dimension when asked: the total as _T, then each town', () => {
    const csv = toSdmxCsv(history, { byTown: breakdownOf(plan, tally, 'town')(history), dataflow: 'JIAXIANG:PLAN_2024_5(1.1)' })
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('DATAFLOW,REF_AREA,INDICATOR,TOWN,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS')
    const fleet2025 = lines.filter((l) => l.includes(',VEHICLES_NEV_FLEET,') && l.includes(',2025,'))
    expect(fleet2025).toEqual([
      'JIAXIANG:PLAN_2024_5(1.1),370829,VEHICLES_NEV_FLEET,_T,2025,260,NUMBER,A',
      'JIAXIANG:PLAN_2024_5(1.1),370829,VEHICLES_NEV_FLEET,JIAXIANG,2025,65,NUMBER,A',
      'JIAXIANG:PLAN_2024_5(1.1),370829,VEHICLES_NEV_FLEET,MACUN,2025,65,NUMBER,A',
      'JIAXIANG:PLAN_2024_5(1.1),370829,VEHICLES_NEV_FLEET,ZHIFANG,2025,65,NUMBER,A',
      'JIAXIANG:PLAN_2024_5(1.1),370829,VEHICLES_NEV_FLEET,HUANGGAI,2025,65,NUMBER,A',
    ])
  })

  it('turns codes into SDMX ids', () => {
    expect(sdmxCode('trade-in.nev-exhibitions')).toBe('TRADE_IN_NEV_EXHIBITIONS')
    expect(sdmxCode('development-zone')).toBe('DEVELOPMENT_ZONE')
  })
})
