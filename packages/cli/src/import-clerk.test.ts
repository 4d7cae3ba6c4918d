import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { sourceId } from './import/ids.js'
import { csvRejectsOf, rejectsOf, totals } from './import.test-helpers.js'

/*
 * Sheets as department clerks fill them in Excel or WPS and save them: the
 * columns and rows Excel leaves behind, Chinese headers and names, ids the
 * import derives, and rejects that come back in the clerk's own format.
 */

const tmp = tempDir()
afterAll(() => tmp.remove())

const write = (name: string, content: string | Uint8Array): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}

const entriesOf = (db: string): Array<{ id: string; occurredAt: string; recordedBy: string; data: Record<string, unknown> }> =>
  cli('export', '--db', db, '--format', 'ndjson')
    .stdout.split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { id: string; occurredAt: string; recordedBy: string; data: Record<string, unknown> })

describe('import CSV as Excel saves it', () => {
  const header = 'id,occurredAt,recordedBy,source.system,source.recordId,data.vin,data.reason'
  const row = (n: number, rest = ''): string => `7f000000-0000-4000-8000-${String(100 + n).padStart(12, '0')},2025-04-01,public-security,registry,D-${n},LSVAM4187C${String(n).padStart(7, '0')},scrapped${rest}`

  it('skips the empty columns at the end of the header and the rows that are only commas, and refuses a row with text beyond the header', () => {
    const db = tmp.path('excel.db')
    expect(cli('import', write('registered.jsonl', jsonl([1, 2, 3].map((n) => vehicleRegistered(n, '2025-03-01T09:30:00+08:00')))), '--db', db).status).toBe(0)
    const file = write('VehicleDeregistered.csv', [`${header},,,`, `${row(1)},,,`, ',,,,,,,,,', ' , ,', `${row(2)},,,x`, row(3), ''].join('\r\n'))
    const r = cli('import', file, '--db', db)
    expect(totals(r)).toEqual({ recorded: 2, duplicates: 0, rejected: 1 })
    expect(csvRejectsOf(`${file}.rejects.csv`).rows.map((x) => [x.line, x.reason])).toEqual([[5, '第 5 行有 10 格，表头只有 7 列 / the row has 10 cells, the header has 7']])
    expect(entriesOf(db).filter((e) => e.data['reason'] === 'scrapped').map((e) => e.data['vin'])).toEqual(['LSVAM4187C0000001', 'LSVAM4187C0000003'])
  })
})

describe('import CSV in Chinese', () => {
  const zhHeader = '事件编号,发生时间,填报单位,来源系统,来源记录号,车辆识别代号,data.category,燃料类型,回收拆解企业名称,回收拆解企业资质编号,镇街'
  const enHeader = 'id,occurredAt,recordedBy,source.system,source.recordId,data.vin,data.category,data.fuelType,data.recycler.name,data.recycler.licence,data.town'
  const id = (n: number): string => `7f000000-0000-4000-8000-${String(300 + n).padStart(12, '0')}`
  const vin = (n: number): string => `LSVAM4187C${String(200 + n).padStart(7, '0')}`

  it('takes Chinese and English column names mixed, Chinese names of units, towns and enumerations, and dates as clerks write them', () => {
    const db = tmp.path('zh.db')
    expect(cli('import', write('zh-registered.jsonl', jsonl([1, 2, 3, 4].map((n) => ({ ...vehicleRegistered(200 + n, '2025-01-05T09:30:00+08:00', 'petrol') })))), '--db', db).status).toBe(0)
    const file = write(
      '报废汽车规范回收拆解.csv',
      `\uFEFF${[
        zhHeader,
        enHeader,
        `${id(1)},2025年3月3日,商务局,recycling,R-1,${vin(1)},小型客车,汽油,嘉祥绿源回收有限公司,JX-001,马村镇`,
        `${id(2)},2025/3/4 9:30,县商务局,recycling,2.02503E+11,${vin(2)},passenger-car,petrol,嘉祥绿源回收有限公司,JX-001,macun`,
        `${id(3)},2025.3.5,commerce,recycling,R-3,${vin(3)},小型客车,煤油,嘉祥绿源回收有限公司,JX-001,马村镇`,
        `${id(4)},2025年2月30日,commerce,recycling,R-4,${vin(4)},小型客车,汽油,嘉祥绿源回收有限公司,JX-001,马村镇`,
      ].join('\r\n')}\r\n`,
    )
    const r = cli('import', file, '--db', db)
    expect(totals(r)).toEqual({ recorded: 1, duplicates: 0, rejected: 3 })
    const rejects = csvRejectsOf(`${file}.rejects.csv`).rows
    expect(rejects.map((x) => [x.line, x.reason])).toEqual([
      [
        4,
        '第 4 行 列 来源记录号（source.recordId）：2.02503E+11 是科学计数法，长数字已被 Excel 截断；请将该列设为文本格式后重新录入原号码 / row 4, column 来源记录号（source.recordId）: 2.02503E+11 is in scientific notation: Excel cut the long number short; format the column as text and enter the number again',
      ],
      [5, expect.stringMatching(/^字段不符合要求：data\.fuelType: 应为燃料类型，取 petrol.*收到 "煤油" \/ expected a fuel type: one of petrol.*got "煤油"/)],
      [6, '第 6 行 列 发生时间（occurredAt）：2025年2月30日 不是存在的日期 / row 6, column 发生时间（occurredAt）: 2025年2月30日 is not a date that exists'],
    ])
    const scrapped = entriesOf(db).filter((e) => e.id === id(1))
    expect(scrapped).toMatchObject([{ occurredAt: '2025-03-03T00:00:00+08:00', recordedBy: 'commerce', data: { vin: vin(1), category: 'passenger-car', fuelType: 'petrol', town: 'macun', recycler: { name: '嘉祥绿源回收有限公司', licence: 'JX-001' } } }])
  })

  it('takes the event type by its Chinese title in a type column, and refuses a header that names one column twice in two languages', () => {
    const db = tmp.path('zh-type.db')
    const file = write('vehicles.csv', ['事件类型,事件编号,发生时间,填报单位,来源系统,来源记录号,车辆识别代号,类别,燃料类型,排放标准,使用性质,镇街', `机动车注册登记,${id(9)},2025-05-01 08:00,公安局,registry,REG-9,${vin(9)},货车,柴油,国六b,营运,纸坊镇`].join('\n'))
    const r = cli('import', file, '--db', db)
    expect(r.stderr).toBe('')
    expect(entriesOf(db)).toMatchObject([{ id: id(9), occurredAt: '2025-05-01T08:00:00+08:00', recordedBy: 'public-security', data: { category: 'goods-vehicle', fuelType: 'diesel', emissionStandard: 'china-6b', use: 'commercial', town: 'zhifang' } }])

    const twice = write('VehicleRegistered.csv', `事件编号,id,发生时间,填报单位,来源系统,来源记录号\n`)
    const refused = cli('import', twice, '--db', db)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('VehicleRegistered.csv:1: 列 事件编号 与列 id 是同一列 / columns 事件编号 and id are the same column (id); 未导入任何内容 / nothing was imported')
  })
})

describe('import CSV without ids', () => {
  it('gives each row the id of its source record, so the same sheet imported again records nothing new', () => {
    const db = tmp.path('ids.db')
    const file = write(
      'EquipmentReplaced.csv',
      [
        '发生时间,填报单位,来源系统,来源记录号,业务记录号,企业名称,行业,镇街,数量,投资额（分）,更新前能效等级,更新后能效等级,事件编号',
        '2025-06-10,县工业和信息化局,equipment-renewal,EQ-1,EQ-1,嘉祥化工有限公司,化工,嘉祥经济开发区,12,360000000,四级,一级,',
        '2025-06-11,工业和信息化局,equipment-renewal,EQ-2,EQ-2,山东嘉祥石材有限公司,建材,马村镇,3,1200000,三级,二级,',
        '2025-06-12,industry-it,equipment-renewal,EQ-3,EQ-3,嘉祥纺织有限公司,textiles-apparel,macun,1,500000,grade-3,grade-3,7e000000-0000-4000-8000-000000000003',
      ].join('\n'),
    )
    const first = cli('import', file, '--db', db)
    expect(first.stderr).toBe('')
    expect(totals(first)).toEqual({ recorded: 3, duplicates: 0, rejected: 0 })
    expect(entriesOf(db).map((e) => e.id)).toEqual([sourceId('equipment-renewal', 'EQ-1'), sourceId('equipment-renewal', 'EQ-2'), '7e000000-0000-4000-8000-000000000003'])
    const again = cli('import', file, '--db', db)
    expect(again.status).toBe(0)
    expect(totals(again)).toEqual({ recorded: 0, duplicates: 3, rejected: 0 })
    expect(entriesOf(db)).toHaveLength(3)
  })
})

describe('rejected rows come back in the clerk’s format', () => {
  const header = '发生时间,填报单位,来源系统,来源记录号,车辆识别代号,事由'
  const row = (n: number, reason: string): string => `2025-04-0${n},县公安局,registry,D-${n},LSVAM4187C${String(400 + n).padStart(7, '0')},${reason}`

  it('writes a CSV input’s rejected rows as they were, after 行号 and 原因, and imports the mended file as it is', () => {
    const db = tmp.path('rejects.db')
    expect(cli('import', write('rejects-registered.jsonl', jsonl([1, 2, 3, 5].map((n) => vehicleRegistered(400 + n, '2025-03-01T09:30:00+08:00')))), '--db', db).status).toBe(0)
    const file = write('VehicleDeregistered.csv', [header, row(1, '报废'), row(2, '卖掉了'), row(3, '"转出, 外省"'), row(4, '报废')].join('\n'))
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(totals(r)).toEqual({ recorded: 1, duplicates: 0, rejected: 3 })
    expect(r.stdout).toContain(`被拒绝的行 rejected lines: ${file}.rejects.csv`)
    const rejects = csvRejectsOf(`${file}.rejects.csv`)
    expect(rejects.header.join(',')).toBe(header)
    expect(rejects.rows.map((x) => [x.line, x.cells.join('|')])).toEqual([
      [3, `2025-04-02|县公安局|registry|D-2|LSVAM4187C0000402|卖掉了`],
      [4, `2025-04-03|县公安局|registry|D-3|LSVAM4187C0000403|转出, 外省`],
      [5, `2025-04-04|县公安局|registry|D-4|LSVAM4187C0000404|报废`],
    ])
    expect(rejects.rows[0]?.reason).toMatch(/^字段不符合要求：data\.reason: 应为注销原因.* \/ expected a deregistration reason/)
    expect(rejects.rows[2]?.reason).toMatch(/^与台账中已记录的事实不符：vehicle-LSVAM4187C0000404: .*not registered/)

    // mended in place (行号 and 原因 left as they are), the rejects file imports as it is
    const mended = readFileSync(`${file}.rejects.csv`, 'utf8').replaceAll('卖掉了', '其他').replaceAll('转出, 外省', '转出').replaceAll('LSVAM4187C0000404', 'LSVAM4187C0000405')
    const again = cli('import', write('VehicleDeregistered.mended.csv', mended), '--db', db)
    expect(again.stderr).toBe('')
    expect(totals(again)).toEqual({ recorded: 3, duplicates: 0, rejected: 0 })
  })

  it('replaces its own earlier rejects file, refuses any other file there without --force, and keeps JSON Lines for --rejects', () => {
    const db = tmp.path('rejects-force.db')
    const file = write('VehicleDeregistered.csv', [header, row(5, '报废')].join('\n'))
    expect(cli('import', file, '--db', db).status).toBe(1)
    expect(cli('import', file, '--db', db).status).toBe(1)
    expect(csvRejectsOf(`${file}.rejects.csv`).rows.map((x) => x.line)).toEqual([2])
    writeFileSync(`${file}.rejects.csv`, 'my notes\n')
    const refused = cli('import', file, '--db', db)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/rejects\.csv: 文件已存在，未覆盖（确要覆盖请加 --force）/)
    expect(readFileSync(`${file}.rejects.csv`, 'utf8')).toBe('my notes\n')
    expect(cli('import', file, '--db', db, '--force').status).toBe(1)
    expect(csvRejectsOf(`${file}.rejects.csv`).rows).toHaveLength(1)
    const all = tmp.path('all.rejects.jsonl')
    expect(cli('import', file, '--db', db, '--rejects', all).status).toBe(1)
    expect(rejectsOf(all)).toMatchObject([{ file, line: 2, code: 'INVARIANT_VIOLATED' }])
  })
})
