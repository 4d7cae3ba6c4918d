import type { IndicatorReport, Plan, Report } from '@policy-ledger/core'
import { byLabels, comparedAmount, formatFigure, sectionTitle, statusLabels, statusOrder, targetRows, targetWording, valueAmount, valueUnit, type Breakdown } from '@policy-ledger/export'
import { table } from './table.js'
import { plainValue } from './words.js'

/** Indicators in the plan's order, under the section they stand in. */
export const bySection = <I extends Pick<IndicatorReport, 'section'>>(
  plan: Plan,
  indicators: ReadonlyArray<I>,
): ReadonlyArray<{ readonly section: number; readonly indicators: ReadonlyArray<I> }> =>
  plan.sections
    .map((s) => ({ section: s.number, indicators: indicators.filter((i) => i.section === s.number) }))
    .filter((g) => g.indicators.length > 0)

const knownAtText = (r: Report): string => {
  const folded = r.knownAt.recordedAt === null ? '空台账 empty ledger' : `第 ${r.knownAt.position} 条（${r.knownAt.recordedAt}）`
  const requested = r.knownAt.requested
  return requested === undefined || requested === null ? folded : `${requested}，即 ${folded}`
}

/** The report's header: which plan, which year, and the two instants it stands on. */
export const reportHeading = (r: Report): string =>
  [
    `${r.plan.title}（${r.plan.id}）进展报告 · Progress report`,
    `年度 year ${r.year} · 发生截至 occurred by ${r.occurredBy} · 已知截至 known at ${knownAtText(r)}`,
  ].join('\n')

/** One line per target, the indicator named on its first; each status beside the year and the figure it was judged on. */
const rowsOf =
  (plan: Plan) =>
  (indicator: IndicatorReport): string[][] =>
    targetRows(plan, { indicators: [indicator] }).map(({ target, targetUnit }, i) => [
      i === 0 ? indicator.zh : '',
      i === 0 ? plainValue(valueUnit(plan, indicator), valueAmount(indicator)) : '',
      i === 0 ? valueUnit(plan, indicator).zh : '',
      target === null ? '' : String(target.year),
      target === null ? '' : targetWording(target, targetUnit),
      target === null ? '' : statusLabels[target.status].zh,
      target === null ? '' : String(target.comparedYear),
      target === null ? '' : formatFigure(comparedAmount(target), targetUnit),
    ])

const columns = [
  { title: '指标' },
  { title: '数值', align: 'right' as const },
  { title: '单位' },
  { title: '年份' },
  { title: '目标' },
  { title: '状态' },
  { title: '比较年份' },
  { title: '比较值', align: 'right' as const },
]

/** The progress report as text for a terminal: a table per section of the plan. */
export const reportTable = (plan: Plan, r: Report): string =>
  [
    reportHeading(r),
    ...bySection(plan, r.indicators).map((g) => `\n${sectionTitle(plan, g.section)}\n${table(columns, g.indicators.flatMap(rowsOf(plan)))}`),
    `\n状态 status: ${statusOrder.map((s) => `${statusLabels[s].zh} ${statusLabels[s].en}`).join(' · ')}`,
  ].join('\n')

/** A breakdown as text: each indicator's parts (towns, units or sectors) with their values and events. */
export const breakdownTable = (plan: Plan, r: Report, b: Breakdown): string => {
  const rows = (indicator: IndicatorReport): string[][] =>
    b.rows
      .filter((row) => row.indicator === indicator.id)
      .map((row, i) => [i === 0 ? indicator.zh : '', row.zh, plainValue(valueUnit(plan, indicator), row.value), valueUnit(plan, indicator).zh, String(row.events)])
  const columns = [{ title: '指标' }, { title: byLabels[b.by].zh }, { title: '数值', align: 'right' as const }, { title: '单位' }, { title: '事件数', align: 'right' as const }]
  return [
    reportHeading(r),
    `按${byLabels[b.by].zh}分解 · by ${byLabels[b.by].en.toLowerCase()}`,
    ...bySection(plan, r.indicators).map((g) => `\n${sectionTitle(plan, g.section)}\n${table(columns, g.indicators.flatMap(rows))}`),
  ].join('\n')
}
