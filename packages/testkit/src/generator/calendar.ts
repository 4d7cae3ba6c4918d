import { calendar } from '@policy-ledger/core'

/*
 * Days and times as the generator uses them: Shanghai calendar days (the
 * plan's), times of day stated with +08:00 as county systems write them, and
 * how a year's volume is spread over its days.
 */

export type Day = number

export const MS_PER_DAY = 86_400_000
// China has kept +08:00 all year since 1991
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

export const { dayOfDate, dayToIso, yearOfDay, parseDate } = calendar

export const firstDay = (year: number): Day => dayOfDate(year, 1, 1)
export const lastDay = (year: number): Day => dayOfDate(year, 12, 31)

/** Epoch ms of a second of a Shanghai day. */
export const epochOf = (day: Day, second: number): number => day * MS_PER_DAY + second * 1000 - SHANGHAI_OFFSET_MS

const two = (n: number): string => String(n).padStart(2, '0')

/** A second of a Shanghai day as ISO-8601 with its offset, e.g. 2025-03-01T09:30:12+08:00. */
export const shanghaiIso = (day: Day, second: number): string =>
  `${dayToIso(day)}T${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}+08:00`

/** 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: Day): number => (day + 4) % 7

/** How activity rises and falls over the year and the week. */
/** `year-end` is 31 December only, when yearly figures are closed; `spring`, March and April, when last year's are corrected. */
export type Season = 'office' | 'retail' | 'farm' | 'even' | 'year-end' | 'spring'

// Spring Festival quietens January and February; offices close the year busy.
const byMonth: Record<Season, ReadonlyArray<number>> = {
  office: [0.7, 0.6, 1, 1, 1, 1.05, 1, 0.95, 1.05, 1, 1.1, 1.3],
  retail: [1.3, 0.9, 0.9, 0.95, 1.15, 1.1, 0.9, 0.9, 1, 1.25, 1.1, 1.2],
  // ploughing and sowing in spring, harvest and drying in autumn
  farm: [0.4, 0.6, 1.4, 1.3, 1.2, 1.4, 0.8, 0.7, 1.3, 1.5, 1, 0.5],
  even: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  'year-end': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  spring: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
}
const byWeekday: Record<Season, ReadonlyArray<number>> = {
  office: [0.15, 1, 1, 1, 1, 1, 0.2],
  retail: [1.4, 0.8, 0.8, 0.8, 0.9, 1.1, 1.5],
  farm: [0.8, 1, 1, 1, 1, 1, 0.9],
  even: [1, 1, 1, 1, 1, 1, 1],
  'year-end': [1, 1, 1, 1, 1, 1, 1],
  spring: [0.15, 1, 1, 1, 1, 1, 0.2],
}

const monthOf = (day: Day): number => new Date(day * MS_PER_DAY).getUTCMonth()

const weight = (season: Season, day: Day): number =>
  season === 'year-end'
    ? Number(dayToIso(day).endsWith('-12-31'))
    : (byMonth[season][monthOf(day)] ?? 1) * (byWeekday[season][weekday(day)] ?? 1)

/**
 * How many of a year's `quota` occurrences fall on each of its days (index 0
 * is 1 January), spread by the season's weights from `from` to `to`. Rounding is
 * carried from day to day, so the days add up to the quota exactly: counts
 * are known before anything is generated.
 */
export const allocate = (quota: number, year: number, season: Season, from: Day = firstDay(year), to: Day = lastDay(year)): Int32Array => {
  const start = firstDay(year)
  const days = lastDay(year) - start + 1
  const out = new Int32Array(days)
  if (quota <= 0) return out
  const weights = Array.from({ length: days }, (_, i) => (start + i < from || start + i > to ? 0 : weight(season, start + i)))
  const total = weights.reduce((s, w) => s + w, 0)
  if (total === 0) throw new RangeError(`no day of ${year} is open for ${quota} occurrences (from ${dayToIso(from)})`)
  let cumulative = 0
  let placed = 0
  weights.forEach((w, i) => {
    cumulative += w
    const upTo = i === days - 1 ? quota : Math.round((quota * cumulative) / total)
    out[i] = upTo - placed
    placed = upTo
  })
  return out
}
