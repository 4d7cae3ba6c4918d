import * as echarts from 'echarts'
import type { IndicatorReport, Plan, Report, UnitKind } from '@policy-ledger/core'
import { statusLabels, targetUnitKind, valueUnit } from './labels.js'

/*
 * One chart per indicator: its value year by year up to the report's year
 * and occurred-by day, never after (bars, the report's year darker), and
 * its targets in the same unit: diamonds in their status colour in the
 * years drawn, a dashed line for a target due later. Rendered to an SVG
 * string on the server so the HTML report needs no script and no network.
 */

export const CHART_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
export const chartSize = { width: 380, height: 210 } as const

const BAR = '#8fb0d8'
const BAR_CURRENT = '#1a3c6e'

/** Axis scale for an indicator: money in the unit its targets are worded in (万元, 亿元), everything else as it is. */
const scaleOf = (plan: Plan, indicator: IndicatorReport): { readonly divisor: number; readonly name: string } => {
  const kind: UnitKind = indicator.unit.kind
  if (kind === 'yuan') {
    const unit = valueUnit(plan, indicator)
    return { divisor: unit.per, name: unit.zh }
  }
  if (kind === 'percent' || kind === 'growth-percent') return { divisor: 1, name: '%' }
  return { divisor: 1, name: kind === 'milestone' ? '' : indicator.unit.zh }
}

const short = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 })

/** The figure a target stands for in the indicator's unit, where it has one: 全部 is 100%, 建成运营 is 1. */
const targetLevel = (plan: Plan, indicator: IndicatorReport, i: number): number | null => {
  const t = indicator.targets[i]
  if (t === undefined || targetUnitKind(plan, indicator, i) !== indicator.unit.kind) return null
  if (t.value !== null) return t.value
  if (t.comparator === 'all') return 100
  if (t.comparator === 'milestone') return 1
  return null
}

/** A report's years are drawn up to its own year and the year of its occurred-by day, never after. */
const drawn = (r: Report, reportYear: number): boolean => r.year <= reportYear && r.year <= Number(r.occurredBy.slice(0, 4))

/** The value of `indicator` in every report of `history` drawn, by year. */
const valuesByYear = (id: string, history: ReadonlyArray<Report>, reportYear: number): ReadonlyArray<readonly [number, number | null]> =>
  history.filter((r) => drawn(r, reportYear)).map((r) => [r.year, r.indicators.find((i) => i.id === id)?.value ?? null] as const)

export const chartOption = (plan: Plan, indicator: IndicatorReport, history: ReadonlyArray<Report>, reportYear: number): echarts.EChartsOption => {
  const values = valuesByYear(indicator.id, history, reportYear)
  const lastYear = values.at(-1)?.[0] ?? reportYear
  const levels = indicator.targets.flatMap((t, i) => {
    const level = targetLevel(plan, indicator, i)
    return level === null ? [] : [{ year: t.year, level, status: t.status }]
  })
  const targets = levels.filter((t) => t.year <= lastYear)
  // a target due after the last year drawn: one line per level, naming its years
  const later = [...new Set(levels.filter((t) => t.year > lastYear).map((t) => t.level))].map((level) => {
    const due = levels.filter((t) => t.year > lastYear && t.level === level)
    return { level, years: due.map((t) => t.year), status: due.at(-1)?.status ?? 'no-data' }
  })
  const { divisor, name } = scaleOf(plan, indicator)
  const milestone = indicator.unit.kind === 'milestone'
  const label = (v: number): string => (milestone ? (v >= 1 ? '已建成' : '未建成') : short.format(v))
  const highest = Math.max(...later.map((l) => l.level / divisor))
  const empty = values.every(([, v]) => v === null)
  return {
    animation: false,
    // an empty chart says so, rather than look like zero; in the corner, clear of the targets
    title: { show: empty, text: '无数据 no data', left: 'center', top: 2, textStyle: { fontSize: 12, fontWeight: 'normal', color: '#5f6368', fontFamily: CHART_FONT } },
    textStyle: { fontFamily: CHART_FONT, fontSize: 11 },
    grid: { left: 8, right: 16, top: 34, bottom: 6, containLabel: true },
    xAxis: { type: 'category', data: values.map(([y]) => `${y}年`), axisTick: { alignWithLabel: true } },
    yAxis: {
      type: 'value',
      name,
      nameTextStyle: { align: 'left' },
      // a later target's line stays on the chart: the axis reaches it
      ...(milestone ? { min: 0, max: 1, interval: 1 } : later.length > 0 ? { max: (extent: { max: number }) => Math.max(extent.max, highest) } : {}),
      axisLabel: { formatter: (v: number) => label(v) },
    },
    series: [
      {
        type: 'bar',
        name: '数值',
        barMaxWidth: 30,
        data: values.map(([y, v]) => ({ value: v === null ? '-' : v / divisor, itemStyle: { color: y === reportYear ? BAR_CURRENT : BAR } })),
        label: { show: true, position: 'top', color: '#202124', fontSize: 10, formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? label(p.value) : '') },
      },
      {
        type: 'scatter',
        name: '目标',
        symbol: 'diamond',
        symbolSize: 13,
        z: 3,
        data: targets.map((t, i) => ({
          value: [`${t.year}年`, t.level / divisor],
          // one label for a run of equal targets (100 each year); the last year's goes on top, not off the chart
          label: { show: targets[i + 1]?.level !== t.level, position: t.year === lastYear ? 'top' : 'right' },
          itemStyle: { color: statusLabels[t.status].colour, borderColor: '#202124', borderWidth: 1 },
        })),
        label: { show: true, position: 'right', fontSize: 10, color: '#202124', formatter: (p: { value?: unknown }) => (Array.isArray(p.value) && typeof p.value[1] === 'number' ? `目标 ${label(p.value[1])}` : '') },
        markLine: {
          silent: true,
          symbol: 'none',
          data: later.map((l) => ({
            yAxis: l.level / divisor,
            lineStyle: { color: statusLabels[l.status].colour, type: 'dashed', width: 1.5 },
            label: { position: 'insideStartTop', fontSize: 10, color: '#202124', formatter: `${l.years.join('、')}年目标 ${label(l.level / divisor)}` },
          })),
        },
      },
    ],
  }
}

/** The chart of an indicator as an SVG string. */
export const chartSvg = (plan: Plan, indicator: IndicatorReport, history: ReadonlyArray<Report>, reportYear: number): string => {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...chartSize })
  try {
    chart.setOption(chartOption(plan, indicator, history, reportYear))
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
