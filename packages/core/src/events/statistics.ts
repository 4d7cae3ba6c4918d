import { Decimal, DECIMAL_SCALE, Enum, refined, scaled, SectorCodec, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { dayOfDate } from '../time.js'
import { replacing } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Reported statistics: rates and sums the county compiles rather than
 * counts event by event (研发设计工具普及率, 机械化率, 高端装备营业收入, …). One
 * stream per statistic, year, town and sector; the latest report in
 * occurred order is in force, placed on the year's last day.
 */

export const percentageStatistics = ['digital-rd-tool-penetration', 'key-process-cnc-rate', 'rd-active-enterprise-share', 'mechanisation-rate'] as const
export const statistics = [...percentageStatistics, 'high-end-equipment-revenue', 'equipment-investment'] as const
export type Statistic = (typeof statistics)[number]

const isPercentage = (s: Statistic): boolean => (percentageStatistics as ReadonlyArray<string>).includes(s)

export const ReportingYear = refined({ zh: '以 YYYY 书写的年份，如 "2025"', en: 'a year written as YYYY, e.g. "2025"' }, (u): u is string => typeof u === 'string' && /^(19[5-9]\d|20\d\d|2100)$/.test(u))

export const StatisticReported = defineEvent({
  type: 'StatisticReported',
  version: 1,
  title: { zh: '统计数据报送', en: 'Statistic reported' },
  data: (name: Wording) => Struct(
    name,
    { statistic: Enum({ zh: '统计指标', en: 'a statistic' }, statistics), period: ReportingYear, value: Decimal, source: Text(200), method: Text(1000) },
    { town: TownCodec, sector: SectorCodec },
  ),
  stream: keyedBy('statistic', (d) => [d.statistic, d.period, d.town, d.sector]),
})

export const statisticEvents = [StatisticReported] as const

type Report = typeof StatisticReported.data._A

export interface StatisticState {
  readonly inForce?: Report
}

const valueOf = (r: Report): Contribution[] => [
  {
    metric: `statistics.${r.statistic}`,
    quantity: scaled(r.value),
    day: dayOfDate(Number(r.period), 12, 31),
    ...(r.town === undefined ? {} : { town: r.town }),
    ...(r.sector === undefined ? {} : { sector: r.sector }),
  },
]

export const statistic = defineAggregate<StatisticState, Fact<'StatisticReported', Report>>({
  name: 'statistic',
  initial: {},
  evolve: (s, f) =>
    isPercentage(f.data.statistic) && scaled(f.data.value) > 100 * DECIMAL_SCALE
      ? reject(`${f.data.statistic} 是百分比，${f.data.value} 超过 100 / ${f.data.statistic} is a percentage; ${f.data.value} exceeds 100`)
      : accept({ inForce: f.data }, replacing(s.inForce === undefined ? [] : valueOf(s.inForce), valueOf(f.data))),
})
