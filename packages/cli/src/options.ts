import { InvalidArgumentError, type Command, type Option } from 'commander'

/*
 * Option values checked before anything is opened, so that a bad value is a
 * usage error (exit status 2) naming the option. Years and counts are
 * checked as they are parsed; dates are read by core's calendar once the
 * command is known to run (a `preAction` hook), so that `--help` and a
 * usage error never load the calendar (luxon) at all.
 */

export const yearOption = (s: string): number => {
  if (!/^\d{4}$/.test(s)) throw new InvalidArgumentError(`应为四位数的年份，如 2025，收到 ${JSON.stringify(s)} / expected a year such as 2025, got ${JSON.stringify(s)}`)
  return Number(s)
}

export const positiveOption = (s: string): number => {
  const n = Number(s)
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError(`应为正数，收到 ${JSON.stringify(s)} / expected a positive number, got ${JSON.stringify(s)}`)
  return n
}

/** How an option's text is read: a day in any form a person writes one (as YYYY-MM-DD), or a moment (epoch ms: an instant with its offset, or the end of a day in Asia/Shanghai). */
type Reading = 'day' | 'moment'

const readings = new WeakMap<Option, Reading>()

/** An option whose value the calendar reads before the command runs. */
export const calendarOption = (option: Option, reading: Reading): Option => {
  readings.set(option, reading)
  return option
}

type Calendar = typeof import('@policy-ledger/core/time')

/** An option's text as its reading takes it, or why not (the calendar's Either, looked at by its tag: fp-ts itself is not loaded to parse options). */
const readOne = (calendar: Calendar, reading: Reading, text: string): { readonly value: string | number } | { readonly why: string } => {
  const read = reading === 'day' ? calendar.readDate(text) : calendar.readMoment(text)
  if (read._tag === 'Left') return { why: read.left }
  return { value: reading === 'day' ? calendar.dayToIso(read.right) : read.right }
}

/**
 * Read every calendar option the command was given, in place, or refuse the
 * first that does not read, in Commander's words for a bad value (and so in
 * Chinese first, as every usage error is).
 */
export const readCalendarOptions = async (command: Command): Promise<void> => {
  const given = command.options.filter((o) => readings.has(o) && typeof command.getOptionValue(o.attributeName()) === 'string')
  if (given.length === 0) return
  const calendar = await import('@policy-ledger/core/time')
  for (const option of given) {
    const text = command.getOptionValue(option.attributeName()) as string
    const read = readOne(calendar, readings.get(option) ?? 'day', text)
    if ('why' in read) command.error(`error: option '${option.flags}' argument '${text}' is invalid. ${read.why}`, { exitCode: 2, code: 'commander.invalidArgument' })
    else command.setOptionValue(option.attributeName(), read.value)
  }
}
