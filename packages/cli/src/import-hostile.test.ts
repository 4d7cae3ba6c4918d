import fc from 'fast-check'
import { MAX_DEPTH } from '@policy-ledger/core'
import { existsSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, openSqlite, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { csvRejectsOf, linesWithBadBytes, rejectsOf, totals } from './import.test-helpers.js'
import { MAX_CELL_CHARS, MAX_LINE_BYTES } from './import/limits.js'

/*
 * A hostile line is that line's problem: whatever one line carries, it is
 * rejected with its file, line and reason, every other good line is
 * recorded, and the import ends with its summary and rejects file.
 */

const tmp = tempDir()
afterAll(() => tmp.remove())

const idsIn = (db: string): ReadonlyArray<string> => {
  const sqlite = openSqlite(db)
  try {
    const row = sqlite.prepare('SELECT json_group_array(id) AS ids FROM (SELECT id FROM entries ORDER BY position)').get() as { ids: string }
    return JSON.parse(row.ids) as string[]
  } finally {
    sqlite.close()
  }
}

const good = (n: number): Record<string, unknown> => vehicleRegistered(n, '2025-03-01T09:30:00+08:00')
const idOf = (n: number): string => good(n)['id'] as string
const line = (u: unknown): string => JSON.stringify(u)

/** Each kind of hostile line, made from a good one, and what its rejection says. */
const hostile = {
  stale: { make: (n: number) => line({ ...good(n), expectedRevision: 5 }), says: /expected revision 5, but the stream is at 0/ },
  deep: { make: (n: number) => line({ ...good(n), data: { ...(good(n)['data'] as object), deep: 0 } }).replace('"deep":0', `"deep":${'['.repeat(20_000)}${']'.repeat(20_000)}`), says: new RegExp(`嵌套超过 ${MAX_DEPTH} 层.*nested more than ${MAX_DEPTH} levels deep`) },
  twice: { make: (n: number) => line(good(n)).replace('"data":{', '"data":{"vin":"LSVAM4187C9999999",'), says: /重复的键.*at data\.vin\): the key "vin" appears twice in one object/ },
  long: { make: (n: number) => line({ ...good(n), pad: 'x'.repeat(MAX_LINE_BYTES) }), says: new RegExp(`lines of more than ${MAX_LINE_BYTES} bytes are not read`) },
  inexact: { make: (n: number) => line(good(n)).replace('{', '{"expectedRevision":2.0000000000000001,'), says: /无法精确保存的数字.*the number 2\.0000000000000001 cannot be held exactly \(it would become 2\)/ },
  separator: { make: (n: number) => `${line(good(n))}\u2028`, says: /不是有效的 JSON.*is not valid JSON \(column \d+\): more text after the value/ },
  loneCr: { make: (n: number) => `${line(good(n))}\r${line(good(n + 1))}`, says: /is not valid JSON \(column \d+\): more text after the value/ },
  badBytes: { make: (n: number) => `${line(good(n)).slice(0, 20)}\uFFFD${line(good(n)).slice(20)}`, says: /不是有效的 UTF-8 文本.*is not valid UTF-8/ },
} as const

type Kind = keyof typeof hostile
const kinds = Object.keys(hostile) as Kind[]

describe('import: a hostile line is that line’s problem', () => {
  it('rejects each kind with its line and reason, records every good line of the same batch, and ends with its summary and rejects', () => {
    const db = tmp.path('each.db')
    const file = tmp.path('each.jsonl')
    const lines: string[] = []
    const goods: number[] = []
    kinds.forEach((kind, i) => {
      goods.push(100 + i * 3)
      lines.push(line(good(100 + i * 3)))
      lines.push(hostile[kind].make(101 + i * 3))
    })
    writeFileSync(file, linesWithBadBytes(lines))
    const r = cli('import', file, '--db', db)
    expect(r.stderr).not.toMatch(/unexpected error/)
    expect(r.status).toBe(1)
    expect(totals(r)).toEqual({ recorded: goods.length, duplicates: 0, rejected: kinds.length })
    const rejects = rejectsOf(`${file}.rejects.jsonl`)
    expect(rejects.map((x) => x.line)).toEqual(kinds.map((_, i) => 2 * i + 2))
    kinds.forEach((kind, i) => {
      expect(rejects[i]?.file).toBe(file)
      expect(rejects[i]?.reason).toMatch(hostile[kind].says)
    })
    expect(rejects.find((x) => x.reason.includes('expected revision'))?.code).toBe('CONCURRENCY_CONFLICT')
    expect(idsIn(db)).toEqual(goods.map(idOf))
  })

  it('says an exported entry of a schema version that cannot be brought up is that, not bad JSON', () => {
    const db = tmp.path('upcast.db')
    const file = tmp.path('upcast.jsonl')
    const old = { ...good(200), version: 0, position: 1, recordedAt: '2025-03-01T01:30:00.000Z', hash: 'x', stream: 'vehicle-x', revision: 1, prevHash: 'y' }
    writeFileSync(file, `${line(good(201))}\n${line(old)}\n`)
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    const [reject] = rejectsOf(`${file}.rejects.jsonl`)
    expect(reject).toMatchObject({ line: 2, code: 'READ_FAILED' })
    expect(reject?.reason).toMatch(/^第 2 行 line 2: VehicleRegistered 第 0 版的数据无法升级到第 \d+ 版 \/ VehicleRegistered data of version 0 cannot be brought up to version \d+: no such version/)
    expect(reject?.reason).not.toMatch(/JSON/)
    expect(idsIn(db)).toEqual([idOf(201)])
  })

  it('for any mix of good and hostile lines records exactly the good ones, rejects each hostile one by its line, and never crashes (property)', () => {
    const figures = { tried: 0, rejectedCleanly: 0, writtenOnFailure: 0, crashed: 0, missed: 0 }
    let run = 0
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom(...kinds), { freq: 2 }), { minLength: 1, maxLength: 14 }), (spec) => {
        run++
        const db = tmp.path(`mix-${run}.db`)
        const file = tmp.path(`mix-${run}.jsonl`)
        const n = (i: number): number => 1000 * run + 2 * i
        writeFileSync(file, linesWithBadBytes(spec.map((kind, i) => (kind === null ? line(good(n(i))) : hostile[kind].make(n(i))))))
        const r = cli('import', file, '--db', db)
        const hostileLines = spec.flatMap((kind, i) => (kind === null ? [] : [i + 1]))
        figures.tried += hostileLines.length
        if (r.status === 4 || /unexpected error/.test(r.stderr)) figures.crashed++
        const rejects = rejectsOf(`${file}.rejects.jsonl`)
        figures.rejectedCleanly += rejects.filter((x) => hostileLines.includes(x.line) && x.file === file && x.reason !== '').length
        const recorded = existsSync(db) ? idsIn(db) : []
        const goodIds = spec.flatMap((kind, i) => (kind === null ? [idOf(n(i))] : []))
        figures.writtenOnFailure += recorded.filter((id) => !goodIds.includes(id)).length
        figures.missed += goodIds.filter((id) => !recorded.includes(id)).length
        expect(r.status).toBe(hostileLines.length > 0 ? 1 : 0)
        expect(totals(r)).toEqual({ recorded: goodIds.length, duplicates: 0, rejected: hostileLines.length })
        expect(rejects.map((x) => x.line)).toEqual(hostileLines)
        expect(recorded).toEqual(goodIds)
      }),
      { numRuns: 8 },
    )
    process.stdout.write(`hostile import lines: ${JSON.stringify(figures)}\n`)
    expect(figures).toMatchObject({ crashed: 0, writtenOnFailure: 0, missed: 0 })
    expect(figures.rejectedCleanly).toBe(figures.tried)
  }, 240_000)
})

describe('import CSV: the header and the numbers', () => {
  const header = 'id,occurredAt,recordedBy,source.system,source.recordId,data.recordId,data.enterprise.name,data.sector,data.town,data.quantity,data.investment,data.efficiencyBefore,data.efficiencyAfter'
  const row = (n: number, quantity: string, investment = '360000000'): string =>
    `7e000000-0000-4000-8000-${String(n).padStart(12, '0')},2025-06-10 08:00,industry-it,equipment-renewal,EQ-${n},EQ-${n},嘉祥化工有限公司,chemicals,development-zone,${quantity},${investment},grade-4,grade-1`

  it.each([
    ['data.__proto__.polluted', 'data.__proto__.polluted', /列 data\.__proto__\.polluted 的路径含有 __proto__，它不能是字段名 column data\.__proto__\.polluted: __proto__ cannot be the name of a field/],
    ['data.enterprise.constructor', 'data.enterprise.constructor', /column data\.enterprise\.constructor: constructor cannot be the name of a field/],
    ['data.prototype', 'data.prototype', /column data\.prototype: prototype cannot be the name of a field/],
    ['a value with a field inside it', 'data.enterprise', /column data\.enterprise\.name is a field inside column data\.enterprise, which cannot also be a value/],
    ['an empty part', 'data..town', /column data\.\.town has an empty part in its path/],
    ['a column twice', 'data.quantity', /column data\.quantity appears twice/],
    ['a path too deep', `data.${Array(MAX_DEPTH + 1).fill('a').join('.')}`, new RegExp(`is nested more than ${MAX_DEPTH} levels deep`)],
    ['a name too long', 'x'.repeat(MAX_CELL_CHARS + 1), new RegExp(`column 14 has a name longer than ${MAX_CELL_CHARS} characters`)],
  ])('refuses the file with a header of %s before anything is written, naming the column', (_, extra, says) => {
    const db = tmp.path('header.db')
    const file = tmp.path('EquipmentReplaced.csv')
    writeFileSync(file, `${header},${extra}\n${row(1, '12')},x\n`)
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`EquipmentReplaced\\.csv:1: .*${says.source}.*; 未导入任何内容 / nothing was imported`))
    expect(existsSync(db)).toBe(false)
  })

  it('rejects a number no number holds exactly, and a cell too long, naming the row and column, and records the rest', () => {
    const db = tmp.path('numbers.db')
    const file = tmp.path('EquipmentReplaced.csv')
    writeFileSync(
      file,
      [
        header,
        row(11, '12'),
        row(12, '300.0000000000000001'),
        row(13, '12', '1e400'),
        row(14, '12', '9007199254740993'),
        row(15, '0.1'),
        row(16, '12', '3.6E+8'),
        row(17, '12').replace('嘉祥化工有限公司', 'x'.repeat(MAX_CELL_CHARS + 1)),
        row(18, '"1,200"'),
      ].join('\r\n'),
    )
    const r = cli('import', file, '--db', db)
    expect(r.status).toBe(1)
    expect(totals(r)).toEqual({ recorded: 3, duplicates: 0, rejected: 5 })
    const rejects = csvRejectsOf(`${file}.rejects.csv`).rows
    expect(rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, '第 3 行 列 data.quantity：300.0000000000000001 无法精确保存为数字（会变成 300） / row 3, column data.quantity: 300.0000000000000001 cannot be held exactly as a number (it would become 300)'],
      [4, '第 4 行 列 data.investment：1e400 无法精确保存为数字（会变成 Infinity） / row 4, column data.investment: 1e400 cannot be held exactly as a number (it would become Infinity)'],
      [5, '第 5 行 列 data.investment：9007199254740993 无法精确保存为数字（会变成 9007199254740992） / row 5, column data.investment: 9007199254740993 cannot be held exactly as a number (it would become 9007199254740992)'],
      [6, expect.stringMatching(/^字段不符合要求：data\.quantity: .*whole number/)],
      [8, `第 8 行 列 data.enterprise.name：超过 ${MAX_CELL_CHARS} 个字符，未读取 / row 8, column data.enterprise.name: longer than ${MAX_CELL_CHARS} characters; it is not read`],
    ])
    expect(idsIn(db)).toEqual([11, 16, 18].map((n) => `7e000000-0000-4000-8000-${String(n).padStart(12, '0')}`))
  })
})
