// the calendar alone (core's time module): parsing options never loads the rest of core
import * as calendar from '@policy-ledger/core/time'
import { InvalidArgumentError } from 'commander'
import * as E from 'fp-ts/lib/Either.js'

/*
 * Option values checked as they are parsed, so that a bad value is a usage
 * error (exit status 2) naming the option before anything is opened.
 */

export const yearOption = (s: string): number => {
  if (!/^\d{4}$/.test(s)) throw new InvalidArgumentError(`应为四位数的年份，如 2025，收到 ${JSON.stringify(s)} / expected a year such as 2025, got ${JSON.stringify(s)}`)
  return Number(s)
}

/** The value an option's reading gives, or a usage error saying why not. */
const readOrRefuse = <A>(read: E.Either<string, A>): A => {
  if (E.isLeft(read)) throw new InvalidArgumentError(read.left)
  return read.right
}

/** A date in any form a person writes one (2025-03-03, 2025/3/3, 2025年3月3日), as YYYY-MM-DD. */
export const dateOption = (s: string): string => calendar.dayToIso(readOrRefuse(calendar.readDate(s)))

/** An instant with its offset, or a date (any form) meaning the end of that day in Asia/Shanghai; as epoch ms. */
export const instantOption = (s: string): number => readOrRefuse(calendar.readMoment(s))

export const positiveOption = (s: string): number => {
  const n = Number(s)
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`应为正数，收到 ${JSON.stringify(s)} / expected a positive number, got ${JSON.stringify(s)}`)
  return n
}
