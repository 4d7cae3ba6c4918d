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
 * Epoch milliseconds of an ISO-8601 instant that states its offset, or a
 * reason it is not one. Impossible dates (2025-02-30) and local times without
 * an offset are refused: business time must be unambiguous.
 */
export const parseInstant = (s: string): number | string => {
  const m = ISO_WITH_OFFSET.exec(s)
  if (m === null) return 'expected an ISO-8601 date-time with an offset, e.g. 2025-03-01T09:30:00+08:00'
  const [, y, mo, d, h, mi, sec, frac, off] = m as unknown as [string, string, string, string, string, string, string | undefined, string | undefined, string]
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = sec === undefined ? 0 : Number(sec)
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const check = new Date(local)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return `${s.slice(0, 19)} is not a date and time that exists`
  if (off === 'Z') return local
  const sign = off.startsWith('-') ? -1 : 1
  const oh = Number(off.slice(1, 3))
  const om = Number(off.slice(4, 6))
  if (oh > 14 || om > 59) return `${off} is not a UTC offset`
  return local - sign * (oh * 60 + om) * 60_000
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

/** `YYYY-MM-DD` as a day number, or a reason it is not a date. */
export const parseDate = (s: string): Day | string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return 'expected a date as YYYY-MM-DD'
  const day = dayOfDate(Number(m[1]), Number(m[2]), Number(m[3]))
  return dayToIso(day) === s ? day : `${s} is not a date that exists`
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
export const dayOfInstant = (iso: string): Day | string => {
  const ms = parseInstant(iso)
  return typeof ms === 'string' ? ms : dayOf(ms)
}

/** An instant as ISO-8601 in UTC with milliseconds, the form `recordedAt` is written in. */
export const isoUtc = (epochMs: number): string => new Date(epochMs).toISOString()

/** An instant read from a store, for a message: ISO-8601 UTC if it is one, else the value as it stands (a forged row may hold anything). */
export const storedInstant = (epochMs: unknown): string =>
  typeof epochMs === 'number' && Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : JSON.stringify(String(epochMs))

/** A day read from a store, for a message: YYYY-MM-DD if it is one, else the value as it stands. */
export const storedDay = (day: unknown): string =>
  typeof day === 'number' && Number.isInteger(day) && Math.abs(day) < 2 ** 22 ? dayToIso(day) : JSON.stringify(String(day))
