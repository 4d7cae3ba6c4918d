import { beforeAll, describe, expect, it } from 'vitest'
import { reportYears, type Report, type Tally } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { chartOption } from './chart.js'
import { plan, sampleReports } from './testing/fixture.js'

let report: Report
let history: ReadonlyArray<Report>
let tally: Tally
beforeAll(async () => {
  ;({ report, history, tally } = await sampleReports())
})

const of = (r: Report, id: string) => {
  const indicator = r.indicators.find((i) => i.id === id)
  if (indicator === undefined) throw new Error(id)
  return indicator
}
type Option = ReturnType<typeof chartOption>
const years = (option: Option): unknown => (option.xAxis as Array<{ data: unknown }>)[0]?.data
/** the line above the plot: each year's target over its column */
const targetLine = (option: Option): unknown => (option.xAxis as Array<{ data: unknown }>)[1]?.data
const titles = (option: Option): ReadonlyArray<string> => (option.title as Array<{ text: string }>).map((t) => t.text)
const series = (option: Option) => option.series as Array<{ data: Array<{ value: unknown }>; markLine?: { data: Array<{ yAxis: number }> } }>

describe('the chart of an indicator', () => {
  it('draws no year after the report’s occurred-by day, though the history runs to 2027', () => {
    expect(history.map((r) => r.year)).toEqual([2023, 2024, 2025, 2026, 2027])
    expect(years(chartOption(plan, of(report, 'vehicles.nev-fleet'), history, 2025))).toEqual(['2023年', '2024年', '2025年'])
  })

  it('draws no year after the report’s year, whatever later years the ledger holds', () => {
    const whole = E.getOrElseW(() => [] as ReadonlyArray<Report>)(reportYears(plan, tally))
    expect(whole).toHaveLength(5)
    const option = chartOption(plan, of(whole[1] as Report, 'vehicles.nev-fleet'), whole, 2024)
    expect(years(option)).toEqual(['2023年', '2024年'])
    // 120 vehicles by the end of 2023, 200 by the end of 2024: 2025's 260 is not drawn
    expect(series(option)[0]?.data.map((d) => d.value)).toEqual([120, 200])
  })

  it('draws a target due later as a dashed line named above the plot, not as a year of its own', () => {
    const option = chartOption(plan, of(report, 'vehicles.nev-fleet'), history, 2025)
    // 左右1.6万辆 in 2025 is a diamond in 2025, named over its column; 达到2.5万辆 in 2027 a line, named in the line above
    expect(series(option)[1]?.data.map((d) => d.value)).toEqual([['2025年', 16_000]])
    expect(targetLine(option)).toEqual(['', '', '目标 16,000'])
    expect(series(option)[0]?.markLine?.data.map((l) => l.yAxis)).toEqual([25_000])
    expect(titles(option)).toEqual(['单位：辆', '2027年目标 25,000（虚线）'])
  })

  it('scales money in the unit the plan words its targets in', () => {
    const option = chartOption(plan, of(report, 'trade.used-car-exports'), history, 2025)
    expect(titles(option)[0]).toBe('单位：万元')
    expect(series(option)[0]?.data.map((d) => d.value)).toEqual(['-', 1_200, 2_500])
  })

  it('says 无数据 where no year has a value, and still draws the axis to the later target', () => {
    const option = chartOption(plan, of(report, 'industry.below-energy-baseline-renovated'), history, 2025)
    expect(titles(option)[1]).toBe('无数据 no data  2027年目标 100（虚线）')
    expect((option.yAxis as { min: unknown }).min).toBe(0)
  })
})
