import { createLedger, eventTypes, memoryStore, registry, type RecordInput } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import ExcelJS from 'exceljs'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, tempDir } from './cli.test-helpers.js'
import { templateWorkbook } from './commands/template.js'
import { totals } from './import.test-helpers.js'
import { ENVELOPE_ZH, FIELD_ZH } from './import/names.js'
import { xlsxSheet } from './import/xlsx.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

const load = async (file: string): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  return workbook
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1)

describe('template', () => {
  it('writes a sheet of Chinese headers, the English under them, drop-downs, a date column, an example row that imports, and 填写说明', async () => {
    const file = tmp.path('设备更新.template.xlsx')
    const r = cli('template', 'EquipmentReplaced', '--out', file)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const workbook = await load(file)
    expect(workbook.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['设备更新', 'visible'],
      ['填写说明', 'visible'],
      ['选项', 'hidden'],
    ])
    const sheet = workbook.getWorksheet('设备更新') as ExcelJS.Worksheet
    const english = rowValues(sheet, 2)
    expect(english.slice(0, 4)).toEqual(['occurredAt', 'recordedBy', 'source.system', 'source.recordId'])
    expect(english).toContain('data.enterprise.name')
    expect(rowValues(sheet, 1)).toEqual(english.map((c) => (String(c).startsWith('data.') ? FIELD_ZH[String(c).slice(5)] : ENVELOPE_ZH[c as keyof typeof ENVELOPE_ZH])))
    const col = (name: string): number => english.indexOf(name) + 1
    const lists = workbook.getWorksheet('选项') as ExcelJS.Worksheet
    /** The answers a column's drop-down offers, read through its range on the hidden sheet. */
    const offered = (name: string, row = 3): unknown[] => {
      const v = sheet.getCell(row, col(name)).dataValidation
      expect(v.type).toBe('list')
      const m = /^'选项'!\$([A-Z]+)\$1:\$\1\$(\d+)$/.exec(String(v.formulae[0]))
      expect(m).not.toBeNull()
      return Array.from({ length: Number(m?.[2]) }, (_, i) => lists.getCell(`${m?.[1]}${i + 1}`).value)
    }
    expect(offered('recordedBy')).toContain('县工业和信息化局')
    expect(offered('data.town', 500)).toEqual(jiaxiang2024.towns.map((t) => t.zh))
    expect(offered('data.sector')).toEqual(jiaxiang2024.sectors.map((s) => s.zh))
    expect(offered('data.efficiencyBefore')).toEqual(['一级', '二级', '三级', '四级', '五级'])
    expect(sheet.getCell(3, col('data.enterprise.name')).dataValidation).toBeUndefined()
    expect(sheet.getCell(3, col('occurredAt')).numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(sheet.getCell(3, col('occurredAt')).value).toBeInstanceOf(Date)
    const guide = workbook.getWorksheet('填写说明') as ExcelJS.Worksheet
    expect(String(guide.getCell('A1').value)).toContain('嘉政发〔2024〕5号')

    const db = tmp.path('template.db')
    const imported = cli('import', file, '--db', db)
    expect(imported.stderr).toBe('')
    expect(totals(imported)).toEqual({ recorded: 1, duplicates: 0, rejected: 0 })
  })

  it('writes one sheet per event type with --all, and refuses an unknown type or a file there already', async () => {
    const file = tmp.path('all.xlsx')
    expect(cli('template', '--all', '--out', file).status).toBe(0)
    const workbook = await load(file)
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...eventTypes.map((t) => registry.get(t)?.definition.title.zh), '填写说明', '选项'])
    expect(cli('template', 'VehicleTeleported', '--out', tmp.path('x.xlsx'))).toMatchObject({ status: 2, stderr: expect.stringMatching(/VehicleTeleported 不是事件类型，.* \/ VehicleTeleported is not an event type/) })
    expect(cli('template', 'EquipmentReplaced', '--out', file)).toMatchObject({ status: 2, stderr: expect.stringMatching(/文件已存在，未覆盖/) })
  })

  it('has an example row every event type’s codec takes, read back as the import reads it', async () => {
    const ids = new Set<string>()
    for (const type of eventTypes) {
      const bytes = await templateWorkbook(jiaxiang2024, [type])
      const sheet = await xlsxSheet(`${type}.template.xlsx`, jiaxiang2024, bytes)
      if (E.isLeft(sheet)) throw new Error(sheet.left)
      const [line] = sheet.right.lines
      expect(sheet.right.lines).toHaveLength(1)
      if (line === undefined) throw new Error(`${type}: no example row`)
      if (E.isLeft(line.input)) throw new Error(`${type}: ${line.input.left}`)
      ids.add((line.input.right as RecordInput).id)
      const recorded = await createLedger({ store: memoryStore(), plan: jiaxiang2024 }).recordBatch([line.input.right as RecordInput])()
      // facts that need one before them (a vehicle scrapped needs it registered) may break an invariant; none may be invalid
      if (E.isLeft(recorded)) expect([type, recorded.left.code]).toEqual([type, 'INVARIANT_VIOLATED'])
    }
    // each example its own source record: examples left in two sheets are two events, not one id twice
    expect(ids.size).toBe(eventTypes.length)
  })
})
