import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Entry } from '../envelope.js'
import { amendmentOf, isCorrection } from '../events/corrections.js'
import { registry, type Registered } from '../events/index.js'
import { invariantViolated, type LedgerError } from '../errors.js'
import { emptyHistory, historyCache, historyOf, upcast, type History, type HistoryCache, type Rejection } from '../stream-fold.js'
import type { EventStore } from '../store.js'
import type { Resolved } from './input.js'

/** What a ledger knows of its streams between calls: one per ledger, passed to each step that reads or forgets it. */
export interface KnownStreams {
  /** streams' histories as decided, most recently used kept */
  readonly cache: HistoryCache
  /** keys whose history stands on the stream an earlier release named them by (see `events/streams.ts`): key name → stored name */
  readonly aliases: Map<string, string>
}

export const knownStreams = (cacheSize: number): KnownStreams => ({ cache: historyCache(cacheSize), aliases: new Map() })

/** What the streams of a batch are decided against, as far as known before deciding (see `prepare`). */
export interface Prepared {
  /** the batch, each input on the stream its history is on */
  readonly batch: ReadonlyArray<Resolved>
  readonly cached: ReadonlyMap<string, History>
  readonly stored: ReadonlyMap<string, ReadonlyArray<Entry>>
}

/** Whether the cache answers for a stream: a caller who pinned another revision than the cached one may have seen another process's commit. */
const cachedFor = (cache: HistoryCache, stream: string, pinned: number | undefined): History | undefined => {
  const cached = cache.get(stream)
  return cached !== undefined && (pinned === undefined || pinned === cached.revision) ? cached : undefined
}

/** A stream's history from its stored entries. */
export const historyFrom = (stream: string, r: Registered, entries: ReadonlyArray<Entry>): E.Either<LedgerError, History> => {
  if (entries.length === 0) return E.right(emptyHistory(stream, r.aggregate))
  // a stored history that no longer folds means the rules changed under it: say so rather than guess
  return E.mapLeft((no: Rejection) => invariantViolated(stream, `已存的历史不再成立 / stored history no longer holds: ${no.reason}`))(historyOf(stream, r.aggregate, entries))
}

/**
 * Where a key's history stands when its own stream is empty: on the stream an earlier release named it
 * by, if that stream holds this key's facts; nowhere (a new stream) if it holds another key's alone. A
 * stream that came to hold two keys' facts cannot be decided against, and says so.
 */
const placeLegacy = (stream: string, legacy: string, entries: ReadonlyArray<Entry>): E.Either<LedgerError, string | undefined> => {
  const voided = new Set(entries.filter((e) => e.type === 'EventVoided').map((e) => amendmentOf(e).entryId))
  const facts = entries.filter((e) => !isCorrection(e.type) && !voided.has(e.id))
  // an entry whose data cannot be brought up is no fact of this key's: the stream is then said to hold another's
  const mine = facts.filter((e) => pipe(upcast(e), E.exists((u) => registry.get(e.type)?.definition.stream(u.data) === stream)))
  if (mine.length === 0) return E.right(undefined)
  if (mine.length === facts.length) return E.right(legacy)
  const stray = facts.find((e) => !mine.includes(e)) as Entry
  return E.left(
    invariantViolated(
      legacy,
      `recorded before stream names were made unambiguous, this stream holds facts of more than one aggregate (${stream} and that of entry ${stray.id}); new facts cannot be decided against it: see docs/events.md, "Streams"`,
    ),
  )
}

/**
 * What the streams of a batch are decided against, as far as known before deciding: each input on
 * the stream its history is on, the cache's histories, and the stored entries of the streams it
 * cannot answer, read in one query where the store can (new streams come back empty). A stream in
 * none of these is read when it is decided. A key found on its earlier name is remembered in `aliases`.
 */
export const prepare = async (store: EventStore, { cache, aliases }: KnownStreams, batch: ReadonlyArray<Resolved>): Promise<E.Either<LedgerError, Prepared>> => {
  const cached = new Map<string, History>()
  const uncached = new Set<string>()
  /** a key not yet placed whose earlier name differs: its history may stand there */
  const legacy = new Map<string, string>()
  for (const d of batch) {
    const stream = aliases.get(d.stream) ?? d.stream
    // a stream is decided against what its first input finds
    if (cached.has(stream) || uncached.has(stream)) continue
    const h = cachedFor(cache, stream, d.input.expectedRevision)
    if (h !== undefined) {
      cached.set(stream, h)
      continue
    }
    uncached.add(stream)
    const earlier = d.amends === undefined && stream === d.stream ? d.registered.definition.stream.legacy(d.input.data) : stream
    if (earlier !== stream) legacy.set(stream, earlier)
  }
  const onStored = (): ReadonlyArray<Resolved> =>
    aliases.size === 0
      ? batch
      : batch.map((d): Resolved => {
          const stream = aliases.get(d.stream)
          return stream === undefined ? d : { ...d, stream }
        })
  if (legacy.size === 0 && (store.readStreams === undefined || uncached.size < 2)) return E.right({ batch: onStored(), cached, stored: new Map() })
  const names = [...new Set([...uncached, ...legacy.values()])]
  const stored = new Map<string, Entry[]>(names.map((s) => [s, []]))
  if (store.readStreams !== undefined) {
    const read = await store.readStreams(names)()
    if (E.isLeft(read)) return read
    for (const e of read.right) stored.get(e.stream)?.push(e)
  } else
    for (const name of names) {
      const read = await store.readStream(name)()
      if (E.isLeft(read)) return read
      stored.set(name, [...read.right])
    }
  for (const [stream, earlier] of legacy) {
    if ((stored.get(stream)?.length ?? 0) > 0) continue
    const placed = placeLegacy(stream, earlier, stored.get(earlier) ?? [])
    if (E.isLeft(placed)) return placed
    if (placed.right !== undefined) aliases.set(stream, placed.right)
  }
  return E.right({ batch: onStored(), cached, stored })
}
