import { calendar, reportAsOf, type EventStore, type Plan } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { queryFailure, type Failure } from './failure.js'

/** What the auditor's queries (asof, diff, lineage) are asked: when, and for which year. */
export interface AsOfOptions {
  readonly year?: number
  /** YYYY-MM-DD, Asia/Shanghai */
  readonly occurredBy?: string
  /** epoch ms */
  readonly knownAt?: number
}

/** The year asked for, or the one the report would be for: the latest plan year with anything in it, as known then. */
export const yearOf = async (plan: Plan, store: EventStore, options: AsOfOptions): Promise<E.Either<Failure, number>> => {
  if (options.year !== undefined) return E.right(options.year)
  const r = await reportAsOf(plan, store, {
    ...(options.knownAt === undefined ? {} : { knownAt: calendar.isoUtc(options.knownAt) }),
    ...(options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy }),
  })()
  return E.bimap(queryFailure, (x: { readonly year: number }) => x.year)(r)
}
