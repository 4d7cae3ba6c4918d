import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { validationFailed, type IntegrityFailed, type StorageFailed, type ValidationFailed } from '../errors.js'
import type { Plan } from '../plan/define.js'
import { loadTally } from '../projections/query.js'
import { occurredByDay, report, type Report, type ReportOptions } from '../projections/report.js'
import type { Tally } from '../projections/tally.js'
import type { EventStore } from '../store.js'
import { isoUtc, readMoment } from '../time.js'

/*
 * Bi-temporal replay. An auditor asks two questions of a date: what did the
 * ledger *know* then (entries recorded by `knownAt`, corrections included
 * only if recorded by then), and what had *happened* by then (facts that
 * occurred by `occurredBy`, however late they were reported). Either left
 * out means "now". Because positions follow commit order and every entry
 * carries its delta, "known at T" is a prefix of the log; "occurred by D"
 * is a cut of the tally's days.
 */

export interface AsOf {
  /** an instant with its offset, or a day (2025-12-31, 2025/12/31, 2025年12月31日: the end of that day in Asia/Shanghai); default now */
  readonly knownAt?: string
  /** a day, YYYY-MM-DD (Asia/Shanghai); default: the end of the report's year */
  readonly occurredBy?: string
}

export type AsOfError = ValidationFailed | StorageFailed | IntegrityFailed

/** `knownAt` as epoch ms: an instant as stated, or the last millisecond of a Shanghai day. */
export const knownAtInstant = (s: string): E.Either<ValidationFailed, number> =>
  E.mapLeft((reason: string) => validationFailed([{ path: 'knownAt', reason }]))(readMoment(s))

/** `knownAt` as epoch ms, or undefined for now. */
const instantOf = (knownAt: string | undefined): E.Either<ValidationFailed, number | undefined> =>
  knownAt === undefined ? E.right(undefined) : knownAtInstant(knownAt)

/** The tally as the ledger knew it at `knownAt` (all of it when absent). */
export const tallyAsOf = (store: EventStore, knownAt?: string): TE.TaskEither<AsOfError, Tally> =>
  pipe(
    TE.fromEither(instantOf(knownAt)),
    TE.flatMap((recordedAt) => loadTally(store, recordedAt === undefined ? {} : { recordedAt })),
  )

/**
 * The progress report as known at `knownAt`, counting what occurred by
 * `occurredBy`. It states both: `knownAt.requested` (null: now) beside the
 * last position and instant actually folded in, and `occurredBy`.
 */
export const reportAsOf = (plan: Plan, store: EventStore, options: AsOf & Omit<ReportOptions, 'occurredBy'> = {}): TE.TaskEither<AsOfError, Report> => {
  const { knownAt, occurredBy, ...rest } = options
  return pipe(
    TE.fromEither(occurredByDay(occurredBy)),
    TE.flatMap(() => TE.fromEither(instantOf(knownAt))),
    TE.flatMap((at) =>
      pipe(
        loadTally(store, at === undefined ? {} : { recordedAt: at }),
        TE.flatMap((tally) => TE.fromEither(report(plan, tally, { ...rest, ...(occurredBy === undefined ? {} : { occurredBy }) }))),
        TE.map((r) => ({ ...r, knownAt: { ...r.knownAt, requested: at === undefined ? null : isoUtc(at) } })),
      ),
    ),
  )
}
