import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { StorageFailed } from '../errors.js'
import type { Page, RawPage } from '../store.js'
import type { Verification } from './walker.js'

/** Where a walk of the log's pages starts and stops. */
export interface Stretch {
  /** read the entries after this many */
  readonly after: number
  /** stop once this many have been read (a range of the log); default: the end of the log */
  readonly until?: number
  readonly pageSize: number
}

/**
 * Feed a walker the log page by page from `after`; the first failure, or the
 * walker's result at the end of the stretch. `check` takes a whole page,
 * `sizeOf` says how many entries it holds.
 */
export const walkPages =
  <P>(
    read: (page: Page) => TaskEither<StorageFailed, P>,
    sizeOf: (page: P) => number,
    check: (page: P) => Verification | undefined,
    result: () => Verification,
    { after: from, until = Number.POSITIVE_INFINITY, pageSize }: Stretch,
  ): TaskEither<StorageFailed, Verification> =>
  async () => {
    // page by how many entries were read, not by the last one's stated position: in a tampered
    // store the two differ (rows swapped), and every entry must be seen to say what happened
    for (let after = from; after < until; ) {
      const limit = Math.min(pageSize, until - after)
      const page = await read({ after, limit })()
      if (E.isLeft(page)) return page
      const failure = check(page.right)
      if (failure !== undefined) return E.right(failure)
      const size = sizeOf(page.right)
      if (size < limit) break
      after += size
    }
    return E.right(result())
  }

/** A page's entries checked one by one, up to the first failure. */
export const eachOf =
  <A>(check: (item: A) => Verification | undefined) =>
  (items: Iterable<A>): Verification | undefined => {
    for (const item of items) {
      const failure = check(item)
      if (failure !== undefined) return failure
    }
    return undefined
  }

/** How many entries a raw page holds. */
export const rawPageSize = (page: RawPage): number => page.bodies.length
