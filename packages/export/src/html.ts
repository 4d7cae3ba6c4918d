import { calendar, type IndicatorReport, type Plan, type Report, type TargetReport } from '@policy-ledger/core'
import { byLabels, partsOf, type Breakdown } from './breakdowns.js'
import { chartSize, chartSvg, CHART_FONT } from './chart.js'
import {
  comparedAmount,
  completionRate,
  formatFigure,
  leadUnits,
  sectionEn,
  sectionTitle,
  statusLabels,
  statusOrder,
  targetUnit,
  targetWording,
  valueAmount,
  valueUnit,
} from './labels.js'

/*
 * The progress report as one self-contained HTML page: inline CSS, charts
 * as inline SVG, no script, no external resource, so it opens offline, can
 * be mailed as a file, and prints on A4.
 *
 * Printed, it opens with a one-page 一览表 (every target on one line), and
 * every page carries the plan's title, 制表单位, 制表日期 and 第 N 页 / 共 M 页
 * in CSS page-margin boxes (@top-left, @bottom-center, counter(page) and
 * counter(pages)), which Chromium draws since version 131 whether a person
 * prints from the browser or a program prints through it: no script, no
 * print-time header template.
 */

export interface HtmlInput {
  /** the plan the report is of: its title, its sections, the units that lead its measures */
  readonly plan: Plan
  /** the report whose statuses and values the page states */
  readonly report: Report
  /** the same ledger read for each plan year (`reportYears`), for the charts */
  readonly history: ReadonlyArray<Report>
  /** 制表单位: who compiled the report, named on every printed page where given */
  readonly compiledBy?: string
  /** 制表日期, YYYY-MM-DD: the day the report is made (the caller's today in Asia/Shanghai), given so that the page is a function of its input */
  readonly compiledOn: string
  /** each indicator's parts (towns, units or sectors) in the report's year, shown under its targets (`report --by`) */
  readonly breakdown?: Breakdown
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')

const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: calendar.PLAN_ZONE, dateStyle: 'long', timeStyle: 'medium', hourCycle: 'h23' })

const pill = (status: TargetReport['status']): string =>
  `<span class="pill" style="background:${statusLabels[status].colour};color:${statusLabels[status].ink}">${statusLabels[status].zh}</span>`

/** Each target, its status beside the year and the figure it was judged on. */
const targetsTable = (plan: Plan, indicator: IndicatorReport): string => {
  const rows = indicator.targets.map(
    (t, i) =>
      `<tr><td>${t.year}年</td><td>${escapeHtml(targetWording(t, targetUnit(plan, indicator, i)))}</td><td class="num"><span class="muted">${t.comparedYear}年</span> ${escapeHtml(formatFigure(comparedAmount(t), targetUnit(plan, indicator, i)))}</td><td>${pill(t.status)}</td></tr>`,
  )
  return `<table class="targets"><thead><tr><th>目标年份</th><th>目标 Target</th><th>比较值 Judged on</th><th>状态 Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** An indicator's parts in the report's year, each in the unit its value is shown in. */
const partsTable = (input: HtmlInput, indicator: IndicatorReport): string => {
  if (input.breakdown === undefined) return ''
  const by = byLabels[input.breakdown.by]
  const unit = valueUnit(input.plan, indicator)
  const rows = partsOf(input.breakdown, indicator.id, input.report.year).map(
    (p) => `<tr><td>${escapeHtml(p.zh)}</td><td class="num">${escapeHtml(formatFigure(p.value, unit))}</td><td class="num">${p.events.toLocaleString('zh-CN')}</td></tr>`,
  )
  return `<table class="targets parts" data-by="${input.breakdown.by}"><thead><tr><th>${by.zh} ${by.en}</th><th>数值 Value</th><th>事件数 Events</th></tr></thead><tbody>${rows.length === 0 ? '<tr><td colspan="3" class="muted">无分解数据 no parts</td></tr>' : rows.join('')}</tbody></table>`
}

const indicatorCard = (indicator: IndicatorReport, input: HtmlInput): string => {
  const { plan } = input
  const lead = leadUnits(plan, indicator)
  const value = formatFigure(valueAmount(indicator), valueUnit(plan, indicator))
  const ratio =
    indicator.numerator !== null && indicator.denominator !== null ? `（${indicator.numerator.toLocaleString('zh-CN')} / ${indicator.denominator.toLocaleString('zh-CN')}）` : ''
  return `<article class="indicator" id="${escapeHtml(indicator.id)}" data-indicator="${escapeHtml(indicator.id)}">
<div class="info">
<h3>${escapeHtml(indicator.zh)}</h3>
<p class="en">${escapeHtml(indicator.en)} · <code>${escapeHtml(indicator.id)}</code></p>
<p class="lead"><b>牵头单位</b> ${lead.length === 0 ? '—' : lead.map(escapeHtml).join('、')}</p>
<p class="value"><b>${input.report.year}年数值</b> <span class="figure">${escapeHtml(value)}</span>${escapeHtml(ratio)} <span class="muted">统计期 ${indicator.period.from} 至 ${indicator.period.to}，事件 ${indicator.events.toLocaleString('zh-CN')} 条</span></p>
${targetsTable(plan, indicator)}
${partsTable(input, indicator)}
</div>
<figure class="chart" style="width:${chartSize.width}px;height:${chartSize.height}px">${chartSvg(plan, indicator, input.history, input.report.year)}</figure>
</article>`
}

const statusCounts = (report: Report): string => {
  const all = report.indicators.flatMap((i) => i.targets)
  const cells = statusOrder.map(
    (s) =>
      `<div class="count" style="background:${statusLabels[s].colour};color:${statusLabels[s].ink}"><span class="n">${all.filter((t) => t.status === s).length}</span><span>${statusLabels[s].zh}</span><small>${statusLabels[s].en}</small></div>`,
  )
  return `<div class="counts" aria-label="各状态目标数">${cells.join('')}<div class="count total"><span class="n">${all.length}</span><span>目标合计</span><small>targets</small></div></div>`
}

const legend = (): string =>
  `<section class="legend"><h2>图例 Legend</h2><ul>
${statusOrder.map((s) => `<li>${pill(s)} ${statusLabels[s].en}</li>`).join('\n')}
<li><span class="swatch" style="background:#1a3c6e"></span> 报告年度数值 value in the report year</li>
<li><span class="swatch" style="background:#8fb0d8"></span> 其他年度数值 value in other years</li>
<li><span class="diamond"></span> 目标值，颜色表示其状态 target, coloured by its status</li>
</ul>
<p class="muted">状态按方案原文比较词、以精确算术判定（超过为严格大于，以上含本数，左右为 ±5% 区间）；目标年份未到者按报告年度数值的进度判定，已过者按目标年份数值判定，比较年份即所依数值的年份。数值为显示而四舍五入，JSON 保留精确分子分母。</p></section>`

/** 2026年12月3日: a YYYY-MM-DD day as a Chinese document dates it. */
const zhDate = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** A CSS string literal: quotes and backslashes escaped, and no '<' that could close the style element. */
const cssString = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('<', '\\3c ').replace(/[\r\n]+/g, ' ')}"`

/** 制表单位：… 制表日期：…, as the page head and every printed page state them. */
const compiledText = (input: HtmlInput): string =>
  [...(input.compiledBy === undefined ? [] : [`制表单位：${input.compiledBy}`]), `制表日期：${zhDate(input.compiledOn)}`].join('　')

/** The page-margin boxes of every printed page: the plan's title and year, who compiled it and when, the page of the pages. */
const pageRules = (input: HtmlInput): string => `
@page {
  size: A4; margin: 13mm 10mm 12mm;
  @top-left { content: ${cssString(`${input.plan.title.zh} · ${input.report.year}年指标进展报告`)}; font-size: 8.5pt; color: #3c4043; vertical-align: bottom; padding-bottom: 2mm; }
  @top-right { content: ${cssString(compiledText(input))}; font-size: 8.5pt; color: #3c4043; vertical-align: bottom; padding-bottom: 2mm; white-space: nowrap; }
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 8.5pt; color: #3c4043; vertical-align: top; padding-top: 2mm; }
  @bottom-right { content: ${cssString(input.plan.document)}; font-size: 8pt; color: #5f6368; vertical-align: top; padding-top: 2mm; }
}`

/** So many lead units as fit on the lines an entry has, then 等 N 家: the card below names them all. */
const leadText = (units: ReadonlyArray<string>, lines: number): string => {
  const budget = 19 * lines
  const shown = units.reduce<ReadonlyArray<string>>((kept, u) => ([...kept, u].join('、').length + 4 <= budget || kept.length === 0 ? [...kept, u] : kept), [])
  return units.length === 0 ? '—' : shown.length === units.length && units.join('、').length <= budget ? units.join('、') : `${shown.join('、')}等${units.length}家`
}

/** 一览表: every indicator and target on one line of one page, the indicator's number, name and lead units spanning its targets. */
const overview = (input: HtmlInput): string => {
  const { plan, report } = input
  const rows = report.indicators.flatMap((indicator, n) => {
    const span = Math.max(1, indicator.targets.length)
    const head = (rows: number) =>
      `<td class="no" rowspan="${rows}">${n + 1}</td><td class="name" rowspan="${rows}">${escapeHtml(indicator.zh)}</td>`
    const lead = `<td class="lead" rowspan="${span}">${escapeHtml(leadText(leadUnits(plan, indicator), span))}</td>`
    if (indicator.targets.length === 0)
      return [`<tr data-indicator="${escapeHtml(indicator.id)}">${head(1)}<td>—</td><td class="num">${escapeHtml(formatFigure(valueAmount(indicator), valueUnit(plan, indicator)))}</td><td class="num">—</td>${lead}<td>—</td></tr>`]
    return indicator.targets.map((t, i) => {
      const unit = targetUnit(plan, indicator, i)
      const done = formatFigure(comparedAmount(t), unit)
      const year = t.comparedYear === report.year ? '' : `<span class="muted">${t.comparedYear}年 </span>`
      return `<tr${i === 0 ? ` data-indicator="${escapeHtml(indicator.id)}"` : ''}>${i === 0 ? head(span) : ''}<td class="target">${t.year}年 ${escapeHtml(targetWording(t, unit))}</td><td class="num">${year}${escapeHtml(done)}</td><td class="num">${completionRate(plan, indicator, i) ?? '—'}</td>${i === 0 ? lead : ''}<td class="status">${pill(t.status)}</td></tr>`
    })
  })
  return `<section class="overview" aria-label="一览表">
<h1>${escapeHtml(plan.title.zh)} · ${report.year}年指标进展一览表</h1>
<p class="sub">${escapeHtml(plan.document)} · 统计截至 ${report.occurredBy} · 账本第 ${report.knownAt.position.toLocaleString('zh-CN')} 条 · ${escapeHtml(filterText(report))} · ${escapeHtml(compiledText(input))}</p>
<table class="overview"><colgroup><col class="no"><col class="name"><col class="target"><col class="done"><col class="rate"><col class="lead"><col class="status"></colgroup>
<thead><tr><th>序号</th><th>指标</th><th>目标</th><th>完成值</th><th>完成率</th><th>牵头单位</th><th>状态</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
</section>`
}

const filterText = (report: Report): string => {
  const parts = Object.entries(report.filter).map(([k, v]) => `${k}=${String(v)}`)
  return parts.length === 0 ? '全县 whole county' : parts.join('，')
}

const STYLE = `
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${CHART_FONT}; color: #202124; margin: 0 auto; max-width: 190mm; padding: 8mm 0; font-size: 12px; line-height: 1.5; background: #fff; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header .sub { margin: 0 0 8px; color: #3c4043; }
dl.instants { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.instants dt { font-weight: bold; }
dl.instants dd { margin: 0; }
.counts { display: flex; gap: 6px; margin: 10px 0; }
.count { flex: 1; border-radius: 6px; padding: 6px 8px; display: flex; flex-direction: column; align-items: center; }
.count .n { font-size: 20px; font-weight: bold; }
.count.total { background: #f1f3f4; }
h2 { font-size: 16px; border-bottom: 2px solid #1a3c6e; padding-bottom: 2px; margin: 18px 0 8px; break-after: avoid; page-break-after: avoid; }
h2 small { font-weight: normal; color: #5f6368; font-size: 12px; }
section.part { break-before: auto; }
article.indicator { display: flex; gap: 10px; align-items: flex-start; border: 1px solid #dadce0; border-radius: 6px; padding: 8px; margin: 0 0 8px; break-inside: avoid; page-break-inside: avoid; }
article .info { flex: 1; min-width: 0; }
article h3 { font-size: 14px; margin: 0; }
article p { margin: 2px 0; }
.en, .muted { color: #5f6368; font-size: 11px; }
code { font-size: 10px; }
.figure { font-size: 15px; font-weight: bold; }
figure.chart { margin: 0; flex: none; }
figure.chart svg { display: block; }
table.targets { border-collapse: collapse; margin-top: 4px; width: 100%; }
table.targets th { white-space: nowrap; }
table.targets th, table.targets td { border-bottom: 1px solid #e8eaed; padding: 2px 4px; text-align: left; font-size: 11px; }
table.targets td.num { text-align: right; white-space: nowrap; }
.pill { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 11px; white-space: nowrap; }
.legend ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { display: inline-block; width: 14px; height: 10px; vertical-align: middle; }
.diamond { display: inline-block; width: 10px; height: 10px; background: #f9ab00; border: 1px solid #202124; transform: rotate(45deg); margin: 0 3px; vertical-align: middle; }
footer { margin-top: 16px; color: #5f6368; font-size: 10px; }
section.overview { break-after: page; page-break-after: always; }
section.overview h1 { font-size: 14px; margin: 0 0 1px; }
section.overview .sub { margin: 0 0 3px; color: #3c4043; font-size: 8.5px; }
table.overview { border-collapse: collapse; table-layout: fixed; width: 100%; font-size: 8.5px; line-height: 10.5px; }
table.overview col.no { width: 4%; } table.overview col.name { width: 27%; } table.overview col.target { width: 21%; }
table.overview col.done { width: 12%; } table.overview col.rate { width: 6%; } table.overview col.lead { width: 23%; } table.overview col.status { width: 7%; }
table.overview th { background: #1a3c6e; color: #fff; font-weight: bold; padding: 1px 2px; text-align: center; }
table.overview td { border: 1px solid #dadce0; padding: 0 2px; vertical-align: middle; }
table.overview td.target, table.overview td.num, table.overview td.status { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.overview td.num { text-align: right; }
table.overview td.no, table.overview td.status { text-align: center; }
table.overview .pill { font-size: 8px; padding: 0 4px; line-height: 9.5px; }
table.overview .muted { font-size: 8px; }
@media print { body { padding: 0; max-width: none; } }
`

/** The progress report as a self-contained, printable HTML page. */
export const toHtml = (input: HtmlInput): string => {
  const { plan, report } = input
  const sections = plan.sections
    .map((s) => ({ section: s.number, indicators: report.indicators.filter((i) => i.section === s.number) }))
    .filter((s) => s.indicators.length > 0)
  const recordedAt = report.knownAt.recordedAt === null ? '尚无记录 nothing recorded' : `${shanghai.format(new Date(report.knownAt.recordedAt))}（北京时间）`
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(plan.title.zh)} · ${report.year}年指标进展报告</title>
<style>${pageRules(input)}${STYLE}</style>
</head>
<body>
${overview(input)}
<header>
<h1>${escapeHtml(plan.title.zh)}</h1>
<p class="sub">${escapeHtml(plan.document)} · ${report.year}年指标进展报告 · ${escapeHtml(plan.title.en)}, progress report ${report.year}</p>
<dl class="instants">
<dt>统计截至 Occurred by</dt><dd>${report.occurredBy}（含当日，北京时间）</dd>
<dt>账本截至 Known at</dt><dd>第 ${report.knownAt.position.toLocaleString('zh-CN')} 条记录，${escapeHtml(recordedAt)}</dd>
<dt>范围 Scope</dt><dd>${escapeHtml(filterText(report))}</dd>
${input.compiledBy === undefined ? '' : `<dt>制表单位 Compiled by</dt><dd>${escapeHtml(input.compiledBy)}</dd>\n`}<dt>制表日期 Compiled on</dt><dd>${zhDate(input.compiledOn)}</dd>
${input.breakdown === undefined ? '' : `<dt>分解 Broken down by</dt><dd>${byLabels[input.breakdown.by].zh} ${byLabels[input.breakdown.by].en}</dd>\n`}</dl>
${statusCounts(report)}
</header>
${legend()}
${sections
  .map(
    (s) => `<section class="part" id="section-${s.section}">
<h2>${escapeHtml(sectionTitle(plan, s.section))} <small>${escapeHtml(sectionEn(plan, s.section))}</small></h2>
${s.indicators.map((i) => indicatorCard(i, input)).join('\n')}
</section>`,
  )
  .join('\n')}
<footer>由 policy-ledger 依账本生成 · generated by policy-ledger from the ledger · ${escapeHtml(plan.document)}</footer>
</body>
</html>
`
}
