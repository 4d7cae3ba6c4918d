import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv-text.js'

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
    expect(parseCsv('a,b\nc,"d\ne\n').fault).toEqual({ line: 2, reason: 'a quoted cell is never closed (a " is missing)' })
  })
})
