import { beforeAll, describe, expect, it } from 'vitest'
import { type Report } from '@policy-ledger/core'
import { toHtml } from './html.js'
import { sectionTitle } from './labels.js'
import { plan, sampleReports } from './testing/fixture.js'

let report: Report
let history: ReadonlyArray<Report>
let html: string
beforeAll(async () => {
  ;({ report, history } = await sampleReports())
  html = toHtml({ plan, report, history, compiledBy: '县发展改革局', compiledOn: '2025-07-01' })
})

describe('the HTML report, as text', () => {
  it('is self-contained: no script, no link, no image or font from anywhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/\s(src|href)=/i)
    // the only addresses are SVG namespaces, which name, not fetch
    const addresses = html.match(/https?:\/\/[^\s"']+/g) ?? []
    expect(new Set(addresses)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']))
  })

  it('prints on A4, keeping each indicator on one page, with the title, 制表单位, 制表日期 and page numbers in the page margins', () => {
    expect(html).toMatch(/@page \{\s*size: A4;/)
    expect(html).toContain('@top-right { content: "制表单位：县发展改革局　制表日期：2025年7月1日"')
    expect(html).toContain('@bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"')
    expect(html).toMatch(/article\.indicator \{[^}]*break-inside: avoid/)
  })

  it('groups the indicators by the plan’s parts, in order, with a chart each', () => {
    const titles = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => html.indexOf(`<h2>${sectionTitle(plan, s)}`))
    expect(titles.every((at, i) => at > 0 && (i === 0 || at > (titles[i - 1] as number)))).toBe(true)
    expect(html.match(/<article class="indicator"/g)).toHaveLength(plan.indicators.length)
    expect(html.match(/<figure class="chart"[^>]*><svg /g)).toHaveLength(plan.indicators.length)
  })

  it('names the lead units, both instants, and every status in the legend', () => {
    const fleet = html.slice(html.indexOf('<article class="indicator" id="vehicles.nev-fleet"'))
    expect(fleet.slice(0, fleet.indexOf('</article>'))).toContain('<b>牵头单位</b> 县机关事务服务中心、县交通运输局、县邮政管理局、县商务局')
    expect(html).toContain('<dd>2025-06-30（含当日，北京时间）</dd>')
    expect(html).toContain(`第 ${report.knownAt.position} 条记录`)
    for (const zh of ['已达成', '进展顺利', '存在风险', '进度滞后', '无数据']) expect(html).toMatch(new RegExp(`<li><span class="pill"[^>]*>${zh}</span>`))
  })

  it('states beside each status the year and the figure it was judged on, money as the plan words it', () => {
    const card = (id: string) => {
      const from = html.slice(html.indexOf(`<article class="indicator" id="${id}"`))
      return from.slice(0, from.indexOf('</article>'))
    }
    expect(card('vehicles.nev-fleet')).toContain('<th>目标年份</th><th>目标 Target</th><th>比较值 Judged on</th><th>状态 Status</th>')
    const exports = card('trade.used-car-exports')
    expect(exports).toContain('<span class="figure">2,500 万元</span>')
    expect(exports).toContain('<td>2027年</td><td>突破 5,000 万元</td><td class="num"><span class="muted">2025年</span> 2,500 万元</td>')
    // a 2025 figure not yet reported by 30 June is no data, and only that
    expect(card('industry.high-end-equipment-revenue')).toMatch(/<td>2025年<\/td><td>达到 17 亿元<\/td><td class="num"><span class="muted">2025年<\/span> —<\/td><td><span class="pill"[^>]*>无数据<\/span>/)
  })

  it('opens with a 一览表 of every indicator and target: its number, target, figure, 完成率, lead units and status', () => {
    const overview = html.slice(html.indexOf('<section class="overview"'), html.indexOf('</section>'))
    expect(overview).toContain('<th>序号</th><th>指标</th><th>目标</th><th>完成值</th><th>完成率</th><th>牵头单位</th><th>状态</th>')
    expect(overview.match(/<tr data-indicator=/g)).toHaveLength(plan.indicators.length)
    expect(overview.match(/<td class="status">/g)).toHaveLength(report.indicators.reduce((n, i) => n + i.targets.length, 0))
    // 突破2000万元 done with 2,500万元: 125.0%; 达到0.8 with 0.9 (18/20): 112.5%; 年均增长40%以上 is a rate, no share of it
    const row = (id: string) => overview.slice(overview.indexOf(`data-indicator="${id}"`)).split('</tr>')[0] ?? ''
    expect(row('trade.used-car-exports')).toContain('<td class="target">2025年 突破 2,000 万元</td><td class="num">2,500 万元</td><td class="num">125.0%</td><td class="lead" rowspan="2">县商务局</td>')
    expect(row('vehicles.used-to-new-ratio')).toContain('<td class="num">0.9</td><td class="num">112.5%</td>')
    expect(row('charging.public-piles-annual-growth')).toMatch(/<td class="num">(<span[^>]*>2024年 <\/span>)?50%<\/td><td class="num">—<\/td>/)
    // eleven lead units do not fit one line: as many as fit, then how many in all (the card names them all)
    expect(row('investment.equipment-growth')).toMatch(/<td class="lead" rowspan="1">[^<]+等11家<\/td>/)
  })

  it('escapes what it quotes', () => {
    const odd = { ...report, indicators: report.indicators.map((i) => (i.id === 'vehicles.nev-fleet' ? { ...i, zh: '<b>新能源</b> & "车"' } : i)) }
    const page = toHtml({ plan, report: odd, history, compiledBy: '</style><b>"x"\\', compiledOn: '2025-07-01' })
    expect(page).toContain('<h3>&lt;b&gt;新能源&lt;/b&gt; &amp; &quot;车&quot;</h3>')
    expect(page).not.toContain('<b>新能源</b>')
    // 制表单位 stands in a CSS string on every printed page and in the page's head: closing neither
    expect(page).toContain('content: "嘉祥县推动大规模设备更新和消费品以旧换新工作方案 · 2025年指标进展报告"')
    expect(page).toContain('content: "制表单位：\\3c /style>\\3c b>\\"x\\"\\\\　制表日期：2025年7月1日"')
    expect(page).toContain('<dd>&lt;/style&gt;&lt;b&gt;&quot;x&quot;\\</dd>')
    expect(page).not.toContain('</style><b>')
  })
})
