import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { canonicalJson, type Json } from '../canonical.js'
import type { Entry } from '../envelope.js'
import { idConflict, type LedgerError } from '../errors.js'
import { upcast } from '../stream-fold.js'
import { decide, type Deciding } from './decide.js'
import { asStored, type RecordInput, type Resolved } from './input.js'

export interface BatchResult {
  /** entries written by this call, in position order */
  readonly recorded: ReadonlyArray<Entry>
  /** inputs recorded before with the same content: nothing was written for them */
  readonly duplicates: ReadonlyArray<Entry>
}

/** What appending needs besides deciding: the ledger's clock, and how often to decide again after another writer got in first. */
export interface Appending extends Deciding {
  /** epoch ms */
  readonly clock: () => number
  readonly retries: number
}

const contentOf = (e: Pick<Entry, 'type' | 'occurredAt' | 'recordedBy' | 'source' | 'correlationId' | 'causationId' | 'data'>): string =>
  canonicalJson({
    type: e.type,
    occurredAt: e.occurredAt,
    recordedBy: e.recordedBy,
    source: e.source as unknown as Json,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: e.data as Json,
  })

/** The caller-stated content, canonical: what "same content" means for an id seen before. */
const statedContent = (input: RecordInput): string =>
  contentOf({ ...input, correlationId: input.correlationId ?? null, causationId: input.causationId ?? null })

/**
 * Decide and append a batch permitted to be recorded: inputs recorded before with the same content are
 * duplicates, not written again; an id recorded with other content is an `ID_CONFLICT`; where another
 * writer got in first, what was known of its streams is forgotten and the batch decided again.
 */
export const appendBatch = async (appending: Appending, batch: ReadonlyArray<Resolved>, single: boolean): Promise<E.Either<LedgerError, BatchResult>> => {
  const { store, retries, streams } = appending
  const { cache } = streams
  // the same id twice in one batch: once is enough if the content agrees
  const firstById = new Map<string, Resolved>()
  for (const d of batch) {
    const first = firstById.get(d.input.id)
    if (first === undefined) firstById.set(d.input.id, d)
    else if (statedContent(first.input) !== statedContent(d.input)) return E.left(idConflict(d.input.id, d.index))
  }
  // Most batches are all new: append them as they stand, and look their ids up only if that fails.
  // The store refuses ids it holds, so a success here is the answer the full path would give; any
  // failure is answered by the full path, so callers never see the shortcut.
  const optimistic = await decideAndAppend(appending, [...firstById.values()], single)
  if (E.isRight(optimistic)) return E.right({ recorded: optimistic.right, duplicates: [] })
  if (optimistic.left.error.code === 'CONCURRENCY_CONFLICT') for (const stream of optimistic.left.streams ?? []) cache.delete(stream)
  for (let attempt = 0; ; attempt++) {
    const known = await store.findByIds(asStored([...firstById.keys()]))()
    if (E.isLeft(known)) return known
    const duplicates: Entry[] = []
    for (const entry of known.right) {
      const d = firstById.get(entry.id.toLowerCase()) as Resolved
      // a stored entry that cannot be brought up states other content than any input can
      const stored = upcast(entry)
      if (E.isLeft(stored) || contentOf(stored.right) !== statedContent(d.input)) return E.left(idConflict(entry.id, single ? undefined : d.index))
      duplicates.push(entry)
    }
    const seen = new Set(duplicates.map((e) => e.id.toLowerCase()))
    const fresh = [...firstById.values()].filter((d) => !seen.has(d.input.id))
    if (fresh.length === 0) return E.right({ recorded: [], duplicates })

    const appended = await decideAndAppend(appending, fresh, single)
    if (E.isRight(appended)) return E.right({ recorded: appended.right, duplicates })
    const { error: err, streams: expected } = appended.left
    if (expected === undefined) {
      // another writer may have recorded one of these inputs between the lookup above and the read of
      // its stream, and the input was then refused against its own fact: look again before refusing
      if (attempt < retries && (await recordedMeanwhile(store, fresh))) continue
      return E.left(err)
    }
    const callerPinned = fresh.some((d) => d.input.expectedRevision !== undefined)
    // another writer got in first: forget what we knew of those streams and decide again
    if ((err.code === 'CONCURRENCY_CONFLICT' || err.code === 'ID_CONFLICT') && !callerPinned && attempt < retries) {
      for (const stream of expected) cache.delete(stream)
      continue
    }
    if (err.code === 'CONCURRENCY_CONFLICT') for (const stream of expected) cache.delete(stream)
    return E.left(err)
  }
}

/** Whether any of these inputs stands recorded now; a store that cannot say leaves the refusal as it was. */
const recordedMeanwhile = async (store: Appending['store'], fresh: ReadonlyArray<Resolved>): Promise<boolean> =>
  pipe(await store.findByIds(asStored(fresh.map((d) => d.input.id)))(), E.exists((found) => found.length > 0))

/** Decide and append; a refused append says which streams it expected, for the caller to forget or retry. */
const decideAndAppend = async (
  appending: Appending,
  fresh: ReadonlyArray<Resolved>,
  single: boolean,
): Promise<E.Either<{ readonly error: LedgerError; readonly streams?: ReadonlyArray<string> }, ReadonlyArray<Entry>>> => {
  const decision = await decide(appending, fresh, single)
  if (E.isLeft(decision)) return E.left({ error: decision.left })
  const { drafts, expected, after } = decision.right
  const appended = await appending.store.append({
    drafts,
    expected: [...expected].map(([stream, revision]) => ({ stream, revision })),
    now: appending.clock(),
  })()
  if (E.isLeft(appended)) return E.left({ error: appended.left, streams: [...expected.keys()] })
  for (const h of after) appending.streams.cache.set(h.stream, h)
  return appended
}
