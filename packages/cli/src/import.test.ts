import fc from 'fast-check'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { csvRejectsOf } from './import.test-helpers.js'
import { chineseOrAscii, concat, gb18030, injected, notUtf8, utf8 } from './import/text.test-helpers.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

const summaryLine = (stdout: string, file: string): string => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${file}:`))
  if (line === undefined) throw new Error(`no summary for ${file} in:\n${stdout}`)
  return line
}

const summary = (stdout: string, file: string): { recorded: number; duplicates: number; rejected: number } => {
  const m = /recorded (\d+) · 重复 duplicates (\d+) · 已拒绝 rejected (\d+)/.exec(summaryLine(stdout, file))
  if (m === null) throw new Error(`no counts for ${file} in:\n${stdout}`)
  return { recorded: Number(m[1]), duplicates: Number(m[2]), rejected: Number(m[3]) }
}

/** The encoding the summary line says the file was read in. */
const encodingOf = (stdout: string, file: string): string | undefined => /· 按 (\S+) 编码读取 read as \1$/.exec(summaryLine(stdout, file))?.[1]

const rejectsOf = (file: string): Array<{ file: string; line: number; code: string; reason: string; text?: string }> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; line: number; code: string; reason: string; text?: string })

/** Every entry of a ledger, as `export --format ndjson` writes them. */
const entriesOf = (db: string): Array<{ id: string; data: Record<string, unknown> }> => {
  const r = cli('export', '--db', db, '--format', 'ndjson')
  expect(r.status).toBe(0)
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { id: string; data: Record<string, unknown> })
}

/** An equipment replacement by an enterprise of this name: an event that stands alone, with Chinese text in it. */
const equipmentReplaced = (n: number, name: string): Record<string, unknown> => ({
  id: `7e000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'EquipmentReplaced',
  occurredAt: '2025-06-10T08:00:00+08:00',
  recordedBy: 'industry-it',
  source: { system: 'equipment-renewal', recordId: `EQ-${n}` },
  data: { recordId: `EQ-${n}`, enterprise: { name }, sector: 'chemicals', town: 'development-zone', quantity: 12, investment: 360000000, efficiencyBefore: 'grade-4', efficiencyAfter: 'grade-1' },
})

const enterpriseNames = (db: string): Array<unknown> => entriesOf(db).map((e) => (e.data['enterprise'] as { name?: unknown } | undefined)?.name)

const headOf = (db: string): number => {
  const r = cli('verify', '--db', db)
  expect(r.status).toBe(0)
  return Number(/条目 entries: (\d+)/.exec(r.stdout)?.[1])
}

describe('import JSON Lines', () => {
  const db = tmp.path('jsonl.db')
  const file = tmp.path('mixed.jsonl')
  const good = [vehicleRegistered(1, '2025-03-01T09:30:00+08:00'), vehicleRegistered(2, '2025-03-02T09:30:00+08:00')]
  writeFileSync(
    file,
    [
      JSON.stringify(good[0]),
      '{"id": "7f000000-0000-4000-8000-000000000099", "type": ',
      JSON.stringify({ ...vehicleRegistered(3, '2025-02-30T09:30:00+08:00') }),
      '',
      JSON.stringify({ ...vehicleRegistered(4, '2025-03-01T09:30:00+08:00'), type: 'VehicleTeleported' }),
      JSON.stringify({ ...vehicleRegistered(5, '2025-03-01T09:30:00+08:00'), data: { vin: 'LSVAM4187C0000005', reason: 'scrapped' }, type: 'VehicleDeregistered' }),
      JSON.stringify(good[1]),
    ].join('\n'),
  )

  it('records the good lines of a batch and rejects each bad line with its number and reason', () => {
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(summary(r.stdout, file)).toEqual({ recorded: 2, duplicates: 0, rejected: 4 })
    const rejects = rejectsOf(`${file}.rejects.jsonl`)
    expect(rejects.map((x) => [x.line, x.code])).toEqual([
      [2, 'READ_FAILED'],
      [3, 'VALIDATION_FAILED'],
      [5, 'VALIDATION_FAILED'],
      [6, 'INVARIANT_VIOLATED'],
    ])
    expect(rejects.every((x) => x.file === file)).toBe(true)
    expect(rejects[0]?.reason).toMatch(/not valid JSON/)
    expect(rejects[1]?.reason).toMatch(/^occurredAt: .*not a date and time that exists/)
    expect(rejects[2]?.reason).toMatch(/^type: 应为事件类型.*VehicleTeleported.* \/ expected an event type.*VehicleTeleported/)
    expect(rejects[3]?.reason).toMatch(/vehicle-LSVAM4187C0000005: .*not registered/)
    expect(r.stderr).toContain(`${file}:3: 字段不符合要求：occurredAt:`)
    expect(headOf(db)).toBe(2)
  })

  it('records nothing new when the same file is imported again', () => {
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(summary(r.stdout, file)).toEqual({ recorded: 0, duplicates: 2, rejected: 4 })
    expect(headOf(db)).toBe(2)
  })

  it('exits 0 when nothing is rejected, and writes every rejection to --rejects when asked', () => {
    const clean = tmp.path('clean.jsonl')
    writeFileSync(clean, jsonl([vehicleRegistered(10, '2025-04-01T09:30:00+08:00')]))
    const ok = cli('import', clean, '--db', db)
    expect(ok.status).toBe(0)
    expect(summary(ok.stdout, clean)).toEqual({ recorded: 1, duplicates: 0, rejected: 0 })
    expect(existsSync(`${clean}.rejects.jsonl`)).toBe(false)

    const all = tmp.path('all-rejects.jsonl')
    const r = cli('import', clean, file, '--db', db, '--rejects', all)
    expect(r.status).toBe(1)
    expect(rejectsOf(all).map((x) => x.line)).toEqual([2, 3, 5, 6])
  })
})

describe('import CSV', () => {
  const db = tmp.path('csv.db')
  const header = 'id,occurredAt,recordedBy,source.system,source.recordId,data.vin,data.category,data.fuelType,data.recycler.name,data.recycler.licence,data.town'

  it('reads a file named by its event type, with dotted headers, Excel dates in Asia/Shanghai, quotes and a BOM', () => {
    const registered = tmp.path('registered.jsonl')
    writeFileSync(registered, jsonl([vehicleRegistered(21, '2024-01-05T09:30:00+08:00', 'petrol'), vehicleRegistered(22, '2024-01-05T09:30:00+08:00', 'petrol')]))
    expect(cli('import', registered, '--db', db).status).toBe(0)
    const file = tmp.path('VehicleScrapped.csv')
    writeFileSync(
      file,
      `\uFEFF${header}\r\n` +
        '7f000000-0000-4000-8000-0000000000b1,2025/3/2 9:30,commerce,recycling,"R-1, a",LSVAM4187C0000021,passenger-car,petrol,"嘉祥县""绿源""回收有限公司",JX-001,zhifang\r\n' +
        '7f000000-0000-4000-8000-0000000000b2,2025-02-30,commerce,recycling,R-2,LSVAM4187C0000022,passenger-car,petrol,回收公司,JX-001,zhifang\r\n' +
        '7f000000-0000-4000-8000-0000000000b3,2025-03-03,commerce,recycling,R-3,LSVAM4187C0000022,passenger-car,petrol,回收公司,JX-001,zhifang,extra\r\n',
    )
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(summary(r.stdout, file)).toEqual({ recorded: 1, duplicates: 0, rejected: 2 })
    expect(encodingOf(r.stdout, file)).toBe('UTF-8')
    expect(existsSync(`${file}.rejects.jsonl`)).toBe(false)
    const rejects = csvRejectsOf(`${file}.rejects.csv`)
    expect(rejects.header.join(',')).toBe(header)
    expect(rejects.rows.map((x) => x.line)).toEqual([3, 4])
    expect(rejects.rows[0]?.reason).toBe('第 3 行 列 occurredAt：2025-02-30 不是存在的日期 / row 3, column occurredAt: 2025-02-30 is not a date that exists')
    expect(rejects.rows[0]?.cells.join(',')).toBe('7f000000-0000-4000-8000-0000000000b2,2025-02-30,commerce,recycling,R-2,LSVAM4187C0000022,passenger-car,petrol,回收公司,JX-001,zhifang')
    expect(rejects.rows[1]?.reason).toMatch(/12 cells, the header has 11/)
    expect(rejects.rows[1]?.cells).toHaveLength(12)

    const exported = cli('export', '--db', db, '--format', 'ndjson').stdout.trim().split('\n')
    const scrapped = JSON.parse(exported[2] ?? '{}') as { occurredAt: string; source: { recordId: string }; data: { recycler: { name: string } } }
    expect(scrapped.occurredAt).toBe('2025-03-02T09:30:00+08:00')
    expect(scrapped.source.recordId).toBe('R-1, a')
    expect(scrapped.data.recycler.name).toBe('嘉祥县"绿源"回收有限公司')
  })

  it('takes the event type from a type column, numbers and booleans as the codec wants them, and GB18030 text from Excel', () => {
    const file = tmp.path('mixed.csv')
    const rows = [
      'type,id,occurredAt,recordedBy,source.system,source.recordId,data.vin,data.category,data.fuelType,data.emissionStandard,data.use,data.town,data.market.name,data.price',
      'VehicleRegistered,7f000000-0000-4000-8000-0000000000c1,2025-05-01,public-security,registry,C-1,LSVAM4187C0000031,passenger-car,bev,none,non-commercial,macun,,',
      'UsedCarTraded,7f000000-0000-4000-8000-0000000000c2,2025-05-02,commerce,market,C-2,LSVAM4187C0000031,,,,,macun,嘉祥二手车市场,"8,500,000"',
    ]
    writeFileSync(file, gb18030(rows.join('\r\n')))
    const r = cli('import', file, '--db', db)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(summary(r.stdout, file)).toEqual({ recorded: 2, duplicates: 0, rejected: 0 })
    expect(encodingOf(r.stdout, file)).toBe('GB18030')
    const traded = JSON.parse(cli('export', '--db', db, '--format', 'ndjson').stdout.trim().split('\n').at(-1) ?? '{}') as { data: { price: unknown; market: { name: string } } }
    expect(traded.data.price).toBe(8_500_000)
    expect(traded.data.market.name).toBe('嘉祥二手车市场')
  })
})

describe('import: text is decoded once, right, or refused', () => {
  const names = ['嘉祥县报废汽车回收拆解有限公司', '嘉祥化工有限公司', '山东嘉祥石材有限公司', '嘉祥县再生资源回收有限公司', '济宁“鲁西”机械有限公司', '嘉祥县纸坊镇农机合作社']

  it('rejects the line of a JSON Lines file that has a byte not UTF-8, with its number and byte, and records every other line as written', () => {
    const db = tmp.path('issue.db')
    const file = tmp.path('equipment.jsonl')
    const lines = names.map((name, i) => JSON.stringify(equipmentReplaced(i + 1, name)))
    const line4 = lines[3] ?? ''
    const before = utf8(line4.slice(0, line4.indexOf('再生')))
    const bad = concat(before, [0xff], utf8(line4.slice(line4.indexOf('再生'))))
    writeFileSync(file, concat(...lines.flatMap((l, i) => [i === 3 ? bad : utf8(l), [0x0a]])))

    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(summary(r.stdout, file)).toEqual({ recorded: 5, duplicates: 0, rejected: 1 })
    expect(encodingOf(r.stdout, file)).toBe('UTF-8')
    const byte = before.length + 1
    const reason = `第 4 行不是有效的 UTF-8 文本（第 ${byte} 字节） / line 4 is not valid UTF-8 (byte ${byte})`
    const rejects = rejectsOf(`${file}.rejects.jsonl`)
    expect(rejects).toMatchObject([{ file, line: 4, code: 'READ_FAILED', reason }])
    expect(rejects[0]?.text).toContain('嘉祥县\uFFFD再生资源回收有限公司')
    expect(r.stderr).toContain(`${file}:4: ${reason}`)
    expect(enterpriseNames(db)).toEqual(names.filter((_, i) => i !== 3))

    // the corrected file then records its line 4, and the others are duplicates, not conflicts
    writeFileSync(file, concat(...lines.flatMap((l) => [utf8(l), [0x0a]])))
    const again = cli('import', file, '--db', db)
    expect(again.status).toBe(0)
    expect(summary(again.stdout, file)).toEqual({ recorded: 1, duplicates: 5, rejected: 0 })
    expect(enterpriseNames(db)).toEqual([...names.filter((_, i) => i !== 3), names[3]])
  })

  it('rejects exactly the JSON lines with bytes that are not UTF-8 and records every other one as written (random Chinese and ASCII text)', () => {
    const name = fc.array(chineseOrAscii, { minLength: 1, maxLength: 40 }).map((cs) => cs.join('')).filter((n) => n.trim() !== '')
    const spoilt = fc.option(fc.record({ at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), bad: fc.array(notUtf8, { minLength: 1, maxLength: 3 }) }), { freq: 3 })
    let run = 0
    fc.assert(
      fc.property(fc.array(fc.record({ name, spoilt }), { minLength: 1, maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (specs, eol) => {
        run++
        const db = tmp.path(`property-${run}.db`)
        const file = tmp.path(`property-${run}.jsonl`)
        const lines = specs.map(({ name, spoilt }, i) => injected(JSON.stringify(equipmentReplaced(1000 + i, name)), spoilt?.at ?? [], spoilt?.bad ?? []))
        writeFileSync(file, concat(...lines.flatMap((l) => [l.bytes, utf8(eol)])))
        const expected = lines.flatMap((l, i) => (l.first === undefined ? [] : [{ line: i + 1, byte: l.first + 1 }]))

        const r = cli('import', file, '--db', db)
        expect(r.status).toBe(expected.length > 0 ? 1 : 0)
        expect(summary(r.stdout, file)).toEqual({ recorded: specs.length - expected.length, duplicates: 0, rejected: expected.length })
        if (expected.length > 0)
          expect(rejectsOf(`${file}.rejects.jsonl`).map((x) => [x.line, x.code, x.reason])).toEqual(
            expected.map(({ line, byte }) => [line, 'READ_FAILED', `第 ${line} 行不是有效的 UTF-8 文本（第 ${byte} 字节） / line ${line} is not valid UTF-8 (byte ${byte})`]),
          )
        expect(enterpriseNames(db)).toEqual(specs.filter((_, i) => lines[i]?.first === undefined).map((s) => s.name))
      }),
      { numRuns: 6 },
    )
  }, 240_000) // two child processes a run

  const header = 'id,occurredAt,recordedBy,source.system,source.recordId,data.recordId,data.enterprise.name,data.sector,data.town,data.quantity,data.investment,data.efficiencyBefore,data.efficiencyAfter'
  const row = (n: number, name: string): string => `7e000000-0000-4000-8000-${String(n).padStart(12, '0')},2025-06-10 08:00,industry-it,equipment-renewal,EQ-${n},EQ-${n},${name},chemicals,development-zone,12,360000000,grade-4,grade-1`

  it('reads a CSV that is GB18030 and not UTF-8 as GB18030, says so, and records its Chinese text exactly', () => {
    const db = tmp.path('gb18030.db')
    const file = tmp.path('EquipmentReplaced.csv')
    writeFileSync(file, gb18030([header, ...names.map((n, i) => row(i + 1, n))].join('\r\n') + '\r\n'))
    const r = cli('import', file, '--db', db)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(summaryLine(r.stdout, file)).toBe(`${file}: 已记录 recorded 6 · 重复 duplicates 0 · 已拒绝 rejected 0 · 按 GB18030 编码读取 read as GB18030`)
    expect(enterpriseNames(db)).toEqual(names)
  })

  it('reads a UTF-8 CSV as UTF-8, with a BOM or without, also when its bytes are valid GB18030 too', () => {
    const db = tmp.path('utf8.db')
    const withBom = tmp.path('EquipmentReplaced.bom.csv')
    writeFileSync(withBom, concat([0xef, 0xbb, 0xbf], utf8(`${header}\r\n${row(11, names[0] ?? '')}\r\n`)))
    // 嘉祥县报 in UTF-8 is also valid GB18030: 鍢夌ゥ鍘挎姤, what main recorded
    const ambiguous = tmp.path('EquipmentReplaced.ambiguous.csv')
    writeFileSync(ambiguous, utf8(`${header}\n${row(12, '嘉祥县报')}\n`))
    const r = cli('import', withBom, ambiguous, '--db', db)
    expect(r.status).toBe(0)
    expect(encodingOf(r.stdout, withBom)).toBe('UTF-8')
    expect(encodingOf(r.stdout, ambiguous)).toBe('UTF-8')
    expect(enterpriseNames(db)).toEqual([names[0], '嘉祥县报'])
  })
})

describe('bad files', () => {
  const db = tmp.path('bad.db')
  const nothingWritten = (): void => expect(existsSync(db)).toBe(false)

  it.each([
    ['a missing file', () => tmp.path('missing.jsonl'), /missing\.jsonl: 文件不存在 \/ no such file; 未导入任何内容 \/ nothing was imported/],
    ['a CSV with a misspelt column', () => write('VehicleRegistered.csv', 'id,occurredAt,recordedBy,source.system,source.recordId,data.vim\n'), /VehicleRegistered\.csv:1: 列 data\.vim 不是VehicleRegistered的字段.* \/ column data\.vim is not a field of VehicleRegistered/],
    ['a CSV without its required columns', () => write('VehicleDeregistered.csv', 'id,occurredAt,data.vin\n'), /VehicleDeregistered\.csv:1: 缺少列 填报单位 \/ column recordedBy is missing/],
    ['a CSV named by no event type and without a type column', () => write('vehicles.csv', 'id,occurredAt,recordedBy,source.system,source.recordId\n'), /vehicles\.csv:1: 没有事件类型列，文件名（或工作表名）也不是事件类型 \/ there is no type column and the file name vehicles\.csv is not an event type/],
    ['a CSV with a quote never closed', () => write('VehicleScrapped.csv', 'id,occurredAt,recordedBy,source.system,source.recordId\nx,"2025-01-01,commerce,a,b\n'), /VehicleScrapped\.csv:2: 引号未闭合.* \/ a quoted cell is never closed/],
    ['a file of another kind', () => write('events.txt', '{}\n'), /events\.txt: 无法识别的文件类型.* \/ unknown kind of file/],
    [
      'a CSV valid as neither UTF-8 nor GB18030',
      () => write('EquipmentReplaced.csv', concat(utf8('id,occurredAt,data.enterprise.name\n1,2025-06-10,'), gb18030('嘉祥化工'), utf8('\n2,2025-06-10,ab'), [0xff], utf8('\n'))),
      /EquipmentReplaced\.csv:2: 文件既不是 UTF-8 也不是 GB18030 文本：第 2 行不是有效的 UTF-8 文本（第 14 字节），第 3 行不是有效的 GB18030 文本（第 16 字节） \/ the file is neither UTF-8 nor GB18030: line 2 is not valid UTF-8 \(byte 14\), line 3 is not valid GB18030 \(byte 16\); 未导入任何内容 \/ nothing was imported/,
    ],
    [
      'a CSV whose first bad line is bad in both encodings',
      () => write('EquipmentReplaced.csv', concat(utf8('id,occurredAt,data.enterprise.name\n1,2025-06-10,嘉'), [0xff, 0x0a])),
      /EquipmentReplaced\.csv:2: 文件既不是 UTF-8 也不是 GB18030 文本：第 2 行两者都不是（UTF-8 第 17 字节，GB18030 第 16 字节） \/ the file is neither UTF-8 nor GB18030: line 2 is neither \(UTF-8 byte 17, GB18030 byte 16\); 未导入任何内容 \/ nothing was imported/,
    ],
    [
      'a CSV with the UTF-8 BOM that is not UTF-8',
      () => write('EquipmentReplaced.csv', concat([0xef, 0xbb, 0xbf], utf8('id,occurredAt,data.enterprise.name\n1,2025-06-10,'), gb18030('嘉祥化工'), utf8('\n'))),
      /EquipmentReplaced\.csv:2: 文件以 UTF-8 字节顺序标记（BOM）开头，却不是有效的 UTF-8 文本：第 2 行不是有效的 UTF-8 文本（第 14 字节） .*\(byte 14\); 未导入任何内容 \/ nothing was imported/,
    ],
  ])('%s: names the file and line, exits 2 and records nothing, also from good files given with it', (_, make, message) => {
    const good = write('good.jsonl', jsonl([vehicleRegistered(41, '2025-03-01T09:30:00+08:00')]))
    const r = cli('import', good, make(), '--db', db)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    nothingWritten()
  })

  it('refuses a database that is not a ledger, leaving it as it was (exit 3)', () => {
    const notLedger = write('notes.db', 'these are my notes, not a database\n')
    const r = cli('import', write('one.jsonl', jsonl([vehicleRegistered(42, '2025-03-01T09:30:00+08:00')])), '--db', notLedger)
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/notes\.db.*is not a SQLite database/)
    expect(readFileSync(notLedger, 'utf8')).toBe('these are my notes, not a database\n')
    for (const command of [['verify'], ['report'], ['export', '--format', 'ndjson']]) {
      const other = cli(...command, '--db', notLedger)
      expect(other.status).toBe(3)
      expect(other.stderr).toMatch(/^policy-ledger: SQLite 台账 ledger .*notes\.db.*: 不是 SQLite 数据库.* \/ is not a SQLite database/)
    }
  })

  it('says a missing ledger is missing when reading, and creates nothing', () => {
    const r = cli('report', '--db', db)
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/bad\.db.*no such file/)
    nothingWritten()
  })

  it('gives usage errors exit status 2, naming the option', () => {
    expect(cli('report', '--db', db, '--year', '20x')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--year <YYYY> '20x'：应为四位数的年份，如 2025，收到 "20x" \/ expected a year/) })
    expect(cli('report', '--db', db, '--occurred-by', '2025-02-30')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--occurred-by <DATE> '2025-02-30'：2025-02-30 不是存在的日期 \/ 2025-02-30 is not a date that exists/) })
    expect(cli('report', '--db', db, '--format', 'pdf')).toMatchObject({ status: 2, stderr: expect.stringMatching(/Allowed choices are table, json, csv, xlsx, html/) })
    expect(cli('verify')).toMatchObject({ status: 2, stderr: expect.stringMatching(/required option '--db/) })
    expect(cli('frobnicate')).toMatchObject({ status: 2 })
    nothingWritten()
  })

  it('has --help on every command, with the exit statuses', () => {
    for (const command of ['demo', 'import', 'report', 'verify', 'export']) {
      const r = cli(command, '--help')
      expect(r.status).toBe(0)
      expect(r.stdout).toContain(`Usage: policy-ledger ${command}`)
      expect(r.stdout).toContain('退出状态 Exit status')
    }
  })
})

const write = (name: string, content: string | Uint8Array): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}
