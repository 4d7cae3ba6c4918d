import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHtml } from './html.js'
import { plan, sampleReports } from './testing/fixture.js'

/*
 * The HTML report looked at as a person would: real headless Chromium
 * (Debian's package), opened from a file:// URL with the network watched.
 */

const CHROMIUM = '/usr/bin/chromium'
// written where a person can open it after the run; docs/report-screenshot.png is the demo ledger's report, made the same way
const SCREENSHOT = join(tmpdir(), 'policy-ledger-report-screenshot.png')

let browser: Browser
let dir: string
let url: string

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium fonts-noto-cjk\` (the HTML report test needs a real browser)`)
  const html = toHtml(await sampleReports())
  dir = await mkdtemp(join(tmpdir(), 'policy-ledger-report-'))
  const file = join(dir, 'report.html')
  await writeFile(file, html)
  url = pathToFileURL(file).href
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

afterAll(async () => {
  await browser?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('the HTML report in headless Chromium', () => {
  it('paints every chart with Chinese text, asks the network for nothing, logs no error, and prints on A4', async () => {
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
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages.length).toBeGreaterThan(3)
    await page.close()
  })
})
