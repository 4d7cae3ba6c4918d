import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { Entry } from './envelope.js'
import type { StorageFailed } from './errors.js'
import type { EventStore } from './store.js'

/**
 * The entries at these positions that the log holds, by position. A store
 * that reads positions at once (`readPositions`) is asked once; any other is
 * read a page from each position not yet seen, so that positions close
 * together cost one page.
 */
export const entriesAt =
  (store: EventStore, positions: Iterable<number>, pageSize = 1_000): TaskEither<StorageFailed, ReadonlyMap<number, Entry>> =>
  async () => {
    const wanted = [...new Set(positions)].filter((p) => Number.isSafeInteger(p) && p >= 1).sort((a, b) => a - b)
    const out = new Map<number, Entry>()
    const keep = (entries: ReadonlyArray<Entry>, asked: ReadonlySet<number> | undefined): void => {
      for (const e of entries) if (asked === undefined || asked.has(e.position)) out.set(e.position, e)
    }
    if (store.readPositions !== undefined) {
      const read = await store.readPositions(wanted)()
      if (E.isLeft(read)) return read
      keep(read.right, new Set(wanted))
      return E.right(out)
    }
    const asked = new Set(wanted)
    let readUpTo = 0
    for (const p of wanted) {
      if (p <= readUpTo) continue
      const page = await store.readAll({ after: p - 1, limit: pageSize })()
      if (E.isLeft(page)) return page
      keep(page.right, asked)
      readUpTo = page.right.length < pageSize ? Number.POSITIVE_INFINITY : p - 1 + pageSize
    }
    return E.right(out)
  }

/** The entry at a position, or undefined where the log holds none. */
export const entryAt = (store: EventStore, position: number): TaskEither<StorageFailed, Entry | undefined> => async () =>
  E.map((found: ReadonlyMap<number, Entry>) => found.get(position))(await entriesAt(store, [position], 1)())
