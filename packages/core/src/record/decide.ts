import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Authorize } from '../authorization/authorize.js'
import { packDeltas } from '../deltas.js'
import type { EntryDraft } from '../envelope.js'
import { concurrencyConflict, invariantViolated, notAllowed, validationFailed, type LedgerError } from '../errors.js'
import { advance, amend, factOf, type History } from '../stream-fold.js'
import type { Draft, EventStore } from '../store.js'
import { standingAllowed } from './authorization.js'
import { historyFrom, prepare, type KnownStreams } from './histories.js'
import { attested, versionOf, type Resolved } from './input.js'

/** What deciding needs: the store to read, the policy, and what the ledger knows of its streams. */
export interface Deciding {
  readonly store: EventStore
  readonly authorize: Authorize
  readonly streams: KnownStreams
}

/** What a batch comes to: the drafts to append, the revisions they were decided against, the histories after them. */
interface Decided {
  readonly drafts: Draft[]
  readonly expected: Map<string, number>
  readonly after: History[]
}

/** Why a batch was refused, and the stream it was decided on when that stream's history came from the cache. */
interface Refusal {
  readonly error: LedgerError
  readonly cached?: string
}

/**
 * Decide every new input against its stream: the drafts to append, or why not. Another process may
 * have written to a stream since this ledger cached it: an acceptance from a stale cache is caught
 * by the store's expected revision, and a refusal is given only against the stream as stored, so a
 * refusal decided on a cached history forgets it and decides again on what the store holds.
 */
export const decide = async (deciding: Deciding, batch: ReadonlyArray<Resolved>, single: boolean): Promise<E.Either<LedgerError, Decided>> => {
  for (;;) {
    const decision = await decideOnce(deciding, batch, single)
    if (E.isRight(decision) || decision.left.cached === undefined) return pipe(decision, E.mapLeft(({ error }) => error))
    deciding.streams.cache.delete(decision.left.cached)
  }
}

/** One decision; a refusal says the stream it was decided on when that stream's history came from the cache. */
const decideOnce = async ({ store, authorize, streams }: Deciding, batch: ReadonlyArray<Resolved>, single: boolean): Promise<E.Either<Refusal, Decided>> => {
  const working = new Map<string, History>()
  const expected = new Map<string, number>()
  const drafts: Draft[] = []
  const prepared = await prepare(store, streams, batch)
  if (E.isLeft(prepared)) return E.left({ error: prepared.left })
  const { cached, stored } = prepared.right
  const refuse = (stream: string, error: LedgerError): E.Either<Refusal, never> => E.left(cached.has(stream) ? { error, cached: stream } : { error })
  for (const d of prepared.right.batch) {
    let h = working.get(d.stream)
    if (h === undefined) {
      h = cached.get(d.stream)
      if (h === undefined) {
        // only a stream neither cached nor read with the batch waits on the store here
        const prefetched = stored.get(d.stream)
        const entries = prefetched === undefined ? await store.readStream(d.stream)() : E.right(prefetched)
        if (E.isLeft(entries)) return E.left({ error: entries.left })
        const loaded = historyFrom(d.stream, d.registered, entries.right)
        if (E.isLeft(loaded)) return E.left({ error: loaded.left })
        h = loaded.right
      }
      expected.set(d.stream, h.revision)
    }
    const at = single ? undefined : d.index
    if (d.input.expectedRevision !== undefined && d.input.expectedRevision !== h.revision)
      return refuse(d.stream, concurrencyConflict(d.stream, d.input.expectedRevision, h.revision))
    if (d.amends !== undefined && h.voided.has(d.amends.entry.id))
      return refuse(d.stream, invariantViolated(d.stream, `事件 ${d.amends.entry.id} 已被作废，作废的事件不能再作废或更正 / event ${d.amends.entry.id} was voided before; a voided event cannot be voided or corrected again`, at))
    // a correction is judged on the fact as it stands too, not only as it would stand
    const standing = standingAllowed(h, d, authorize)
    if (E.isLeft(standing)) return refuse(d.stream, notAllowed(d.input.recordedBy, d.input.type, standing.left, at))
    const fact = factOf(d.input)
    // decoded, its time reads: a time that does not is refused as the decoder would
    if (E.isLeft(fact)) return refuse(d.stream, validationFailed([{ ...(at === undefined ? {} : { index: at }), path: 'occurredAt', reason: fact.left }]))
    const advanced = d.amends === undefined ? advance(h, d.registered.aggregate, fact.right) : amend(h, d.registered.aggregate, d.amends.amendment)
    if (E.isLeft(advanced)) {
      const { fact: refused, reason } = advanced.left
      const why = refused === undefined || refused.id === d.input.id ? reason : `将使 ${refused.occurredAt} 的 ${refused.type} ${refused.id} 不能成立 / it would make ${refused.type} ${refused.id} of ${refused.occurredAt} impossible: ${reason}`
      return refuse(d.stream, invariantViolated(d.stream, why, at))
    }
    const { id, type, occurredAt, recordedBy, source, correlationId, causationId, data } = d.input
    const entry: EntryDraft = {
      id,
      type,
      version: versionOf(type),
      stream: d.stream,
      revision: advanced.right.history.revision,
      occurredAt,
      recordedBy,
      source,
      correlationId: correlationId ?? null,
      causationId: causationId ?? null,
      data,
      ...attested(d),
    }
    drafts.push({ entry, deltas: packDeltas(advanced.right.delta) })
    working.set(d.stream, advanced.right.history)
  }
  return E.right({ drafts, expected, after: [...working.values()] })
}
