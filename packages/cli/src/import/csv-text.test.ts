import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv-text.js'
import { MAX_CELL_CHARS } from './limits.js'

const quoted = (cell: string): string => `"${cell.replaceAll('"', '""')}"`
const plain = (cell: string): boolean => !/[",\r\n]/.test(cell) && !cell.startsWith('"')

/** A row as Excel writes it: cells quoted where they must be (or always, as some tools do). */
const render = (rows: ReadonlyArray<ReadonlyArray<string>>, always: boolean, eol: string): string =>
  rows.map((r) => r.map((c) => (always || !plain(c) ? quoted(c) : c)).join(',')).join(eol) + eol

describe('parseCsv', () => {
  it('reads back what RFC 4180 quoting wrote, each record with the line it starts on', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '嘉', ',', '"', '\n', ' ', '1') })
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.constantFrom('\n', '\r\n'), (rows, always, eol) => {
        const { records, fault } = parseCsv(render(rows, always, eol))
        expect(fault).toBeUndefined()
        expect(records.map((r) => r.cells)).toEqual(rows)
        let line = 1
        rows.forEach((row, i) => {
          expect(records[i]?.line).toBe(line)
          line += 1 + row.join('').split('\n').length - 1
        })
      }),
    )
  })

  it('skips blank lines and names the line of a quote never closed', () => {
    expect(parseCsv('a,b\n\nc,d\n').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['c', 'd'] },
    ])
    expect(parseCsv('a,b\nc,"d\ne\n').fault).toEqual({ line: 2, reason: '引号未闭合（缺一个 "） / a quoted cell is never closed (a " is missing)' })
  })

  it('counts a line break inside quotes as one line, CRLF, LF or CR, and keeps it in the cell', () => {
    expect(parseCsv('a,b\r\n"c\r\nd",e\r\n\r\nf,g\r\n').records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c\r\nd', 'e'] },
      { line: 5, cells: ['f', 'g'] },
    ])
    expect(parseCsv('a,b\r"c\rd",e\rf,g').records.map((r) => r.line)).toEqual([1, 2, 4])
  })

  it('keeps a quote inside an unquoted cell as a character, and names the line where a record with a quote never closed starts', () => {
    expect(parseCsv('a,b\n12"3,x\n').records[1]?.cells).toEqual(['12"3', 'x'])
    expect(parseCsv('a,b\n\nc,d\n"e\nf,g\n').fault).toEqual({ line: 4, reason: '引号未闭合（缺一个 "） / a quoted cell is never closed (a " is missing)' })
  })

  it('marks a cell longer than an Excel cell holds, and keeps it empty', () => {
    expect(parseCsv(`a,b\nc,${'x'.repeat(MAX_CELL_CHARS + 1)}\n`).records[1]).toEqual({ line: 2, cells: ['c', ''], tooLong: 2 })
  })
})
