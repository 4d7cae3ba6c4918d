import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { DateTime, IANAZone } from 'luxon'

/**
 * The plan's calendar. "到2025年" ends at midnight in China Standard Time,
 * so every period boundary is taken in Asia/Shanghai, whatever offset an
 * event's time was written with.
 */
export const PLAN_ZONE = 'Asia/Shanghai'
const zone = IANAZone.create(PLAN_ZONE)

const MS_PER_DAY = 86_400_000

// ISO-8601 date-time with an explicit offset; seconds and fractions optional.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Epoch milliseconds of an ISO-8601 instant that states its offset, or why
 * it is not one (中文 / English). Impossible dates (2025-02-30) and local
 * times without an offset are refused: business time must be unambiguous.
 */
export const parseInstant = (s: string): E.Either<string, number> => {
  const m = ISO_WITH_OFFSET.exec(s)
  if (m === null)
    return E.left('应为带时区偏移的 ISO-8601 日期时间，如 2025-03-01T09:30:00+08:00 / expected an ISO-8601 date-time with an offset, e.g. 2025-03-01T09:30:00+08:00')
  const [, y, mo, d, h, mi, sec, frac, off] = m as unknown as [string, string, string, string, string, string, string | undefined, string | undefined, string]
  const hour = Number(h)
  const minute = Number(mi)
  const second = sec === undefined ? 0 : Number(sec)
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  const day = existingDay(Number(y), Number(mo), Number(d))
  if (day === undefined || hour > 23 || minute > 59 || second > 59)
    return E.left(`${s.slice(0, 19)} 不是存在的日期时间 / ${s.slice(0, 19)} is not a date and time that exists`)
  const local = day * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  if (off === 'Z') return E.right(local)
  const sign = off.startsWith('-') ? -1 : 1
  const oh = Number(off.slice(1, 3))
  const om = Number(off.slice(4, 6))
  if (oh > 14 || om > 59) return E.left(`${off} 不是时区偏移 / ${off} is not a UTC offset`)
  return E.right(local - sign * (oh * 60 + om) * 60_000)
}

/*
 * The zone's offset changes only at its rules' transitions, never twice in
 * one day: a UTC day whose first and last millisecond share an offset has it
 * throughout, so one day's lookup (two calls) serves every instant in it. A
 * day with a transition in it (NaN here) asks the zone for each instant.
 */
const offsetCache = new Map<number, number>()
const offsetMs = (epochMs: number): number => {
  const day = Math.floor(epochMs / MS_PER_DAY)
  let off = offsetCache.get(day)
  if (off === undefined) {
    const first = zone.offset(day * MS_PER_DAY)
    off = first === zone.offset((day + 1) * MS_PER_DAY - 1) ? first * 60_000 : Number.NaN
    if (offsetCache.size > 100_000) offsetCache.clear()
    offsetCache.set(day, off)
  }
  return Number.isNaN(off) ? zone.offset(epochMs) * 60_000 : off
}

/** A calendar day in Asia/Shanghai, counted from 1970-01-01. Day numbers are what projections bucket by. */
export type Day = number

export const dayOf = (epochMs: number): Day => Math.floor((epochMs + offsetMs(epochMs)) / MS_PER_DAY)

/** The day number of a calendar date (year, month 1–12, day 1–31). */
export const dayOfDate = (year: number, month: number, day: number): Day => Date.UTC(year, month - 1, day) / MS_PER_DAY

/** `YYYY-MM-DD` of a day number. */
export const dayToIso = (day: Day): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10)

export const yearOfDay = (day: Day): number => new Date(day * MS_PER_DAY).getUTCFullYear()

/** The day number of a year, month and day that exist together (not 2025-02-30), else undefined. */
const existingDay = (year: number, month: number, day: number): Day | undefined => {
  const d = dayOfDate(year, month, day)
  const check = new Date(d * MS_PER_DAY)
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? d : undefined
}

/** `YYYY-MM-DD` as a day number, or why it is not a date (中文 / English). The form the ledger stores. */
export const parseDate = (s: string): E.Either<string, Day> => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return E.left(`应为 YYYY-MM-DD 形式的日期，收到 ${JSON.stringify(s)} / expected a date as YYYY-MM-DD, got ${JSON.stringify(s)}`)
  return E.fromNullable(`${s} 不是存在的日期 / ${s} is not a date that exists`)(existingDay(Number(m[1]), Number(m[2]), Number(m[3])))
}

// The forms a person writes a date in: 2025-03-03, 2025-3-3, 2025/3/3, 2025.3.3, 2025年3月3日.
const PEOPLES_DATE = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/

/**
 * A date as a person writes it (2025-03-03, 2025-3-3, 2025/3/3, 2025.3.3,
 * 2025年3月3日; spaces around it ignored), as a day number, or why not. What every option and
 * every imported cell that takes a date reads, so that they take the same.
 */
export const readDate = (s: string): E.Either<string, Day> => {
  const m = PEOPLES_DATE.exec(s.trim())
  if (m === null)
    return E.left(`应为日期，如 2025-03-03、2025/3/3 或 2025年3月3日，收到 ${JSON.stringify(s)} / expected a date such as 2025-03-03, 2025/3/3 or 2025年3月3日, got ${JSON.stringify(s)}`)
  const [year, month, day] = [m[1], m[3] ?? m[5], m[4] ?? m[6]].map(Number) as [number, number, number]
  return E.fromNullable(`${s.trim()} 不是存在的日期 / ${s.trim()} is not a date that exists`)(existingDay(year, month, day))
}

/** A period of whole days, both ends included. */
export interface Period {
  readonly label: string
  readonly from: Day
  readonly to: Day
}

export const year = (y: number): Period => ({ label: String(y), from: dayOfDate(y, 1, 1), to: dayOfDate(y + 1, 1, 1) - 1 })

export const month = (y: number, m: number): Period => ({
  label: `${y}-${String(m).padStart(2, '0')}`,
  from: dayOfDate(y, m, 1),
  to: dayOfDate(y, m + 1, 1) - 1,
})

/**
 * The instants a year spans in the plan's zone, from luxon's calendar: what
 * "by the end of 2025" means as a point in time.
 */
export const yearBounds = (y: number): { readonly start: number; readonly end: number } => {
  const start = DateTime.fromObject({ year: y, month: 1, day: 1 }, { zone: PLAN_ZONE })
  return { start: start.toMillis(), end: start.plus({ years: 1 }).toMillis() }
}

/** The Shanghai day on which an instant stated with any offset falls. */
export const dayOfInstant = (iso: string): E.Either<string, Day> => E.map(dayOf)(parseInstant(iso))

/**
 * A moment as a person states it: a date-time with its offset as stated, or
 * a date (any form {@link readDate} takes) meaning the end of that day in
 * Asia/Shanghai, its last millisecond; epoch ms, or why neither.
 */
export const readMoment = (s: string): E.Either<string, number> =>
  pipe(
    readDate(s),
    E.map((day) => DateTime.fromISO(dayToIso(day), { zone: PLAN_ZONE }).plus({ days: 1 }).toMillis() - 1),
    E.orElse(() =>
      E.mapLeft(() => `应为日期（当日结束时，北京时间）或带时区偏移的日期时间，如 2025-12-31、2025/12/31、2026-01-15T00:00:00+08:00，收到 ${JSON.stringify(s)} / expected a date (the end of that day, Asia/Shanghai) or a date-time with its offset, e.g. 2025-12-31, 2025/12/31, 2026-01-15T00:00:00+08:00, got ${JSON.stringify(s)}`)(parseInstant(s.trim())),
    ),
  )

/** An instant as ISO-8601 in UTC with milliseconds, the form `recordedAt` is written in. */
export const isoUtc = (epochMs: number): string => new Date(epochMs).toISOString()

/** An instant read from a store, for a message: ISO-8601 UTC if it is one, else the value as it stands (a forged row may hold anything). */
export const storedInstant = (epochMs: unknown): string =>
  typeof epochMs === 'number' && Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : JSON.stringify(String(epochMs))

/** A day read from a store, for a message: YYYY-MM-DD if it is one, else the value as it stands. */
export const storedDay = (day: unknown): string =>
  typeof day === 'number' && Number.isInteger(day) && Math.abs(day) < 2 ** 22 ? dayToIso(day) : JSON.stringify(String(day))
