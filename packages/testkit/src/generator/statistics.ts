import type { Statistic } from '@policy-ledger/core'
import type { Flow, Occurrence, World } from './world.js'

/*
 * Reported statistics: each of the plan's compiled figures once a year,
 * closed on 31 December, and three corrected the spring after, one of them
 * (2025 high-end equipment revenue) from above the target to below it.
 */

const YEARS = [2023, 2024, 2025, 2026, 2027] as const

/** Values by year: percentages, or 元. */
const values: Readonly<Record<Exclude<Statistic, 'equipment-investment'>, ReadonlyArray<string>>> = {
  // 92% asked by 2027: missed
  'digital-rd-tool-penetration': ['84.5', '86.8', '88.9', '90.6', '91.8'],
  // 75% asked by 2027: met
  'key-process-cnc-rate': ['66.2', '69.5', '72.1', '74.6', '76.3'],
  // 50% by 2025 met, 55% by 2027 missed
  'rd-active-enterprise-share': ['44.1', '47.3', '50.6', '53.2', '54.7'],
  'mechanisation-rate': ['95.1', '95.6', '96.2', '96.6', '97.1'],
  // 17亿 by 2025 (met as first reported), 25亿 by 2027 (missed)
  'high-end-equipment-revenue': ['1240000000', '1480000000', '1730000000', '2090000000', '2460000000'],
}

/** Equipment investment in 2023 by sector, 元, and its growth: +31% by 2027 (28% asked). */
const investment2023: ReadonlyArray<readonly [string, number]> = [
  ['industry', 1_850_000_000],
  ['agriculture', 260_000_000],
  ['construction', 300_000_000],
  ['transport', 240_000_000],
  ['education', 120_000_000],
  ['culture-tourism', 90_000_000],
  ['health', 140_000_000],
]
const investmentGrowth = [1, 1.07, 1.15, 1.22, 1.31] as const

interface Report {
  readonly statistic: Statistic
  readonly value: string
  readonly sector?: string
}

const compiler: Readonly<Record<Statistic, string>> = {
  'digital-rd-tool-penetration': 'industry-it',
  'key-process-cnc-rate': 'industry-it',
  'rd-active-enterprise-share': 'science-technology',
  'mechanisation-rate': 'agri-mechanisation',
  'high-end-equipment-revenue': 'industry-it',
  'equipment-investment': 'development-reform',
}

const reportsOf = (year: number): Report[] => {
  const i = year - 2023
  return [
    ...Object.entries(values).map(([statistic, byYear]) => ({ statistic: statistic as Statistic, value: byYear[i] ?? '0' })),
    ...investment2023.map(([sector, base]) => ({
      statistic: 'equipment-investment' as const,
      sector,
      value: String(Math.round((base * (investmentGrowth[i] ?? 1)) / 10_000) * 10_000),
    })),
  ]
}

/** Corrections, reported the spring after the year they are for. */
const revisions: Readonly<Record<number, ReadonlyArray<Report & { readonly period: number }>>> = {
  2024: [{ period: 2023, statistic: 'equipment-investment', sector: 'industry', value: '1880000000' }],
  2025: [{ period: 2024, statistic: 'mechanisation-rate', value: '95.8' }],
  2026: [{ period: 2025, statistic: 'high-end-equipment-revenue', value: '1690000000' }],
}

const report = (w: World, o: Occurrence, second: number, period: number, r: Report, revised: boolean) =>
  w.event(o, second, compiler[r.statistic], 'StatisticReported', {
    statistic: r.statistic,
    period: String(period),
    value: r.value,
    ...(r.sector === undefined ? {} : { sector: r.sector }),
    source: revised ? '县统计局（年报核定数）' : '县统计局（快报数）',
    method: revised ? '统计年报核定后更正' : '规模以上企业统计快报汇总',
  })

export const statisticFlows = (): ReadonlyArray<Flow> => [
  {
    name: 'statistics',
    kind: 'fixed',
    events: 1,
    perYear: Object.fromEntries(YEARS.map((y) => [y, reportsOf(y).length])),
    season: 'year-end',
    occur: (w, o) => {
      const r = reportsOf(o.year)[o.index]
      return r === undefined ? [] : [report(w, o, 16 * 3600 + o.index * 60, o.year, r, false)]
    },
  },
  {
    name: 'statistics-revised',
    kind: 'fixed',
    events: 1,
    perYear: Object.fromEntries(Object.entries(revisions).map(([y, list]) => [y, list.length])),
    season: 'spring',
    occur: (w, o) => {
      const r = revisions[o.year]?.[o.index]
      return r === undefined ? [] : [report(w, o, w.second(o.random), r.period, r, true)]
    },
  },
]
