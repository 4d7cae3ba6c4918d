import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sourceId } from './ids.js'

describe('sourceId', () => {
  it('is the UUID v5 of the source record under the fixed namespace (as Python’s uuid.uuid5 computes it)', () => {
    expect(sourceId('recycling', 'R-1')).toBe('a148c318-c4b8-5642-9513-baf2db180f69')
  })

  it('is the same for the same record and another for any other', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (a, b, c, d) => {
        expect(sourceId(a, b)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(sourceId(a, b) === sourceId(c, d)).toBe(a === c && b === d)
      }),
    )
  })
})
