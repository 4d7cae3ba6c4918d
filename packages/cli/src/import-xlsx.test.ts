import ExcelJS from 'exceljs'
import { existsSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { totals } from './import.test-helpers.js'

/* Workbooks as clerks fill them in Excel: written and read back with exceljs, imported into real SQLite ledgers. */

const tmp = tempDir()
afterAll(() => tmp.remove())

const header = ['发生时间', '填报单位', '来源系统', '来源记录号', '业务记录号', '企业名称', '行业', '镇街', '数量', '投资额（分）', '更新前能效等级', '更新后能效等级', '统一社会信用代码']

/** A row of the sheet: one replacement, its record number n. */
const row = (n: number): ExcelJS.CellValue[] => [new Date(Date.UTC(2025, 5, 10, 8, 30)), '县工业和信息化局', 'equipment-renewal', `EQ-${n}`, `EQ-${n}`, '嘉祥化工有限公司', '化工', '马村镇', 12, 360000000, '四级', '一级', null]

const rejectsOf = async (file: string): Promise<{ readonly header: ReadonlyArray<unknown>; readonly rows: ReadonlyArray<ReadonlyArray<unknown>> }> => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  const sheet = workbook.worksheets[0]
  const values: unknown[][] = []
  sheet?.eachRow((r) => values.push((r.values as unknown[]).slice(1)))
  const [head = [], ...rows] = values
  return { header: head, rows }
}

describe('import XLSX', () => {
  const db = tmp.path('xlsx.db')
  const file = tmp.path('equipment.xlsx')

  it('reads the first visible worksheet like a CSV: dates, exact numbers, cached formula results; refuses each row it cannot read exactly, naming row and column', async () => {
    const workbook = new ExcelJS.Workbook()
    const hidden = workbook.addWorksheet('旧表')
    hidden.state = 'hidden'
    hidden.addRow(['这不是表头'])
    const sheet = workbook.addWorksheet('设备更新')
    sheet.addRow(header)
    sheet.addRow(row(1)) // 2: recorded
    sheet.addRow(row(2)).getCell(4).value = 202503000000000000 // 3: an id Excel made a number of
    sheet.addRow(row(3)).getCell(10).value = { formula: 'I4*30000000', result: 360000000 } // 4: recorded
    sheet.addRow(row(4)) // 5: recorded, the master of merged 镇街
    sheet.addRow(row(5)) // 6: inside the merge
    sheet.mergeCells('H5:H6')
    sheet.addRow(row(6)).getCell(13).value = '913708290000000000' // 7: text in a hidden column
    sheet.getColumn(13).hidden = true
    sheet.addRow(row(7)).getCell(9).value = { error: '#N/A' } // 8
    sheet.addRow(row(8)).getCell(10).value = { formula: 'I9*30000000' } // 9: a formula never calculated
    const r9 = sheet.addRow(row(9)) // 10: recorded, its id a number cell exactly
    r9.getCell(4).value = 1009
    r9.getCell(5).value = 1009
    workbook.addWorksheet('备注').addRow(['second sheet, not read'])
    await workbook.xlsx.writeFile(file)

    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(totals(r)).toEqual({ recorded: 4, duplicates: 0, rejected: 5 })
    expect(r.stdout).toContain(`被拒绝的行 rejected lines: ${file}.rejects.xlsx`)
    const exported = cli('export', '--db', db, '--format', 'ndjson')
      .stdout.split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { occurredAt: string; source: { recordId: string }; data: { investment: number; town: string } })
    expect(exported.map((e) => [e.source.recordId, e.occurredAt, e.data.investment, e.data.town])).toEqual([
      ['EQ-1', '2025-06-10T08:30:00+08:00', 360000000, 'macun'],
      ['EQ-3', '2025-06-10T08:30:00+08:00', 360000000, 'macun'],
      ['EQ-4', '2025-06-10T08:30:00+08:00', 360000000, 'macun'],
      ['1009', '2025-06-10T08:30:00+08:00', 360000000, 'macun'],
    ])

    const rejects = await rejectsOf(`${file}.rejects.xlsx`)
    expect(rejects.header).toEqual(['行号', '原因', ...header])
    expect(rejects.rows.map((x) => x[0])).toEqual(['3', '6', '7', '8', '9'])
    const reasons = rejects.rows.map((x) => String(x[1]))
    expect(reasons[0]).toMatch(/^第 3 行 列 来源记录号（source\.recordId）：数字 202503000000000000 超出可精确读取的范围/)
    expect(reasons[1]).toMatch(/^第 6 行 列 镇街（data\.town）：是合并单元格（H5）的一部分，请取消合并并在每一格填写 \/ row 6, column 镇街（data\.town）: is part of merged cells \(H5\)/)
    expect(reasons[2]).toMatch(/^第 7 行 列 统一社会信用代码（data\.enterprise\.creditCode）：在隐藏列中且有内容/)
    expect(reasons[3]).toMatch(/^第 8 行 列 数量（data\.quantity）：单元格是错误值 #N\/A/)
    expect(reasons[4]).toMatch(/^第 9 行 列 投资额（分）（data\.investment）：公式没有保存计算结果/)
    expect(rejects.rows[0]?.slice(2, 7)).toEqual(['2025-06-10 08:30:00', '县工业和信息化局', 'equipment-renewal', '202503000000000000', 'EQ-2'])
    expect(rejects.rows[3]?.[10]).toBe('#N/A')
  })

  it('records nothing new when the workbook is imported again, and replaces its own rejects workbook', () => {
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(totals(r)).toEqual({ recorded: 0, duplicates: 4, rejected: 5 })
  })

  it('refuses a file that is not a workbook before anything is recorded, also from good files given with it', () => {
    const other = tmp.path('refused.db')
    const good = tmp.path('good.jsonl')
    writeFileSync(good, jsonl([vehicleRegistered(1, '2025-03-01T09:30:00+08:00')]))
    const bad = tmp.path('broken.xlsx')
    writeFileSync(bad, 'PK\u0003\u0004 this is not a workbook')
    const r = cli('import', good, bad, '--db', other)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/broken\.xlsx: 无法作为 XLSX 工作簿读取（.*） \/ cannot be read as an XLSX workbook; 未导入任何内容 \/ nothing was imported$/m)
    expect(existsSync(other)).toBe(false)
  })
})
