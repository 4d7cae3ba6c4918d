import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { dayOf, dayOfDate, dayOfInstant, dayToIso, parseDate, parseInstant, readDate, readMoment, year, yearBounds, yearOfDay } from './time.js'

/** The value of a reading a test knows succeeds. */
const read = <A>(r: E.Either<string, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left)
  return r.right
}
/** The reason of a reading a test knows fails. */
const why = <A>(r: E.Either<string, A>): string => {
  if (E.isRight(r)) throw new Error(`read as ${String(r.right)}`)
  return r.left
}

describe('the plan calendar (Asia/Shanghai)', () => {
  it('puts 2025-12-31T23:30+08:00 in 2025 and 2026-01-01T00:10+08:00 in 2026, though both fall on the same UTC day', () => {
    const late = read(dayOfInstant('2025-12-31T23:30:00+08:00'))
    const early = read(dayOfInstant('2026-01-01T00:10:00+08:00'))
    expect(new Date(read(parseInstant('2025-12-31T23:30:00+08:00'))).toISOString().slice(0, 10)).toBe('2025-12-31')
    expect(new Date(read(parseInstant('2026-01-01T00:10:00+08:00'))).toISOString().slice(0, 10)).toBe('2025-12-31')
    expect(yearOfDay(late)).toBe(2025)
    expect(yearOfDay(early)).toBe(2026)
    expect(late).toBe(year(2025).to)
    expect(early).toBe(year(2026).from)
  })

  it('reads an instant written in UTC or any offset into the Shanghai day', () => {
    expect(dayToIso(read(dayOfInstant('2025-12-31T16:00:00Z')))).toBe('2026-01-01')
    expect(dayToIso(read(dayOfInstant('2025-12-31T15:59:59.999Z')))).toBe('2025-12-31')
    expect(dayToIso(read(dayOfInstant('2025-12-31T11:00:00-05:00')))).toBe('2026-01-01')
  })

  it('agrees with luxon on where each year begins and ends', () => {
    for (const y of [2023, 2024, 2025, 2026, 2027]) {
      const { start, end } = yearBounds(y)
      expect(dayOf(start)).toBe(year(y).from)
      expect(dayOf(end - 1)).toBe(year(y).to)
      expect(dayOf(end)).toBe(year(y + 1).from)
    }
  })

  it('refuses times without an offset and dates that do not exist, saying why in Chinese and English', () => {
    expect(why(parseInstant('2025-03-01T09:30:00'))).toMatch(/^应为带时区偏移的 ISO-8601 日期时间.* \/ expected an ISO-8601 date-time with an offset/)
    expect(why(parseInstant('2025-02-29T09:30:00+08:00'))).toBe('2025-02-29T09:30:00 不是存在的日期时间 / 2025-02-29T09:30:00 is not a date and time that exists')
    expect(read(parseInstant('2024-02-29T09:30:00+08:00'))).toBe(Date.UTC(2024, 1, 29, 1, 30))
    expect(why(parseInstant('2025-04-31T00:00:00Z'))).toMatch(/不是存在的日期时间 .* is not a date/)
    expect(why(parseInstant('2025-01-01T24:00:00Z'))).toMatch(/is not a date/)
    expect(why(parseInstant('2025-01-01T00:00:00+15:00'))).toMatch(/^\+15:00 不是时区偏移/)
    expect(why(parseDate('2025-02-30'))).toBe('2025-02-30 不是存在的日期 / 2025-02-30 is not a date that exists')
    expect(why(parseDate('0025-01-01'))).toMatch(/not a date that exists/)
  })

  it('round-trips every day number through its ISO date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOfDate(1950, 1, 1), max: dayOfDate(2100, 12, 31) }), (d) => {
        expect(read(parseDate(dayToIso(d)))).toBe(d)
      }),
    )
  })

  it('parses any instant to the same epoch as the platform does (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(read(parseInstant(d.toISOString()))).toBe(d.getTime())
      }),
    )
  })
})

describe('dates and moments as a person writes them', () => {
  it('reads every form of one day as that day, and only days that exist (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOfDate(1950, 1, 1), max: dayOfDate(2100, 12, 31) }), fc.boolean(), (d, pad) => {
        const [y, m, day] = dayToIso(d).split('-').map(Number) as [number, number, number]
        const two = (n: number): string => (pad ? String(n).padStart(2, '0') : String(n))
        for (const form of [dayToIso(d), `${y}/${two(m)}/${two(day)}`, `${y}.${two(m)}.${two(day)}`, `${y}-${two(m)}-${two(day)}`, `${y}年${two(m)}月${two(day)}日`, ` ${y}年${m}月${day}日 `])
          expect(read(readDate(form))).toBe(d)
      }),
    )
  })

  it('refuses mixed separators, impossible days and other words, naming the forms it takes', () => {
    expect(why(readDate('2025/3-3'))).toMatch(/^应为日期，如 2025-03-03、2025\/3\/3 或 2025年3月3日，收到 "2025\/3-3" \/ expected a date/)
    expect(why(readDate('2025年2月30日'))).toBe('2025年2月30日 不是存在的日期 / 2025年2月30日 is not a date that exists')
    expect(why(readDate('3/3/2025'))).toMatch(/expected a date such as/)
    expect(why(readDate(''))).toMatch(/收到 ""/)
  })

  it('reads a date as the last millisecond of that day in Shanghai, and a date-time as stated', () => {
    const end = DateTime.fromObject({ year: 2025, month: 3, day: 2 }, { zone: 'Asia/Shanghai' }).toMillis() - 1
    expect(read(readMoment('2025/3/1'))).toBe(end)
    expect(read(readMoment('2025年3月1日'))).toBe(end)
    expect(read(readMoment('2025-03-01'))).toBe(end)
    expect(read(readMoment('2025-03-01T09:30:00+08:00'))).toBe(Date.UTC(2025, 2, 1, 1, 30))
    expect(why(readMoment('2025-03-01T09:30:00'))).toMatch(/^应为日期（当日结束时，北京时间）或带时区偏移的日期时间.*收到 "2025-03-01T09:30:00" \/ expected a date/)
  })
})
