import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

/*
 * Printed pages looked at as a person would: headless Chromium (Debian's
 * package) prints the HTML to PDF, then pdf.js (pdfjs-dist, loaded into a
 * second Chromium page from an origin the test serves itself, since module
 * scripts do not load from file://) draws each page on a canvas and reads
 * its text layer. No poppler or system library is needed.
 */

export const CHROMIUM = '/usr/bin/chromium'

export const launch = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium fonts-noto-cjk\` (the HTML report tests need a real browser)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export interface PrintedPage {
  /** the page's text as pdf.js reads it, the radicals a CJK font shares with ideographs read as the ideographs (⽅ as 方, ⻚ as 页) */
  readonly text: string
  /** the page drawn at 150 dpi */
  readonly png: Buffer
  /** ink (non-white pixels) in the outermost 6 mm of the right edge: content cut off there would leave some */
  readonly inkAtRightEdge: number
}

const ORIGIN = 'http://pdf.invalid'

/* The PDF's font maps some glyphs to the radicals that share them: the Kangxi radicals have a compatibility decomposition, the simplified ones in the supplement none, so those the plan's words use are listed. */
const SUPPLEMENT: Readonly<Record<string, string>> = { '⻋': '车', '⻓': '长', '⻚': '页', '⻛': '风', '⻔': '门', '⻅': '见', '⻢': '马', '⻥': '鱼', '⻩': '黄', '⻬': '齐', '⻜': '飞', '⻘': '青', '⻝': '食', '⻉': '贝', '⻄': '西', '⻨': '麦', '⻦': '鸟', '⻰': '龙' }
const ideographs = (text: string): string =>
  text.replace(/[\u2e80-\u2eff]/g, (c) => SUPPLEMENT[c] ?? c).replace(/[\u2f00-\u2fdf]/g, (c) => c.normalize('NFKC'))
const DPI_SCALE = 150 / 72

const VIEWER = `<!doctype html><body style="margin:0;background:#fff"><script type="module">
import * as pdfjs from './pdf.mjs'
pdfjs.GlobalWorkerOptions.workerSrc = './pdf.worker.mjs'
const doc = await pdfjs.getDocument({ url: new URL('./printed.pdf', location.href).href }).promise
const pages = []
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n)
  const viewport = page.getViewport({ scale: ${DPI_SCALE} })
  const canvas = document.createElement('canvas')
  canvas.width = Math.floor(viewport.width)
  canvas.height = Math.floor(viewport.height)
  canvas.id = 'page-' + n
  canvas.style.display = 'block'
  document.body.append(canvas)
  await page.render({ canvas, viewport, background: '#ffffff' }).promise
  const strip = Math.round(canvas.width * 6 / 210)
  const data = canvas.getContext('2d').getImageData(canvas.width - strip, 0, strip, canvas.height).data
  let ink = 0
  for (let i = 0; i < data.length; i += 4) if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) ink++
  const content = await page.getTextContent()
  pages.push({ text: content.items.map((item) => item.str ?? '').join(''), ink })
}
window.printed = pages
</script></body>`

/** Each page of `pdf`, drawn and read. */
export const printedPages = async (browser: Browser, pdf: Buffer): Promise<ReadonlyArray<PrintedPage>> => {
  const build = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'build')
  const viewer = await browser.newPage({ viewport: { width: 1300, height: 1800 } })
  try {
    const errors: string[] = []
    viewer.on('pageerror', (e) => errors.push(e.message))
    await viewer.route(`${ORIGIN}/**`, (route) => {
      const name = new URL(route.request().url()).pathname.slice(1)
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: VIEWER })
      if (name === 'printed.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf })
      if (/^pdf(\.worker)?\.mjs$/.test(name)) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(build, name)) })
      return route.fulfill({ status: 404, body: '' })
    })
    await viewer.goto(`${ORIGIN}/index.html`)
    // as strings: they run in the page, where window is
    await viewer.waitForFunction('"printed" in window', null, { timeout: 60_000 }).catch(() => {
      throw new Error(`pdf.js did not draw the pages: ${errors.join('; ')}`)
    })
    const read = (await viewer.evaluate('window.printed')) as ReadonlyArray<{ text: string; ink: number }>
    return await Promise.all(
      read.map(async (p, i) => ({ text: ideographs(p.text), inkAtRightEdge: p.ink, png: await viewer.locator(`#page-${i + 1}`).screenshot() })),
    )
  } finally {
    await viewer.close()
  }
}
