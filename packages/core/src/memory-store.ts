import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { EMPTY_HEAD, entryOf, seal, type Head } from './chain.js'
import type { Entry } from './envelope.js'
import { concurrencyConflict, idConflict } from './errors.js'
import { followByPolling } from './follow.js'
import type { AppendError, AppendRequest, EntryDeltas, EventStore } from './store.js'

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

  const append = ({ drafts, expected, now }: AppendRequest): E.Either<AppendError, ReadonlyArray<Entry>> => {
    for (const { stream, revision } of expected) {
      const actual = streams.get(stream)?.length ?? 0
      if (actual !== revision) return E.left(concurrencyConflict(stream, revision, actual))
    }
    const taken = drafts.find((d) => byId.has(d.entry.id))
    if (taken !== undefined) return E.left(idConflict(taken.entry.id))
    const sealed = seal(head, drafts.map((d) => d.entry), now)
    const entries = sealed.entries.map((e, i) => {
      const entry = entryOf(e)
      log.push(entry)
      byId.set(entry.id, entry)
      const stream = streams.get(entry.stream)
      // a new array, never pushed into: what `readStream` handed out before stays as it was
      streams.set(entry.stream, stream === undefined ? [entry] : [...stream, entry])
      deltas.push({ position: entry.position, recordedAt: sealed.head.recordedAt, deltas: drafts[i]?.deltas ?? new Float64Array() })
      return entry
    })
    head = sealed.head
    return E.right(entries)
  }

  const readAll: EventStore['readAll'] = ({ after, limit }) => TE.right(log.slice(after, after + limit))

  return {
    kind: 'memory',
    append: (request) => TE.fromEither(append(request)),
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
