import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayOf, dayOfDate, dayOfInstant, dayToIso, parseDate, parseInstant, year, yearBounds, yearOfDay } from './time.js'

describe('the plan calendar (Asia/Shanghai)', () => {
  it('puts 2025-12-31T23:30+08:00 in 2025 and 2026-01-01T00:10+08:00 in 2026, though both fall on the same UTC day', () => {
    const late = dayOfInstant('2025-12-31T23:30:00+08:00') as number
    const early = dayOfInstant('2026-01-01T00:10:00+08:00') as number
    expect(new Date(parseInstant('2025-12-31T23:30:00+08:00') as number).toISOString().slice(0, 10)).toBe('2025-12-31')
    expect(new Date(parseInstant('2026-01-01T00:10:00+08:00') as number).toISOString().slice(0, 10)).toBe('2025-12-31')
    expect(yearOfDay(late)).toBe(2025)
    expect(yearOfDay(early)).toBe(2026)
    expect(late).toBe(year(2025).to)
    expect(early).toBe(year(2026).from)
  })

  it('reads an instant written in UTC or any offset into the Shanghai day', () => {
    expect(dayToIso(dayOfInstant('2025-12-31T16:00:00Z') as number)).toBe('2026-01-01')
    expect(dayToIso(dayOfInstant('2025-12-31T15:59:59.999Z') as number)).toBe('2025-12-31')
    expect(dayToIso(dayOfInstant('2025-12-31T11:00:00-05:00') as number)).toBe('2026-01-01')
  })

  it('agrees with luxon on where each year begins and ends', () => {
    for (const y of [2023, 2024, 2025, 2026, 2027]) {
      const { start, end } = yearBounds(y)
      expect(dayOf(start)).toBe(year(y).from)
      expect(dayOf(end - 1)).toBe(year(y).to)
      expect(dayOf(end)).toBe(year(y + 1).from)
    }
  })

  it('refuses times without an offset and dates that do not exist', () => {
    expect(typeof parseInstant('2025-03-01T09:30:00')).toBe('string')
    expect(parseInstant('2025-02-29T09:30:00+08:00')).toMatch(/not a date and time that exists/)
    expect(parseInstant('2024-02-29T09:30:00+08:00')).toBeTypeOf('number')
    expect(parseInstant('2025-04-31T00:00:00Z')).toMatch(/not a date/)
    expect(parseInstant('2025-01-01T24:00:00Z')).toMatch(/not a date/)
    expect(parseDate('2025-02-30')).toMatch(/not a date/)
  })

  it('round-trips every day number through its ISO date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOfDate(1950, 1, 1), max: dayOfDate(2100, 12, 31) }), (d) => {
        expect(parseDate(dayToIso(d))).toBe(d)
      }),
    )
  })

  it('parses any instant to the same epoch as the platform does (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(parseInstant(d.toISOString())).toBe(d.getTime())
      }),
    )
  })
})
