import { calendar } from '@policy-ledger/core'
import { InvalidArgumentError } from 'commander'

/*
 * Option values checked as they are parsed, so that a bad value is a usage
 * error (exit status 2) naming the option before anything is opened.
 */

export const yearOption = (s: string): number => {
  if (!/^\d{4}$/.test(s)) throw new InvalidArgumentError('expected a year such as 2025.')
  return Number(s)
}

export const dateOption = (s: string): string => {
  const day = calendar.parseDate(s)
  if (typeof day === 'string') throw new InvalidArgumentError(`expected a date as YYYY-MM-DD (${day}).`)
  return s
}

/** An instant with its offset, or a date meaning the end of that day in Asia/Shanghai; as epoch ms. */
export const instantOption = (s: string): number => {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${dateOption(s)}T23:59:59.999+08:00` : s
  const ms = calendar.parseInstant(iso)
  if (typeof ms === 'string') throw new InvalidArgumentError(`expected a date-time with its offset, e.g. 2026-01-15T00:00:00+08:00, or a date YYYY-MM-DD (${ms}).`)
  return ms
}

export const positiveOption = (s: string): number => {
  const n = Number(s)
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number.')
  return n
}
