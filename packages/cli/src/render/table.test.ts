import { describe, expect, it } from 'vitest'
import { displayWidth, table } from './table.js'

describe('terminal tables', () => {
  it('measure Chinese text, full-width brackets and the plan quotation marks in terminal columns', () => {
    expect(displayWidth('新能源汽车保有量')).toBe(16)
    expect(displayWidth('（1 件 events）')).toBe(15)
    expect(displayWidth('“舒心游济宁”')).toBe(12)
    expect(displayWidth('abc')).toBe(3)
    // combining marks take no column of their own
    expect(displayWidth('e\u0301')).toBe(1)
  })

  it('pad every cell of a column to the same width, right-aligned where asked', () => {
    const lines = table([{ title: '指标' }, { title: '数值 value', align: 'right' }], [['新能源汽车保有量', '16,000'], ['5G', '1']]).split('\n')
    const widths = lines.map(displayWidth)
    expect(new Set(widths.slice(0, 2)).size).toBe(1)
    expect(lines[2]?.endsWith('16,000')).toBe(true)
    expect(lines[3]?.endsWith('     1')).toBe(true)
  })
})
