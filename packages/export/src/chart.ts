import * as echarts from 'echarts'
import type { IndicatorReport, Plan, Report, UnitKind } from '@policy-ledger/core'
import { groupedDigits, statusLabels, targetUnitKind, valueUnit, type DisplayUnit } from './labels.js'

/*
 * One chart per indicator: its value year by year up to the report's year
 * and occurred-by day, never after (bars, the report's year darker), and
 * its targets in the same unit: diamonds in their status colour in the
 * years drawn, a dashed line for a target due later. Rendered to an SVG
 * string on the server so the HTML report needs no script and no network.
 *
 * Labels never overlap by layout, not by luck: each text has a place of
 * its own. Above the plot, a first line holds the unit (left) and the
 * targets due later or 无数据 (right); a second line holds each year's
 * target, over its own year's column (a category axis on top, so it is
 * never drawn over a bar); inside the plot only the bars' values stand,
 * one per column, with headroom above the tallest.
 */

export const CHART_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
export const chartSize = { width: 380, height: 210 } as const

const BAR = '#8fb0d8'
const BAR_CURRENT = '#1a3c6e'
const INK = '#202124'
const FONT_SIZE = 10
/** the first line above the plot (unit, later targets), then the second (each year's target, up to two lines), then the plot */
const LINE_TOP = 2
const GRID_TOP = 48
/** the plot reaches this far above its tallest bar or diamond, so the value over it stays inside */
const HEADROOM = 1.22

/** Axis scale for an indicator: money in the unit its targets are worded in (万元, 亿元), everything else as it is. */
const scaleOf = (plan: Plan, indicator: IndicatorReport): DisplayUnit => {
  const kind: UnitKind = indicator.unit.kind
  if (kind === 'yuan') return valueUnit(plan, indicator)
  if (kind === 'percent' || kind === 'growth-percent') return { kind, zh: '%', per: 1 }
  return { kind, zh: kind === 'milestone' ? '' : indicator.unit.zh, per: 1 }
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

const lineText = (fontSize = FONT_SIZE) => ({ fontSize, fontWeight: 'normal' as const, color: INK, fontFamily: CHART_FONT })

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
  const unit = scaleOf(plan, indicator)
  const milestone = indicator.unit.kind === 'milestone'
  // labels are the exact figures rounded as every export rounds them; only the geometry is in doubles
  const label = (v: number): string => (milestone ? (v >= 1 ? '已建成' : '未建成') : groupedDigits(v, unit))
  const axisLabel = (v: number): string => (milestone ? (v >= 1 ? '已建成' : v === 0 ? '未建成' : '') : short.format(v))
  const scaled = (v: number): number => v / unit.per
  const empty = values.every(([, v]) => v === null)
  const tallest = Math.max(0, ...values.map(([, v]) => (v === null ? 0 : scaled(v))), ...levels.map((t) => scaled(t.level)))
  const lowest = Math.min(0, ...values.map(([, v]) => (v === null ? 0 : scaled(v))))
  const yearTargets = values.map(([y]) => {
    const due = [...new Set(targets.filter((t) => t.year === y).map((t) => label(t.level)))]
    return due.length === 0 ? '' : `目标 ${due.join('、')}`
  })
  const notes = [...(empty ? ['无数据 no data'] : []), ...later.map((l) => `${l.years.join('、')}年目标 ${label(l.level)}（虚线）`)]
  return {
    animation: false,
    title: [
      { text: unit.zh === '' ? '' : `单位：${unit.zh}`, left: 8, top: LINE_TOP, textStyle: lineText() },
      // an empty chart says so, rather than look like zero; targets due later are named here, not over the plot
      { text: notes.join('  '), right: 8, top: LINE_TOP, textStyle: lineText() },
    ],
    textStyle: { fontFamily: CHART_FONT, fontSize: FONT_SIZE },
    grid: { left: 8, right: 16, top: GRID_TOP, bottom: 6, containLabel: true },
    xAxis: [
      { type: 'category', data: values.map(([y]) => `${y}年`), axisTick: { alignWithLabel: true }, axisLabel: { fontSize: FONT_SIZE } },
      {
        // each year's target over its own column, above the plot: one line, or two where it is wide
        type: 'category',
        position: 'top',
        data: yearTargets,
        axisLine: { show: false },
        axisTick: { show: false },
        axisLabel: { interval: 0, fontSize: FONT_SIZE, color: INK, lineHeight: 12, width: Math.floor(300 / Math.max(1, values.length)) - 4, overflow: 'break' },
      },
    ],
    yAxis: {
      type: 'value',
      ...(milestone ? { interval: 1 } : {}),
      // from zero (or below it), so that an empty chart still has its axis and a later target's line
      min: lowest < 0 ? (extent: { min: number }) => extent.min : 0,
      max: () => (tallest > 0 ? tallest * HEADROOM : 1),
      // few ticks, far enough apart that their labels never touch
      splitNumber: 4,
      axisLabel: { formatter: (v: number) => axisLabel(v), showMaxLabel: false, fontSize: FONT_SIZE },
    },
    series: [
      {
        type: 'bar',
        name: '数值',
        barMaxWidth: 30,
        data: values.map(([y, v]) => ({ value: v === null ? '-' : scaled(v), itemStyle: { color: y === reportYear ? BAR_CURRENT : BAR } })),
        // clear of a diamond at the bar's top (the diamond is 13 high)
        label: {
          show: true,
          position: 'top',
          distance: 8,
          color: INK,
          fontSize: FONT_SIZE,
          formatter: (p: { dataIndex: number }) => {
            const v = values[p.dataIndex]?.[1]
            return v === null || v === undefined ? '' : label(v)
          },
        },
        // on the bars, which are there even when every year is empty, so a later target's line is drawn then too
        markLine: {
          silent: true,
          symbol: 'none',
          data: later.map((l) => ({
            yAxis: scaled(l.level),
            lineStyle: { color: statusLabels[l.status].colour, type: 'dashed', width: 1.5 },
            label: { show: false },
          })),
        },
      },
      {
        type: 'scatter',
        name: '目标',
        symbol: 'diamond',
        symbolSize: 13,
        z: 3,
        data: targets.map((t) => ({
          value: [`${t.year}年`, scaled(t.level)],
          itemStyle: { color: statusLabels[t.status].colour, borderColor: INK, borderWidth: 1 },
        })),
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
