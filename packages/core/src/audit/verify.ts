import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { availableParallelism } from 'node:os'
import { GENESIS_HASH } from '../chain.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import type { EventStore } from '../store.js'
import { eachOf, rawPageSize, walkPages } from './pages.js'
import { verifiedPrefix } from './parallel.js'
import { chainWalker, type TrustedCheckpoints, type Verification } from './walker.js'

export * from './walker.js'
// moved to checkpoint.ts, still answering here for those who import them from verify
export { partitionCheckpoints, trustCheckpoints } from './checkpoint.js'

/** Verify entries already in memory. */
export const verifyEntries = (entries: Iterable<Entry>, trusted?: TrustedCheckpoints): Verification => {
  const walker = chainWalker(trusted)
  return eachOf(walker.check)(entries) ?? walker.result()
}

export interface VerifyOptions {
  /** entries read at a time; default 2,000 (pages of 10,000 spent a third of the time collecting garbage) */
  readonly pageSize?: number
  /**
   * threads verifying at once, this one included, for a store that can be
   * reopened in a worker thread (`reopen`); default: one per core; 1: this
   * thread alone
   */
  readonly threads?: number
  /** logs shorter than this are verified in this thread alone (a worker thread takes tens of ms to start); default 50,000 */
  readonly parallelFrom?: number
  /** false: this thread only joins what worker threads verified (then `threads` of them); default true */
  readonly thisThreadToo?: boolean
}

/**
 * Verify a whole store, page by page, never holding the log in memory; by
 * raw bodies where the store offers them. A long log in a store that can be
 * reopened in another thread is verified in chunks on several threads (see
 * `parallel.ts`); from the first chunk that is not clean, or not linked to
 * the one before it, the log is walked here as if from the start, so the
 * verdict is always the sequential walker's. `options` as a number is the
 * page size.
 */
export const verifyStore = (store: EventStore, trusted?: TrustedCheckpoints, options: number | VerifyOptions = {}): TaskEither<StorageFailed, Verification> => {
  const { pageSize = 2_000, threads = availableParallelism(), parallelFrom = 50_000, thisThreadToo = true } = typeof options === 'number' ? { pageSize: options } : options
  const { reopen, readRaw } = store
  const workers = thisThreadToo ? threads - 1 : threads
  if (reopen === undefined || readRaw === undefined || workers < 1) return walkFrom(store, trusted, START, pageSize)
  return async () => {
    const head = await store.head()()
    if (E.isLeft(head)) return head
    if (head.right.position < Math.max(parallelFrom, 2 * pageSize)) return walkFrom(store, trusted, START, pageSize)()
    const verified = await verifiedPrefix({ readRaw, reopen }, head.right.position, trusted ?? [], { workers, here: thisThreadToo, pageSize })
    const v = await walkFrom(store, trusted, verified, pageSize)()
    return E.map((r: Verification): Verification => ({ ...r, workers: verified.workers }))(v)
  }
}

const START = { position: 0, hash: GENESIS_HASH }

/** The sequential walk from just after an entry verified already (position 0: from the start). */
const walkFrom = (
  store: EventStore,
  trusted: TrustedCheckpoints | undefined,
  verified: { readonly position: number; readonly hash: string },
  pageSize: number,
): TaskEither<StorageFailed, Verification> => {
  const walker = chainWalker(trusted, verified.position === 0 ? undefined : verified)
  const stretch = { after: verified.position, pageSize }
  return store.readRaw === undefined
    ? walkPages(store.readAll, (entries) => entries.length, eachOf(walker.check), walker.result, stretch)
    : walkPages(store.readRaw, rawPageSize, walker.checkRaw, walker.result, stretch)
}
