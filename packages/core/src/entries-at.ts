import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { said } from './codecs.js'
import type { Entry } from './envelope.js'
import { integrityFailed, type IntegrityFailed, type StorageFailed } from './errors.js'
import type { EventStore } from './store.js'

/**
 * The entries at these positions that the log holds, by position. A store
 * that reads positions at once (`readPositions`) is asked once; any other is
 * read a page from each position not yet seen, so that positions close
 * together cost one page. What comes back is held to what was asked, never
 * taken on trust: two entries at one position, an entry not asked for, or a
 * page whose entries do not follow one another is refused (a forged table),
 * rather than one of them chosen.
 */
export const entriesAt =
  (store: EventStore, positions: Iterable<number>, pageSize = 1_000): TaskEither<StorageFailed | IntegrityFailed, ReadonlyMap<number, Entry>> =>
  async () => {
    const wanted = [...new Set(positions)].filter((p) => Number.isSafeInteger(p) && p >= 1).sort((a, b) => a - b)
    const asked = new Set(wanted)
    const out = new Map<number, Entry>()
    const seen = new Set<number>()
    /** Keep the entries asked for; `from`: they are a page of the log from there, one after another. */
    const keep = (entries: ReadonlyArray<Entry>, from?: number): IntegrityFailed | undefined => {
      for (const [i, e] of entries.entries()) {
        if (seen.has(e.position)) return integrityFailed(e.position, said({ zh: `位置 ${e.position} 有两个条目`, en: `the log holds two entries at position ${e.position}` }))
        seen.add(e.position)
        if (from !== undefined && e.position !== from + i)
          return integrityFailed(from + i, said({ zh: `从位置 ${from} 读出的条目不是一条接一条（第 ${i + 1} 条称位置 ${e.position}）`, en: `the entries read from position ${from} do not follow one another (entry ${i + 1} of them says position ${e.position})` }))
        if (asked.has(e.position)) out.set(e.position, e)
        else if (from === undefined) return integrityFailed(e.position, said({ zh: `所问的位置中没有 ${e.position}，存储却答以该处的条目`, en: `position ${e.position} was not asked for, but the store answered with an entry there` }))
      }
      return undefined
    }
    if (store.readPositions !== undefined) {
      const read = await store.readPositions(wanted)()
      if (E.isLeft(read)) return read
      const bad = keep(read.right)
      return bad === undefined ? E.right(out) : E.left(bad)
    }
    let readUpTo = 0
    for (const p of wanted) {
      if (p <= readUpTo) continue
      const page = await store.readAll({ after: p - 1, limit: pageSize })()
      if (E.isLeft(page)) return page
      const bad = keep(page.right, p)
      if (bad !== undefined) return E.left(bad)
      readUpTo = page.right.length < pageSize ? Number.POSITIVE_INFINITY : p - 1 + pageSize
    }
    return E.right(out)
  }

/** The entry at a position, or undefined where the log holds none. */
export const entryAt = (store: EventStore, position: number): TaskEither<StorageFailed | IntegrityFailed, Entry | undefined> => async () =>
  E.map((found: ReadonlyMap<number, Entry>) => found.get(position))(await entriesAt(store, [position], 1)())
