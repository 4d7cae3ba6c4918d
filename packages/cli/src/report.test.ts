import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, jsonl, libraryOf, openSqlite, tempDir, vehicleRegistered } from './cli.test-helpers.js'

/*
 * report, verify and export against a small synthetic county (the demo at
 * a twentieth of its size), and a ledger built by hand for --known-at.
 */

const tmp = tempDir()
const db = tmp.path('small.db')
beforeAll(() => {
  const r = cli('demo', '--db', db, '--scale', '0.05')
  expect(r.status, r.stderr).toBe(0)
})
afterAll(() => tmp.remove())

interface JsonReport {
  year: number
  occurredBy: string
  knownAt: { position: number }
  indicators: Array<{ id: string; value: number | null; unit: { zh: string }; targets: Array<{ year: number; comparator: string; value: number | null; status: string }> }>
}
const jsonReport = (...args: string[]): JsonReport => {
  const r = cli('report', '--format', 'json', ...args)
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as JsonReport
}
const valueAmount = (r: JsonReport, id: string): number | null | undefined => r.indicators.find((i) => i.id === id)?.value

describe('report', () => {
  it('prints the JSON shape: 39 indicators with id, value, unit and targets', () => {
    const r = jsonReport('--db', db, '--year', '2025')
    expect(r.year).toBe(2025)
    expect(r.indicators).toHaveLength(39)
    for (const i of r.indicators) {
      expect(typeof i.id).toBe('string')
      expect(i.value === null || typeof i.value === 'number').toBe(true)
      for (const t of i.targets) expect(['met', 'on-track', 'at-risk', 'behind', 'no-data']).toContain(t.status)
    }
    expect(valueAmount(r, 'vehicles.nev-fleet')).toBeGreaterThan(0)
  })

  it('cuts at --occurred-by: fewer vehicles had been registered by the end of March than by the end of the year', () => {
    const march = jsonReport('--db', db, '--year', '2025', '--occurred-by', '2025-03-31')
    const year = jsonReport('--db', db, '--year', '2025')
    expect(march.occurredBy).toBe('2025-03-31')
    expect(valueAmount(march, 'vehicles.scrapped-dismantled')).toBeLessThan(valueAmount(year, 'vehicles.scrapped-dismantled') as number)
  })

  it('prints a table grouped by the plan sections, with status words', () => {
    const r = cli('report', '--db', db, '--year', '2025')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('一、总体要求')
    expect(r.stdout).toContain('五、实施新能源车辆倍增行动')
    // each status beside the year and the figure it was judged on
    expect(r.stdout).toMatch(/新能源汽车保有量\s+([\d,]+)\s+辆\s+2025\s+左右 16,000 辆\s+(已达成|进展顺利|存在风险|进度滞后)\s+2025\s+\1 辆\n/)
    expect(r.stdout).toMatch(/指标\s+数值\s+单位\s+年份\s+目标\s+状态\s+比较年份\s+比较值\n/)
  })

  it('breaks down by town, as a table and as JSON', () => {
    const table = cli('report', '--db', db, '--year', '2025', '--by', 'town')
    expect(table.status).toBe(0)
    expect(table.stdout).toContain('按镇街分解')
    expect(table.stdout).toMatch(/嘉祥街道|卧龙山街道/)
    const json = JSON.parse(cli('report', '--db', db, '--year', '2025', '--by', 'town', '--format', 'json').stdout) as { by: string; rows: Array<{ indicator: string; value: number | null; events: number }> }
    expect(json.by).toBe('town')
    const fleet = json.rows.filter((row) => row.indicator === 'vehicles.nev-fleet')
    expect(fleet.length).toBeGreaterThan(1)
    expect(fleet.reduce((n, row) => n + (row.value ?? 0), 0)).toBe(valueAmount(jsonReport('--db', db, '--year', '2025'), 'vehicles.nev-fleet'))
  })

  it('writes CSV with a BOM, a workbook that opens, and HTML with charts', async () => {
    expect(cli('report', '--db', db, '--format', 'csv', '--out', tmp.path('report.csv')).status).toBe(0)
    const bytes = readFileSync(tmp.path('report.csv'))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('新能源汽车保有量')

    expect(cli('report', '--db', db, '--format', 'xlsx', '--out', tmp.path('report.xlsx')).status).toBe(0)
    const ExcelJS = libraryOf('export', 'exceljs') as { Workbook: new () => { xlsx: { readFile(f: string): Promise<unknown> }; worksheets: Array<{ name: string }> } }
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(tmp.path('report.xlsx'))
    expect(wb.worksheets.map((s) => s.name)).toContain('汇总')

    const html = cli('report', '--db', db, '--format', 'html')
    expect(html.status).toBe(0)
    expect(html.stdout).toMatch(/^<!doctype html>/)
    expect(html.stdout).toContain('<svg')
  })

  it('carries --by beside the report in html, with the 制表单位 and 制表日期 it was given', () => {
    const r = cli('report', '--db', db, '--year', '2025', '--by', 'sector', '--format', 'html', '--compiled-by', '县商务局', '--compiled-on', '2026年1月5日')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('data-by="sector"')
    expect(r.stdout).toContain('制表单位：县商务局')
    expect(r.stdout).toContain('2026年1月5日')
  })

  it.each(['1999', '2030'])('refuses --year %s, naming the plan\'s years, before the ledger is opened', (year) => {
    const r = cli('report', '--db', tmp.path('never-made.db'), '--year', year)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`--year ${year} 不在方案年份之内`)
    expect(r.stderr).toMatch(/2024–2027/)
    expect(readdirSync(tmp.path('.')).includes('never-made.db')).toBe(false)
  })
})

describe('report: each status beside the value it was judged on', () => {
  let serial = 0
  const event = (type: string, occurredAt: string, recordedBy: string, data: object) => ({
    id: `7f000000-0000-4000-9000-${String(++serial).padStart(12, '0')}`,
    type,
    occurredAt,
    recordedBy,
    source: { system: 'judge-test', recordId: String(serial) },
    data,
  })
  const pile = (n: number, day: string) =>
    event('ChargingPileCommissioned', `${day}T10:00:00+08:00`, 'energy', { pileId: `P${n}`, stationId: `S${n % 7}`, operator: '国网', public: true, fast: true, powerKw: '120', town: 'macun' })
  const revenue = (period: string, value: string) =>
    event('StatisticReported', `${period}-12-31T12:00:00+08:00`, 'industry-it', { statistic: 'high-end-equipment-revenue', period, value, source: '县统计局', method: '年报' })
  const exported = (n: number, fen: number, day: string) =>
    event('UsedCarExported', `${day}T10:00:00+08:00`, 'commerce', { vin: `LSVAM4187C${String(n).padStart(7, '0')}`, exporter: { name: '嘉祥外贸公司' }, destination: 'KZ', value: fen, town: 'development-zone' })
  const ledger = tmp.path('judged.db')
  beforeAll(() => {
    const inputs = [
      ...Array.from({ length: 500 }, (_, n) => pile(n, '2023-05-01')),
      ...Array.from({ length: 480 }, (_, n) => pile(500 + n, '2025-05-01')),
      revenue('2025', '1690000000'),
      revenue('2027', '2460000000'),
      exported(1, 1_500_000_000, '2023-08-01'),
      exported(2, 2_100_000_000, '2025-08-01'),
    ]
    const r = cli('import', write('judged.jsonl', jsonl(inputs)), '--db', ledger)
    expect(r.status, r.stderr).toBe(0)
  })

  it('prints, in the 2027 report, the 2025 value on which the 2025 target’s status rests, in the 亿元 the plan words it in', () => {
    const r = cli('report', '--db', ledger, '--year', '2027')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/高端装备营业收入\s+24\.6\s+亿元\s+2025\s+达到 17 亿元\s+进度滞后\s+2025\s+16\.9 亿元\n\s+2027\s+达到 25 亿元\s+进度滞后\s+2027\s+24\.6 亿元\n/)
  })

  it('judges, in the 2025 report, a target due in 2027 on 2025’s value: no "no data" where that year has data', () => {
    const r = cli('report', '--db', ledger, '--year', '2025')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/二手车出口额\s+2,100\s+万元\s+2025\s+突破 2,000 万元\s+已达成\s+2025\s+2,100 万元\n\s+2027\s+突破 5,000 万元\s+存在风险\s+2025\s+2,100 万元\n/)
  })

  it('meets 年均增长40%以上 with piles from 500 to 980, exactly 40%, the exact figure in the JSON', () => {
    const r = cli('report', '--db', ledger, '--year', '2025', '--format', 'json')
    expect(r.status, r.stderr).toBe(0)
    const growth = (JSON.parse(r.stdout) as { indicators: Array<{ id: string; value: number; exact: unknown; targets: Array<Record<string, unknown>> }> }).indicators.find(
      (i) => i.id === 'charging.public-piles-annual-growth',
    )
    expect(growth?.value).toBe(40)
    expect(growth?.exact).toEqual({ numerator: '40', denominator: '1' })
    expect(growth?.targets.find((t) => t.year === 2025)).toMatchObject({ compared: 40, comparedYear: 2025, comparedExact: { numerator: '40', denominator: '1' }, status: 'met' })
    // no pile was added in 2024: 0% that year, behind; 40% a year over two by 2025, met
    expect(cli('report', '--db', ledger, '--year', '2025').stdout).toMatch(/公共充电桩保有量年均增长率\s+40\s+%（较基期增长）\s+2024\s+以上 40%（较2023年）\s+进度滞后\s+2024\s+0%\n\s+2025\s+以上 40%（较2023年）\s+已达成\s+2025\s+40%\n/)
  })

  it('draws no year in a chart after the report’s --year or --occurred-by', () => {
    // the charts' year labels are SVG text; every one of the 39 charts reaches the last year it may
    const axis = (html: string) => html.match(/>(\d{4})年<\/text>/g) ?? []
    const year = cli('report', '--db', ledger, '--year', '2025', '--format', 'html')
    expect(year.status, year.stderr).toBe(0)
    expect(new Set(axis(year.stdout))).toEqual(new Set(['>2023年</text>', '>2024年</text>', '>2025年</text>']))
    expect(axis(year.stdout).filter((t) => t === '>2025年</text>')).toHaveLength(39)
    const cut = cli('report', '--db', ledger, '--year', '2027', '--occurred-by', '2024-06-30', '--format', 'html')
    expect(cut.status, cut.stderr).toBe(0)
    expect(new Set(axis(cut.stdout))).toEqual(new Set(['>2023年</text>', '>2024年</text>']))
  })
})

describe('report --known-at', () => {
  it('reads what the ledger knew then: a late report recorded afterwards is not counted', async () => {
    const ledger = tmp.path('late.db')
    expect(cli('import', write('first.jsonl', jsonl([vehicleRegistered(1, '2025-03-01T09:30:00+08:00')])), '--db', ledger).status).toBe(0)
    const between = new Date().toISOString()
    await new Promise((resolve) => setTimeout(resolve, 20))
    // reported late: it occurred before the first, and was recorded after
    expect(cli('import', write('late.jsonl', jsonl([vehicleRegistered(2, '2025-02-01T09:30:00+08:00')])), '--db', ledger).status).toBe(0)
    const then = jsonReport('--db', ledger, '--year', '2025', '--known-at', between)
    const now = jsonReport('--db', ledger, '--year', '2025')
    expect(then.knownAt.position).toBe(1)
    expect(valueAmount(then, 'vehicles.nev-fleet')).toBe(1)
    expect(valueAmount(now, 'vehicles.nev-fleet')).toBe(2)
  })
})

describe('verify', () => {
  it('says OK with the count and head hash', () => {
    const r = cli('verify', '--db', db)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^OK/)
    expect(r.stdout).toMatch(/条目 entries: \d+/)
    expect(r.stdout).toMatch(/链头 head: sha256:[0-9a-f]{64}/)
  })

  it('names the position of an entry changed in the file behind the ledger’s back', () => {
    const tampered = tmp.path('tampered.db')
    copyFileSync(db, tampered)
    const sqlite = openSqlite(tampered)
    const changed = sqlite.prepare("UPDATE entries SET body = replace(body, '\"town\":\"', '\"town\":\"x') WHERE position = 1234").run()
    sqlite.close()
    expect(changed.changes).toBe(1)
    const r = cli('verify', '--db', tampered)
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^FAILED/)
    expect(r.stdout).toMatch(/位置 position: 1234\n/)
    expect(r.stdout).toContain('content changed')
  })
})

describe('export', () => {
  it('writes every entry as stored, and importing that into a fresh ledger gives the same head position and report', () => {
    const ndjson = tmp.path('entries.ndjson')
    expect(cli('export', '--db', db, '--format', 'ndjson', '--out', ndjson).status).toBe(0)
    const lines = readFileSync(ndjson, 'utf8').trim().split('\n')
    const first = JSON.parse(lines[0] ?? '{}') as { position: number; hash: string; prevHash: string }
    expect(first.position).toBe(1)
    expect(first.hash).toMatch(/^sha256:/)

    const copy = tmp.path('copy.db')
    const imported = cli('import', ndjson, '--db', copy)
    expect(imported.status, imported.stderr).toBe(0)
    const count = (file: string): string => /条目 entries: (\d+)/.exec(cli('verify', '--db', file).stdout)?.[1] ?? ''
    expect(count(copy)).toBe(String(lines.length))
    expect(count(copy)).toBe(count(db))
    const strip = (r: JsonReport): unknown => ({ ...r, knownAt: null })
    expect(strip(jsonReport('--db', copy, '--year', '2025'))).toEqual(strip(jsonReport('--db', db, '--year', '2025')))
  })

  it('writes the indicators by year as CSV, SDMX-CSV, Open SDG files and a workbook', () => {
    const csv = cli('export', '--db', db, '--format', 'csv')
    expect(csv.status).toBe(0)
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true)
    for (const year of ['2023', '2025', '2027']) expect(csv.stdout).toContain(`,${year},`)

    const sdmx = cli('export', '--db', db, '--format', 'sdmx-csv')
    expect(sdmx.status).toBe(0)
    expect(sdmx.stdout.split('\r\n')[0]).toMatch(/^DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE/)
    expect(sdmx.stdout).toContain(',2027,')

    const dir = tmp.path('open-sdg')
    expect(cli('export', '--db', db, '--format', 'open-sdg', '--out', dir).status).toBe(0)
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toHaveLength(39)

    expect(cli('export', '--db', db, '--format', 'xlsx', '--out', tmp.path('export.xlsx')).status).toBe(0)
    expect([...readFileSync(tmp.path('export.xlsx')).subarray(0, 2)]).toEqual([0x50, 0x4b])
  })
})

const write = (name: string, content: string): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}
