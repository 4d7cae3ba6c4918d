import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { checkSealed, EMPTY_HEAD, entryOf, seal, type Head } from './chain.js'
import type { Entry } from './envelope.js'
import { concurrencyConflict, idConflict } from './errors.js'
import { followByPolling } from './follow.js'
import type { IntegrityFailed } from './errors.js'
import type { AppendError, AppendRequest, EntryDeltas, EventStore, SealedCommit } from './store.js'

/**
 * A store in memory: for tests, examples and short-lived tools. It keeps
 * the same guarantees as the durable stores, durability aside.
 */
export const memoryStore = (): EventStore => {
  const log: Entry[] = []
  const deltas: EntryDeltas[] = []
  const byId = new Map<string, Entry>()
  const streams = new Map<string, Entry[]>()
  let head: Head = EMPTY_HEAD

  /** Why a commit cannot land: a stream not at the revision expected, or an id held already. */
  const refusal = (expected: AppendRequest['expected'], ids: ReadonlyArray<string>): AppendError | undefined => {
    for (const { stream, revision } of expected) {
      const actual = streams.get(stream)?.length ?? 0
      if (actual !== revision) return concurrencyConflict(stream, revision, actual)
    }
    const taken = ids.find((id) => byId.has(id))
    return taken === undefined ? undefined : idConflict(taken)
  }

  const keep = (entries: ReadonlyArray<Entry>, packed: ReadonlyArray<Float64Array>, next: Head): void => {
    entries.forEach((entry, i) => {
      log.push(entry)
      byId.set(entry.id, entry)
      const stream = streams.get(entry.stream)
      // a new array, never pushed into: what `readStream` handed out before stays as it was
      streams.set(entry.stream, stream === undefined ? [entry] : [...stream, entry])
      deltas.push({ position: entry.position, recordedAt: next.recordedAt, deltas: packed[i] ?? new Float64Array() })
    })
    head = next
  }

  const append = ({ drafts, expected, now }: AppendRequest): E.Either<AppendError, ReadonlyArray<Entry>> => {
    const refused = refusal(expected, drafts.map((d) => d.entry.id))
    if (refused !== undefined) return E.left(refused)
    const sealed = seal(head, drafts.map((d) => d.entry), now)
    const entries = sealed.entries.map(entryOf)
    keep(entries, drafts.map((d) => d.deltas), sealed.head)
    return E.right(entries)
  }

  const appendSealed = ({ entries, deltas: packed }: SealedCommit): E.Either<AppendError | IntegrityFailed, void> => {
    const checked = checkSealed(head, entries, packed.length)
    if (E.isLeft(checked)) return checked
    const refused = refusal(checked.right.expected, entries.map((e) => e.id))
    if (refused !== undefined) return E.left(refused)
    keep(entries.map((e) => ({ ...e })), packed, checked.right.head)
    return E.right(undefined)
  }

  const readAll: EventStore['readAll'] = ({ after, limit }) => TE.right(log.slice(after, after + limit))

  return {
    kind: 'memory',
    append: (request) => TE.fromEither(append(request)),
    appendSealed: (commit) => TE.fromEither(appendSealed(commit)),
    readStream: (stream) => TE.right(streams.get(stream) ?? []),
    readStreams: (names) => TE.right([...new Set(names)].flatMap((stream) => streams.get(stream) ?? [])),
    readAll,
    readDeltas: ({ after, limit }) => TE.right(deltas.slice(after, after + limit)),
    findByIds: (ids) => TE.right(ids.flatMap((id) => byId.get(id) ?? [])),
    head: () => TE.right(head),
    follow: (options) => followByPolling(readAll, options, { idleMs: 10 }),
    close: async () => undefined,
  }
}
