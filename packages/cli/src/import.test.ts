import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

const summary = (stdout: string, file: string): { recorded: number; duplicates: number; rejected: number } => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${file}:`)) ?? ''
  const m = /recorded (\d+) · 重复 duplicates (\d+) · 已拒绝 rejected (\d+)/.exec(line)
  if (m === null) throw new Error(`no summary for ${file} in:\n${stdout}`)
  return { recorded: Number(m[1]), duplicates: Number(m[2]), rejected: Number(m[3]) }
}

const rejectsOf = (file: string): Array<{ file: string; line: number; code: string; reason: string }> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; line: number; code: string; reason: string })

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
    expect(rejects[2]?.reason).toMatch(/^type: expected an event type.*VehicleTeleported/)
    expect(rejects[3]?.reason).toMatch(/vehicle-LSVAM4187C0000005: .*not registered/)
    expect(r.stderr).toContain(`${file}:3: occurredAt:`)
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
    const rejects = rejectsOf(`${file}.rejects.jsonl`)
    expect(rejects.map((x) => x.line)).toEqual([3, 4])
    expect(rejects[0]?.reason).toMatch(/occurredAt: 2025-02-30T00:00:00 is not a date and time that exists/)
    expect(rejects[1]?.reason).toMatch(/12 cells, the header has 11/)

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
    writeFileSync(file, Buffer.from(gb18030(rows.join('\r\n'))))
    const r = cli('import', file, '--db', db)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(summary(r.stdout, file)).toEqual({ recorded: 2, duplicates: 0, rejected: 0 })
    const traded = JSON.parse(cli('export', '--db', db, '--format', 'ndjson').stdout.trim().split('\n').at(-1) ?? '{}') as { data: { price: unknown; market: { name: string } } }
    expect(traded.data.price).toBe(8_500_000)
    expect(traded.data.market.name).toBe('嘉祥二手车市场')
  })
})

/** Chinese text as Excel saves "CSV" on a Chinese Windows: GB18030 (the test's own table for the few characters it uses). */
const gb18030 = (text: string): Uint8Array => {
  const table: Record<string, [number, number]> = { 嘉: [0xbc, 0xce], 祥: [0xcf, 0xe9], 二: [0xb6, 0xfe], 手: [0xca, 0xd6], 车: [0xb3, 0xb5], 市: [0xca, 0xd0], 场: [0xb3, 0xa1] }
  const bytes: number[] = []
  for (const ch of text) {
    const pair = table[ch]
    if (pair !== undefined) bytes.push(...pair)
    else bytes.push(ch.charCodeAt(0))
  }
  return Uint8Array.from(bytes)
}

describe('bad files', () => {
  const db = tmp.path('bad.db')
  const nothingWritten = (): void => expect(existsSync(db)).toBe(false)

  it.each([
    ['a missing file', () => tmp.path('missing.jsonl'), /missing\.jsonl: no such file; nothing was imported/],
    ['a CSV with a misspelt column', () => write('VehicleRegistered.csv', 'id,occurredAt,recordedBy,source.system,source.recordId,data.vim\n'), /VehicleRegistered\.csv:1: column data\.vim is not a field of VehicleRegistered/],
    ['a CSV without its required columns', () => write('VehicleDeregistered.csv', 'id,occurredAt,data.vin\n'), /VehicleDeregistered\.csv:1: column recordedBy is missing/],
    ['a CSV named by no event type and without a type column', () => write('vehicles.csv', 'id,occurredAt,recordedBy,source.system,source.recordId\n'), /vehicles\.csv:1: there is no type column and the file name vehicles\.csv is not an event type/],
    ['a CSV with a quote never closed', () => write('VehicleScrapped.csv', 'id,occurredAt,recordedBy,source.system,source.recordId\nx,"2025-01-01,commerce,a,b\n'), /VehicleScrapped\.csv:2: a quoted cell is never closed/],
    ['a file of another kind', () => write('events.txt', '{}\n'), /events\.txt: unknown kind of file/],
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
      expect(other.stderr).toMatch(/^policy-ledger: SQLite ledger .*notes\.db.*: is not a SQLite database/)
    }
  })

  it('says a missing ledger is missing when reading, and creates nothing', () => {
    const r = cli('report', '--db', db)
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/bad\.db.*no such file/)
    nothingWritten()
  })

  it('gives usage errors exit status 2, naming the option', () => {
    expect(cli('report', '--db', db, '--year', '20x')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--year.*'20x' is invalid\. expected a year/) })
    expect(cli('report', '--db', db, '--occurred-by', '2025-02-30')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--occurred-by.*expected a date as YYYY-MM-DD/) })
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
      expect(r.stdout).toContain('Exit status 退出状态')
    }
  })
})

const write = (name: string, content: string): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}
