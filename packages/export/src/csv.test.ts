import { parse } from 'csv-parse/sync'
import * as fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LineageRow, Report } from '@policy-ledger/core'
import { formulaPayloads } from '@policy-ledger/testkit'
import { breakdownOf, type Breakdown } from './breakdowns.js'
import { csvField, csvText, lineageCsv, opensFormula, toBreakdownCsv, toCsv } from './csv.js'
import { toOpenSdg } from './open-sdg.js'
import { toSdmxCsv } from './sdmx.js'
import { plan, sampleReports } from './testing/fixture.js'

/** A real CSV reader (csv-parse), to read back what was written as a spreadsheet's import would. */
const parseCsv = (text: string): string[][] => parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false })

let report: Report
let history: ReadonlyArray<Report>
let tally: Awaited<ReturnType<typeof sampleReports>>['tally']
beforeAll(async () => {
  ;({ report, history, tally } = await sampleReports())
})

describe('CSV', () => {
  it('starts with the UTF-8 byte-order mark, then Chinese headers', () => {
    const bytes = new TextEncoder().encode(toCsv(plan, report))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)
    expect(text.split('\r\n')[0]?.split(',').slice(0, 5)).toEqual(['指标编号', '指标名称', '英文名称', '所属部分', '单位'])
  })

  it('quotes a field with a comma and a quote, doubling the quote (RFC 4180)', () => {
    expect(csvField('嘉祥,"县"')).toBe('"嘉祥,""县"""')
    expect(csvField('line\nbreak')).toBe('"line\nbreak"')
    expect(csvField('plain')).toBe('plain')
    expect(csvField(null)).toBe('')
    expect(csvField(0.5)).toBe('0.5')
    const odd = { ...report, indicators: report.indicators.map((i) => (i.id === 'vehicles.nev-fleet' ? { ...i, zh: '新能源汽车,"保有量"' } : i)) }
    expect(toCsv(plan, odd)).toContain('vehicles.nev-fleet,"新能源汽车,""保有量""",')
  })

  it('reads back what it wrote, for any text, a quote before text that would open a formula (a law)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...formulaPayloads), fc.string().map((s) => `=${s}`))
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { maxLength: 5 }), (rows) => {
        // a row of one empty field is a blank line, which RFC 4180 reads as one empty field too
        expect(parseCsv(csvText(rows))).toEqual(rows.map((r) => r.map((s) => (opensFormula(s) ? `'${s}` : s))))
      }),
    )
  })

  it('has one row per indicator and target, with the status in Chinese and the figures as plain numbers', () => {
    const rows = parseCsv(toCsv(plan, report).slice(1))
    const header = rows[0] ?? []
    const col = (name: string) => header.indexOf(name)
    expect(rows.length - 1).toBe(report.indicators.reduce((n, i) => n + i.targets.length, 0))
    const fleet = rows.filter((r) => r[0] === 'vehicles.nev-fleet')
    expect(fleet.map((r) => [r[col('指标名称')], r[col('数值')], r[col('目标年份')], r[col('比较词')], r[col('目标值')], r[col('状态')]])).toEqual([
      ['新能源汽车保有量', '260', '2025', '左右', '16000', '进度滞后'],
      ['新能源汽车保有量', '260', '2027', '达到', '25000', '进度滞后'],
    ])
    const ratio = rows.find((r) => r[0] === 'vehicles.used-to-new-ratio') ?? []
    expect([ratio[col('数值')], ratio[col('分子')], ratio[col('分母')], ratio[col('状态')]]).toEqual(['0.9', '18', '20', '进展顺利'])
    const empty = rows.find((r) => r[0] === 'industry.key-process-cnc-rate') ?? []
    expect([empty[col('数值')], empty[col('事件数')], empty[col('状态')]]).toEqual(['', '0', '无数据'])
    expect(new Set(rows.slice(1).map((r) => r[col('状态')]))).toEqual(new Set(['已达成', '进展顺利', '存在风险', '进度滞后', '无数据']))
  })

  it('puts each status beside the year and the figure it was judged on, money in the unit the plan words the target in, rounded exactly', () => {
    const rows = parseCsv(toCsv(plan, report).slice(1))
    const header = rows[0] ?? []
    expect(header.slice(header.indexOf('目标值'), header.indexOf('状态') + 1)).toEqual(['目标值', '目标单位', '基期年份', '适用范围', '比较年份', '比较值', '状态'])
    const pick = (id: string, year: string, ...names: string[]) => {
      const row = rows.find((r) => r[0] === id && r[header.indexOf('目标年份')] === year) ?? []
      return names.map((n) => row[header.indexOf(n)])
    }
    // 突破2000万元 and 5000万元: in 万元, judged on 2025's 2,500万元 (the 2027 one too: it is not yet due); the value in 万元 too, not 25,000,000 元
    expect(pick('trade.used-car-exports', '2025', '数值', '单位', '目标值', '目标单位', '比较年份', '比较值', '状态')).toEqual(['2500', '万元', '2000', '万元', '2025', '2500', '已达成'])
    expect(pick('trade.used-car-exports', '2027', '目标值', '比较年份', '比较值')).toEqual(['5000', '2025', '2500'])
    // 3 of 13 towns is 23.0769…%: two places, rounded from the exact fraction
    expect(pick('charging.township-coverage', '2027', '数值', '比较值')).toEqual(['23.08', '23.08'])
    // a count due in 2027 judged on 2025's 14 exhibitions, not "no data"
    expect(pick('trade-in.nev-exhibitions', '2027', '比较年份', '比较值', '状态')).toEqual(['2025', '14', '进展顺利'])
  })

  it('writes a breakdown by town, one row per indicator, year and town with events', () => {
    const csv = toBreakdownCsv(plan, breakdownOf(plan, tally, 'town')(history.filter((r) => r.year === 2025)))
    expect(csv.startsWith('\uFEFF指标编号,指标名称,年份,镇街代码,镇街,数值,单位,')).toBe(true)
    const fleet = parseCsv(csv.slice(1)).filter((r) => r[0] === 'vehicles.nev-fleet')
    // 260 vehicles registered round-robin in four towns
    expect(fleet.map((r) => [r[3], r[4], r[5]])).toEqual([
      ['jiaxiang', '嘉祥街道', '65'],
      ['macun', '马村镇', '65'],
      ['zhifang', '纸坊镇', '65'],
      ['huanggai', '黄垓乡', '65'],
    ])
  })
})

describe('CSV: formulas from the caller stay text (OWASP CSV injection)', () => {
  const [first = ''] = formulaPayloads
  const lineageRow = (recordId: string): LineageRow => ({
    position: 1,
    id: '00000000-0000-4000-8000-000000000001',
    type: 'VehicleRegistered',
    stream: 'vehicle-LSVAM4187C0000001',
    occurredAt: '2025-01-02T10:00:00+08:00',
    recordedAt: '2025-01-02T02:00:00.000Z',
    recordedBy: 'public-security',
    source: { system: recordId, recordId },
    hash: 'ab'.repeat(32),
    amends: null,
  })
  /** a report whose fleet indicator's name and unit are the caller's text */
  const named =
    (zh: string) =>
    (r: Report): Report => ({ ...r, indicators: r.indicators.map((i) => (i.id === 'vehicles.nev-fleet' ? { ...i, zh, unit: { ...i.unit, zh } } : i)) })
  const townRows = (zh: string): Breakdown => ({
    by: 'town',
    rows: [{ indicator: 'vehicles.nev-fleet', year: 2025, code: zh, zh, en: zh, value: -3, numerator: null, denominator: null, events: 1 }],
  })
  /** every CSV the package writes, each carrying one payload where caller text can go */
  const writers: ReadonlyArray<readonly [string, (payload: string) => string]> = [
    ['report', (p) => toCsv(plan, named(p)(report))],
    ['breakdown', (p) => toBreakdownCsv(plan, townRows(p))],
    ['lineage', (p) => lineageCsv([lineageRow(p)])],
    ['sdmx-csv', (p) => toSdmxCsv(history, { dataflow: p })],
    ['open-sdg', (p) => toOpenSdg(history.map(named(p))).get('vehicles.nev-fleet') ?? ''],
  ]

  it.each(writers)('%s: every payload is read back as text behind a quote, never as the formula', (_, write) => {
    for (const payload of formulaPayloads) {
      const cells = parseCsv(write(payload)).flat()
      expect(cells).toContain(`'${payload}`)
      expect(cells).not.toContain(payload)
      // what opens a formula now is a number the library computed (the breakdown's -3), never text
      expect(cells.filter((c) => opensFormula(c) && !Number.isFinite(Number(c)))).toEqual([])
    }
  })

  it('writes numbers the library computed as numbers, a negative one too; only text is escaped', () => {
    expect(csvField(-3)).toBe('-3')
    expect(csvField({ value: -3.5, text: '-3.5' })).toBe('-3.5')
    expect(csvField('-3')).toBe(`"'-3"`)
    const [header = [], row = []] = parseCsv(toBreakdownCsv(plan, townRows(first)).slice(1))
    expect(row[header.indexOf('数值')]).toBe('-3')
    expect(row[header.indexOf('镇街')]).toBe(`'${first}`)
  })
})
