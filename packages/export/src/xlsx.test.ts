import ExcelJS from 'exceljs'
import * as fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import type { Report, Tally } from '@policy-ledger/core'
import { breakdownOf } from './breakdowns.js'
import { formulaPayloads } from '@policy-ledger/testkit'
import { sectionTitle } from './labels.js'
import { plan, sampleReports } from './testing/fixture.js'
import { targetColumns } from './table.js'
import { sheetName, TEXT_FORMAT, toXlsx } from './xlsx.js'

/** the rows of the section sheets: one per indicator and target, one for an indicator without */
const targetRowsOf = (r: Report): number => r.indicators.reduce((n, i) => n + Math.max(i.targets.length, 1), 0)

let report: Report
let history: ReadonlyArray<Report>
let tally: Tally
let wb: ExcelJS.Workbook
const read = async (bytes: Uint8Array): Promise<ExcelJS.Workbook> => {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return book
}
beforeAll(async () => {
  ;({ report, history, tally } = await sampleReports())
  wb = await read(await toXlsx(plan, report))
})

/** A column's number, found by its header's Chinese line (目标年份\nTarget year). */
const col = (zh: string): number => {
  const at = targetColumns(plan).findIndex((c) => c.zh === zh)
  if (at < 0) throw new Error(`no column ${zh}`)
  return at + 1
}
const rowOf = (sheet: ExcelJS.Worksheet | undefined, id: string, targetYear: number): ExcelJS.Row => {
  let found: ExcelJS.Row | undefined
  sheet?.eachRow((row) => {
    if (row.getCell(1).value === id && row.getCell(col('目标年份')).value === targetYear) found = row
  })
  if (found === undefined) throw new Error(`no row for ${id} ${targetYear}`)
  return found
}
const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined)

describe('XLSX', () => {
  it('has the overview, then a sheet per part of the plan named as the plan numbers them', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '一、总体要求',
      '二、实施高水平技术改造行动',
      '三、实施产业数字化转型升级行动',
      '四、实施设备更新迭代行动',
      '五、实施新能源车辆倍增行动',
      '六、实施消费品以旧换新行动',
      '七、实施供给产品质量升级行动',
      '八、实施资源回收利用行动',
      '九、实施标准提升衔接行动',
      '十、保障措施',
    ])
  })

  it('styles and freezes the header', () => {
    const sheet = wb.getWorksheet('五、实施新能源车辆倍增行动')
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = sheet?.getRow(1)
    expect(header?.getCell(1).value).toBe('指标编号\nIndicator id')
    expect(header?.getCell(col('比较年份')).value).toBe('比较年份\nCompared year')
    expect(header?.getCell(1).font?.bold).toBe(true)
    expect(fillOf(header?.getCell(1) as ExcelJS.Cell)).toBe('FF1A3C6E')
  })

  it('formats counts with thousands separators, shares as percentages, 元 with two decimals, and money targets in the plan’s 万元', () => {
    const fleet = rowOf(wb.getWorksheet('一、总体要求'), 'vehicles.nev-fleet', 2025)
    expect(fleet.getCell(col('数值')).value).toBe(260)
    expect(fleet.getCell(col('数值')).numFmt).toBe('#,##0')
    expect(fleet.getCell(col('目标值')).value).toBe(16_000)
    expect(fleet.getCell(col('目标值')).numFmt).toBe('#,##0')
    const coverage = rowOf(wb.getWorksheet('五、实施新能源车辆倍增行动'), 'charging.township-coverage', 2027)
    // 3 of 13 towns: written as a fraction, shown as 23.1%
    expect(coverage.getCell(col('数值')).value).toBeCloseTo(3 / 13, 12)
    expect(coverage.getCell(col('数值')).numFmt).toBe('0.0%')
    expect(coverage.getCell(col('分子')).value).toBe(3)
    // 突破2000万元: the target, the figure it was judged on and the indicator's value in 万元, as the plan words them
    const exports = rowOf(wb.getWorksheet('八、实施资源回收利用行动'), 'trade.used-car-exports', 2025)
    expect([exports.getCell(col('数值')).value, exports.getCell(col('数值')).numFmt, exports.getCell(col('单位')).value]).toEqual([2_500, '#,##0.00"万元"', '万元'])
    expect([exports.getCell(col('目标值')).value, exports.getCell(col('目标值')).numFmt, exports.getCell(col('目标单位')).value]).toEqual([2_000, '#,##0.00"万元"', '万元'])
    expect([exports.getCell(col('比较年份')).value, exports.getCell(col('比较值')).value]).toEqual([2025, 2_500])
    // 达到17亿元 in 亿元; by 30 June 2025 that year's revenue was not yet reported (it is dated 31 December): no data, and said so
    const revenue = rowOf(wb.getWorksheet('七、实施供给产品质量升级行动'), 'industry.high-end-equipment-revenue', 2025)
    expect([revenue.getCell(col('目标值')).value, revenue.getCell(col('目标值')).numFmt, revenue.getCell(col('比较值')).value, revenue.getCell(col('状态')).value]).toEqual([
      17,
      '#,##0.00"亿元"',
      null,
      '无数据',
    ])
    // a growth target on a level is in per cent: 约一倍 is 100% over 2023
    const scrapped = rowOf(wb.getWorksheet('一、总体要求'), 'vehicles.scrapped-dismantled', 2027)
    expect([scrapped.getCell(col('目标值')).value, scrapped.getCell(col('目标值')).numFmt, scrapped.getCell(col('目标单位')).value]).toEqual([1, '0.0%', '%（较基期增长）'])
  })

  it('colours the status cell: red behind, dark green met, light green on track, amber at risk, grey no data', () => {
    const one = wb.getWorksheet('一、总体要求')
    const status = (sheet: string, id: string, year: number) => rowOf(wb.getWorksheet(sheet), id, year).getCell(col('状态'))
    expect([status('一、总体要求', 'vehicles.nev-fleet', 2025).value, fillOf(status('一、总体要求', 'vehicles.nev-fleet', 2025))]).toEqual(['进度滞后', 'FFD93025'])
    // a rate already above its target before the year closes is on track, not yet met
    expect([status('一、总体要求', 'vehicles.used-to-new-ratio', 2025).value, fillOf(status('一、总体要求', 'vehicles.used-to-new-ratio', 2025))]).toEqual(['进展顺利', 'FFA8DAB5'])
    const met = report.indicators.flatMap((i) => i.targets.filter((t) => t.status === 'met').map((t) => ({ i, t })))[0]
    expect(met).toBeDefined()
    expect(fillOf(rowOf(wb.getWorksheet(sectionTitle(plan, met?.i.section ?? 0)), met?.i.id ?? '', met?.t.year ?? 0).getCell(col('状态')))).toBe('FF1E8E3E')
    expect([status('三、实施产业数字化转型升级行动', 'digital.computing-power', 2025).value, fillOf(status('三、实施产业数字化转型升级行动', 'digital.computing-power', 2025))]).toEqual(['存在风险', 'FFF9AB00'])
    expect(fillOf(rowOf(one, 'industry.key-process-cnc-rate', 2027).getCell(col('状态')))).toBe('FFBDC1C6')
    const onTrack = report.indicators.flatMap((i) => i.targets.filter((t) => t.status === 'on-track').map((t) => ({ i, t })))[0]
    expect(onTrack).toBeDefined()
    expect(fillOf(rowOf(wb.getWorksheet(sectionTitle(plan, onTrack?.i.section ?? 0)), onTrack?.i.id ?? '', onTrack?.t.year ?? 0).getCell(col('状态')))).toBe('FFA8DAB5')
  })

  it('counts each status on the overview, in total and by part', () => {
    const overview = wb.getWorksheet('汇总')
    let total: ExcelJS.Row | undefined
    overview?.eachRow((row) => {
      if (row.getCell(1).value === '全部目标 All targets') total = row
    })
    const counts = [2, 3, 4, 5, 6, 7].map((c) => total?.getCell(c).value)
    const all = report.indicators.flatMap((i) => i.targets)
    expect(counts).toEqual([...['met', 'on-track', 'at-risk', 'behind', 'no-data'].map((s) => all.filter((t) => t.status === s).length), all.length])
    expect(counts[5]).toBe(81)
    expect(fillOf(total?.getCell(2) as ExcelJS.Cell)).toBe('FF1E8E3E')
    expect(overview?.getCell('B3').value).toBe('2025-06-30')
  })

  it('makes any name a sheet name Excel accepts (a law), and leaves the plan’s names alone', () => {
    expect(sheetName('一、总体要求')).toBe('一、总体要求')
    expect(sheetName("'a/b:c?[d]*'")).toBe('a_b：c？_d__')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (name) => {
        const s = sheetName(name)
        expect(Array.from(s).length).toBeLessThanOrEqual(31)
        expect(s).not.toMatch(/[\\/?*[\]:]/)
        expect(s.startsWith("'") || s.endsWith("'")).toBe(false)
        expect(s.trim()).not.toBe('')
      }),
    )
  })

  it('writes text that would open a formula as a string cell in the Text format, never a formula, read back by SheetJS', async () => {
    // each indicator's name is one of the payloads, in turn: every section sheet carries some
    const tainted: Report = { ...report, indicators: report.indicators.map((i, n) => ({ ...i, zh: formulaPayloads[n % formulaPayloads.length] ?? '' })) }
    const book = XLSX.read(await toXlsx(plan, tainted), { type: 'array', cellFormula: true, cellNF: true })
    const cells = book.SheetNames.flatMap((name) =>
      Object.entries(book.Sheets[name] ?? {}).flatMap(([at, cell]) => (at.startsWith('!') ? [] : [cell as XLSX.CellObject])),
    )
    expect(cells.filter((c) => c.f !== undefined)).toEqual([])
    const names = cells.filter((c) => typeof c.v === 'string' && formulaPayloads.includes(c.v))
    expect(new Set(names.map((c) => c.v))).toEqual(new Set(formulaPayloads))
    expect(names.length).toBe(targetRowsOf(tainted))
    for (const c of names) expect([c.t, c.z]).toEqual(['s', TEXT_FORMAT])
  })
})

describe('XLSX for printing', () => {
  let bytes: Uint8Array
  let printed: ExcelJS.Workbook
  beforeAll(async () => {
    bytes = await toXlsx(plan, report, { history, breakdown: breakdownOf(plan, tally, 'town')([report]) })
    printed = await read(bytes)
  }, 60_000)

  it('prints every sheet on A4, fitted to the page’s width, as many pages down as it takes, page numbers in the footer', () => {
    expect(printed.worksheets.map((s) => s.name)).toContain('分解（镇街）')
    for (const sheet of printed.worksheets) {
      expect(sheet.pageSetup, sheet.name).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 })
      expect(sheet.headerFooter.oddFooter, sheet.name).toBe('&C第 &P 页 / 共 &N 页')
    }
    expect(printed.getWorksheet('五、实施新能源车辆倍增行动')?.pageSetup.orientation).toBe('landscape')
  })

  it('repeats the header rows on every printed page (print titles), as Excel and SheetJS read them', () => {
    expect(printed.getWorksheet('汇总')?.pageSetup.printTitlesRow).toBe('1:6')
    expect(printed.getWorksheet('五、实施新能源车辆倍增行动')?.pageSetup.printTitlesRow).toBe('1:1')
    const names = XLSX.read(bytes, { type: 'array' }).Workbook?.Names ?? []
    const titles = names.filter((n) => n.Name === '_xlnm.Print_Titles')
    expect(titles).toHaveLength(printed.worksheets.length)
    expect(titles.map((n) => n.Ref)).toContain("'五、实施新能源车辆倍增行动'!$1:$1")
  })

  it('carries each section’s charts under its table, one picture per indicator, each a PNG of the chart', () => {
    for (const s of plan.sections) {
      const sheet = printed.getWorksheet(sectionTitle(plan, s.number))
      const indicators = report.indicators.filter((i) => i.section === s.number)
      const images = sheet?.getImages() ?? []
      expect(images, sectionTitle(plan, s.number)).toHaveLength(indicators.length)
      // under the table: the first picture starts below the last row of figures
      const rows = indicators.reduce((n, i) => n + Math.max(1, i.targets.length), 0)
      for (const image of images) expect(image.range.tl.nativeRow).toBeGreaterThan(rows)
    }
    const pictures = printed.worksheets.flatMap((sheet) => sheet.getImages().map((i) => printed.getImage(Number(i.imageId))))
    for (const picture of pictures) {
      const png = Buffer.from(picture.buffer as unknown as Uint8Array)
      expect(picture.extension).toBe('png')
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      // drawn at twice the chart's 380 × 210
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([760, 420])
    }
    // pictures of charts with different figures differ: they are drawn, not one placeholder (empty charts with like targets may look alike)
    expect(new Set(pictures.map((p) => Buffer.from(p.buffer as unknown as Uint8Array).toString('base64'))).size).toBeGreaterThan(pictures.length / 2)
  })

  it('puts the breakdown on a sheet of its own, values in the unit the targets are worded in', () => {
    const sheet = printed.getWorksheet('分解（镇街）')
    expect(sheet?.getRow(1).getCell(7).value).toBe('单位')
    const fleet: ExcelJS.Row[] = []
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === 'vehicles.nev-fleet') fleet.push(row)
    })
    // 260 vehicles round-robin in four towns
    expect(fleet.map((r) => [r.getCell(5).value, r.getCell(6).value, r.getCell(7).value])).toEqual([
      ['嘉祥街道', 65, '辆'],
      ['马村镇', 65, '辆'],
      ['纸坊镇', 65, '辆'],
      ['黄垓乡', 65, '辆'],
    ])
  })
})
