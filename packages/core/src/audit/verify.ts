import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { availableParallelism } from 'node:os'
import { GENESIS_HASH } from '../chain.js'
import { said } from '../codecs.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import type { EventStore } from '../store.js'
import { verifyDerived, type DerivedVerdict, type SignatureCheck } from './derived.js'
import { eachOf, rawPageSize, walkPages } from './pages.js'
import { verifiedPrefix } from './parallel.js'
import type { TrustedCheckpoints } from './checkpoint.js'
import { chainWalker, type Verification } from './walker.js'

export * from './walker.js'

/** Verify entries already in memory. */
export const verifyEntries = (entries: Iterable<Entry>, trusted?: TrustedCheckpoints): Verification => {
  const walker = chainWalker(trusted)
  return eachOf(walker.check)(entries) ?? walker.result()
}

export interface VerifyOptions extends Partial<SignatureCheck> {
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
 * Verify a whole store: its chain of entries (`verifyChain`), and
 * everything it keeps beside them and reports read — deltas, commit
 * blocks, snapshots, the columns beside each body, the head — held to those
 * entries (`derived.ts`). The verdict names the first position where
 * anything is wrong, the chain's finding first where both find something
 * there. Only this verdict proves a figure read from the store; `options`
 * as a number is the page size. With a keyring, each entry's attestation is
 * held to it as well.
 */
export const verifyStore = (store: EventStore, trusted?: TrustedCheckpoints, options: number | VerifyOptions = {}): TaskEither<StorageFailed, Verification> => {
  const { pageSize = 2_000, keyring, requireSignatures } = typeof options === 'number' ? { pageSize: options } : options
  const signatures = keyring === undefined ? {} : { keyring, ...(requireSignatures === undefined ? {} : { requireSignatures }) }
  return async () => {
    const [chain, derived] = await Promise.all([verifyChain(store, trusted, options)(), verifyDerived(store, { pageSize, ...signatures })()])
    if (E.isLeft(chain)) return chain
    // a finding in the chain says more than a read that failed after it (a damaged last entry read as the head, say)
    if (E.isLeft(derived)) return chain.right.ok ? derived : chain
    return E.right(joined(chain.right, derived.right))
  }
}

/** The two walks' verdicts as one: the first position found wrong, the chain's finding where both found one there. */
const joined = (chain: Verification, derived: DerivedVerdict): Verification => {
  if (derived.ok === true) return chain.ok ? { ...chain, derived: { commits: derived.commits, snapshots: derived.snapshots } } : chain
  if (!chain.ok && chain.position <= derived.position) return chain
  if (derived.ok === 'stopped')
    // the chain walker passed what the entries' walk could not read: say so rather than call it whole
    return { ok: false, position: derived.position, problem: 'content-changed', detail: said({ zh: `位置 ${derived.position} 的内容无法作为条目读取`, en: `the entry at ${derived.position} cannot be read as an entry` }) }
  const { ok: _ok, ...finding } = derived
  return { ok: false, ...finding, ...(chain.workers === undefined ? {} : { workers: chain.workers }) }
}

/**
 * Verify a store's chain of entries alone, page by page, never holding the
 * log in memory; by raw bodies where the store offers them. It proves that
 * the entries are the ones sealed (and, with trusted checkpoints, that none
 * was cut off or re-hashed), nothing about what is derived from them. A long
 * log in a store that can be reopened in another thread is verified in
 * chunks on several threads (see `parallel.ts`); from the first chunk that
 * is not clean, or not linked to the one before it, the log is walked here
 * as if from the start, so the verdict is always the sequential walker's.
 */
export const verifyChain = (store: EventStore, trusted?: TrustedCheckpoints, options: number | VerifyOptions = {}): TaskEither<StorageFailed, Verification> => {
  const { pageSize = 2_000, threads = availableParallelism(), parallelFrom = 50_000, thisThreadToo = true } = typeof options === 'number' ? { pageSize: options } : options
  const { reopen, readRaw } = store
  const workers = thisThreadToo ? threads - 1 : threads
  if (reopen === undefined || readRaw === undefined || workers < 1) return walkFrom(store, trusted, START, pageSize)
  return async () => {
    // the head only says whether the log is long enough to share out: one that cannot be read is walked here
    const head = await store.head()()
    if (E.isLeft(head) || head.right.position < Math.max(parallelFrom, 2 * pageSize)) return walkFrom(store, trusted, START, pageSize)()
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
