import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHtml, type HtmlInput } from './html.js'
import { statusLabels, statusOrder } from './labels.js'
import { plan, sampleReports, statisticReports, type SampleReports } from './testing/fixture.js'
import { launch, printedPages, type PrintedPage } from './testing/print.js'

/*
 * The HTML report looked at as a person would: real headless Chromium
 * (Debian's package), opened from a file:// URL with the network watched,
 * printed to PDF and each printed page drawn to a PNG and read back.
 */

// written where a person can open them after the run; docs/report-screenshot.png is the demo ledger's report, made the same way
const SCREENSHOT = join(tmpdir(), 'policy-ledger-report-screenshot.png')
const pagePng = (n: number): string => join(tmpdir(), `policy-ledger-report-page-${n}.png`)

const COMPILED = { compiledBy: '县发展改革局', compiledOn: '2025-07-01' } as const

let browser: Browser
let dir: string
let sample: SampleReports

beforeAll(async () => {
  sample = await sampleReports()
  dir = await mkdtemp(join(tmpdir(), 'policy-ledger-report-'))
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

/** The page opened from a file, as a person opening the report would. */
const opened = async (input: HtmlInput, name: string): Promise<{ page: Page; url: string }> => {
  const file = join(dir, `${name}.html`)
  await writeFile(file, toHtml(input))
  const url = pathToFileURL(file).href
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 } })
  await page.goto(url, { waitUntil: 'load' })
  return { page, url }
}

interface Box {
  readonly text: string
  readonly left: number
  readonly top: number
  readonly right: number
  readonly bottom: number
}

/** Every pair of labels in one chart whose boxes, as the browser laid them out, intersect. */
const overlappingLabels = async (page: Page): Promise<ReadonlyArray<string>> => {
  const charts = await page.$$eval('article[data-indicator]', (articles) =>
    articles.map((a) => ({
      id: a.getAttribute('data-indicator') ?? '',
      boxes: [...a.querySelectorAll('figure.chart svg text')]
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => {
          const b = t.getBoundingClientRect()
          return { text: t.textContent ?? '', left: b.left, top: b.top, right: b.right, bottom: b.bottom }
        }),
    })),
  )
  // half a pixel of slack: glyph boxes of two lines that merely touch are not an overlap
  const meet = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5
  return charts.flatMap((c) => c.boxes.flatMap((a, i) => c.boxes.slice(i + 1).filter((b) => meet(a, b)).map((b) => `${c.id}: “${a.text}” over “${b.text}”`)))
}

/** The labels of one chart, by indicator. */
const labelsOf = (page: Page, id: string): Promise<ReadonlyArray<string>> =>
  page.$eval(`article[data-indicator="${id}"]`, (a) => [...a.querySelectorAll('figure.chart svg text')].map((t) => t.textContent ?? ''))

describe('the HTML report in headless Chromium', () => {
  it('paints every chart with Chinese text, asks the network for nothing, logs no error, and prints on A4', async () => {
    const file = join(dir, 'report.html')
    await writeFile(file, toHtml({ ...sample, ...COMPILED }))
    const url = pathToFileURL(file).href
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } })
    const requests: string[] = []
    const errors: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(url, { waitUntil: 'load' })

    const charts = await page.$$eval('article[data-indicator]', (articles) =>
      articles.map((a) => {
        const svg = a.querySelector('figure.chart svg')
        const box = svg?.getBoundingClientRect()
        const texts = [...(svg?.querySelectorAll('text') ?? [])].map((t) => t.textContent ?? '')
        const painted = [...(svg?.querySelectorAll('path, rect') ?? [])].filter((e) => {
          const b = e.getBoundingClientRect()
          return b.width > 0 || b.height > 0
        }).length
        return { id: a.getAttribute('data-indicator'), width: box?.width ?? 0, height: box?.height ?? 0, texts, painted }
      }),
    )
    expect(charts.map((c) => c.id)).toEqual(plan.indicators.map((i) => i.id))
    for (const c of charts) {
      expect(c.width, c.id ?? '').toBeGreaterThan(100)
      expect(c.height, c.id ?? '').toBeGreaterThan(100)
      expect(c.painted, c.id ?? '').toBeGreaterThan(1)
      expect(c.texts.some((t) => /[\u4e00-\u9fff]/.test(t)), `${c.id}: Chinese <text>`).toBe(true)
    }
    // a chart without a value says so; one with values draws labelled bars: the NEV fleet stood at 260 by mid-2025
    expect(charts.find((c) => c.id === 'industry.energy-benchmark-capacity-share')?.texts).toContain('无数据 no data')
    expect(charts.find((c) => c.id === 'vehicles.nev-fleet')?.texts).toContain('260')

    expect(requests).toEqual([url])
    expect(errors).toEqual([])

    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString('latin1')).toBe('PNG')
    await page.close()
  })

  describe('chart labels', () => {
    it('never overlap in the sample county’s report', async () => {
      const { page } = await opened({ ...sample, ...COMPILED }, 'labels-sample')
      expect(await overlappingLabels(page)).toEqual([])
      await page.close()
    })

    // the value on the target, no value at all, and a value far beyond every target
    it.each([
      { name: 'equal to the target', values: { mechanisation: '96', revenue: '1700000000', exportFen: 2_000_000_000 }, label: '96', revenueLabel: '17' },
      { name: 'zero', values: { mechanisation: '0', revenue: '0', exportFen: 0 }, label: '0', revenueLabel: '0' },
      { name: 'huge', values: { mechanisation: '100', revenue: '876543210987', exportFen: 99_999_999_999_999 }, label: '100', revenueLabel: '8,765.43' },
    ])('never overlap with values $name', async ({ name, values, label, revenueLabel }) => {
      const { page } = await opened({ ...(await statisticReports(values)), ...COMPILED }, `labels-${name}`)
      // the values are drawn, so the test is of them
      expect(await labelsOf(page, 'agriculture.mechanisation-rate')).toContain(label)
      expect(await labelsOf(page, 'industry.high-end-equipment-revenue')).toContain(revenueLabel)
      expect(await labelsOf(page, 'industry.high-end-equipment-revenue')).toContain('目标 17')
      expect(await overlappingLabels(page)).toEqual([])
      await page.close()
    })
  })

  describe('printed', () => {
    let pages: ReadonlyArray<PrintedPage>
    beforeAll(async () => {
      const { page } = await opened({ ...sample, ...COMPILED }, 'printed')
      // as a person prints it: the page's own @page rules, no header or footer template of the printing program
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      await page.close()
      pages = await printedPages(browser, pdf)
      pages.forEach((p, i) => writeFileSync(pagePng(i + 1), p.png))
    }, 120_000)

    it('has more than a few pages, each drawn as an A4 image', () => {
      expect(pages.length).toBeGreaterThan(5)
      for (const p of pages) {
        expect(p.png.subarray(1, 4).toString('latin1')).toBe('PNG')
        // 150 dpi: 1240 × 1754 pixels for 210 × 297 mm
        expect(p.png.readUInt32BE(16), 'width').toBeGreaterThan(1200)
        expect(p.png.readUInt32BE(20), 'height').toBeGreaterThan(1700)
      }
    })

    it('carries on every page the plan’s title, 制表单位, 制表日期 and 第 N 页 / 共 M 页', () => {
      pages.forEach((p, i) => {
        expect(p.text, `page ${i + 1}`).toContain(`${plan.title.zh} · 2025年指标进展报告`)
        expect(p.text, `page ${i + 1}`).toContain('制表单位：县发展改革局')
        expect(p.text, `page ${i + 1}`).toContain('制表日期：2025年7月1日')
        expect(p.text, `page ${i + 1}`).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`)
      })
    })

    const HEADER = /序号\s*指标\s*目标\s*完成值\s*完成率\s*牵头单位\s*状态/
    it('opens with the 一览表 on page 1 alone: every indicator and all five statuses there, none of it on page 2', () => {
      const [first = '', second = ''] = pages.map((p) => p.text)
      expect(first).toContain('2025年指标进展一览表')
      expect(first).toMatch(HEADER)
      for (const i of sample.report.indicators) expect(first, i.zh).toContain(i.zh)
      for (const s of statusOrder) expect(first, s).toContain(statusLabels[s].zh)
      expect(second).not.toMatch(HEADER)
      expect(second).not.toContain('一览表')
      // the last indicator's last row is on page 1: the table did not run over
      expect(first).toMatch(/39\s*二手车出口额.*2027年 突破 5,000 万元/)
    })

    it('cuts nothing off at the right edge of any page', () => {
      pages.forEach((p, i) => expect(p.inkAtRightEdge, `page ${i + 1}`).toBe(0))
    })
  })
})
