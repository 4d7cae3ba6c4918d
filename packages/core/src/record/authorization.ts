import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Authorize, AuthorizeRequest } from '../authorization/authorize.js'
import type { CorrectionType } from '../events/corrections.js'
import type { EventType } from '../events/index.js'
import { notAllowed, type LedgerError } from '../errors.js'
import type { History } from '../stream-fold.js'
import type { Resolved } from './input.js'

/** Whether the principal an input is recorded as may act for its recordedBy; if not, why. */
const principalActsFor = (d: Resolved): E.Either<string, void> => {
  const p = d.attestation?.principal
  const { recordedBy } = d.input
  return p === undefined || p.actsFor.includes(recordedBy)
    ? E.right(undefined)
    : E.left(`记录人 ${p.id} 无权代表 ${recordedBy}（可代表 ${p.actsFor.join('、')}） / principal ${p.id} may not act for ${recordedBy} (it acts for ${p.actsFor.join(', ')})`)
}

/**
 * The fact a policy is asked about before deciding: a new fact as stated, a correction as the fact
 * it leaves standing. A void leaves nothing standing: it is judged, with every correction, on the
 * fact as it stands when the stream is decided (`standingRefusal`).
 */
const authorizeRequest = (d: Resolved): AuthorizeRequest | undefined => {
  const { recordedBy } = d.input
  if (d.amends === undefined) return { type: d.input.type as EventType, recordedBy, data: d.input.data }
  const { entry, amendment } = d.amends
  return amendment.data === undefined ? undefined : { type: entry.type as EventType, recordedBy, data: amendment.data, correction: d.input.type as CorrectionType }
}

/** The inputs of a call, if every one may be recorded by its recordedBy (and its principal); else the first refusal. */
export const permitted = (
  batch: ReadonlyArray<Resolved>,
  authorize: Authorize,
  single: boolean,
): E.Either<LedgerError, ReadonlyArray<Resolved>> => {
  for (const d of batch) {
    const request = authorizeRequest(d)
    const verdict = pipe(
      principalActsFor(d),
      E.flatMap(() => (request === undefined ? E.right(undefined) : authorize(request))),
    )
    if (E.isLeft(verdict)) return E.left(notAllowed(d.input.recordedBy, d.input.type, verdict.left, single ? undefined : d.index))
  }
  return E.right(batch)
}

/**
 * Whether a correction may be recorded against the fact as it stands on its stream's history (a new
 * fact always may); if not, why: a unit may not take another's fact into its area by correcting it,
 * nor void one that an earlier correction moved away.
 */
export const standingAllowed = (h: History, d: Resolved, authorize: Authorize): E.Either<string, void> => {
  if (d.amends === undefined) return E.right(undefined)
  const { entry } = d.amends
  const standing = h.facts.find((f) => f.id === entry.id)?.data ?? entry.data
  return authorize({ type: entry.type as EventType, recordedBy: d.input.recordedBy, data: standing, correction: d.input.type as CorrectionType })
}
