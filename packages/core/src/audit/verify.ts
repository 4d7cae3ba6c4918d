import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { GENESIS_HASH, hashEntry } from '../chain.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import type { EventStore } from '../store.js'

/** What can be wrong at a position of the log. */
export type Tampering = 'content-changed' | 'link-broken' | 'position-missing' | 'entries-reordered' | 'log-truncated'

export type Verification =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly position: number; readonly problem: Tampering; readonly detail: string }

/** A failure, or undefined while the chain holds. */
export type Check = (entry: Entry) => Verification | undefined

/**
 * A walker of the chain that is fed entries in log order, a page at a
 * time: each must sit at the next position, link to the hash of the one
 * before, and hash to its own `hash`.
 */
export const chainWalker = (): { readonly check: Check; readonly result: () => Verification } => {
  let expected = 1
  let prevHash = GENESIS_HASH
  return {
    check: (entry) => {
      const fail = (problem: Tampering, detail: string): Verification => ({ ok: false, position: expected, problem, detail })
      if (entry.position < expected) return fail('entries-reordered', `position ${entry.position} found after position ${expected - 1}`)
      if (entry.position > expected) return fail('position-missing', `position ${expected} is missing; the next entry is at ${entry.position}`)
      const { hash, ...unsealed } = entry
      if (hashEntry(unsealed) !== hash) return fail('content-changed', `the entry at ${expected} does not hash to its recorded hash`)
      if (entry.prevHash !== prevHash) return fail('link-broken', `the entry at ${expected} does not link to the hash of the entry before it`)
      prevHash = hash
      expected++
      return undefined
    },
    result: () => ({ ok: true, count: expected - 1, headHash: prevHash }),
  }
}

/** Verify entries already in memory. */
export const verifyEntries = (entries: Iterable<Entry>): Verification => {
  const walker = chainWalker()
  for (const e of entries) {
    const failure = walker.check(e)
    if (failure !== undefined) return failure
  }
  return walker.result()
}

/** Verify a whole store, page by page, never holding the log in memory. */
export const verifyStore =
  (store: EventStore, pageSize = 10_000): TaskEither<StorageFailed, Verification> =>
  async () => {
    const walker = chainWalker()
    let after = 0
    for (;;) {
      const page = await store.readAll({ after, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const e of page.right) {
        const failure = walker.check(e)
        if (failure !== undefined) return E.right(failure)
      }
      const last = page.right[page.right.length - 1]
      if (last === undefined || page.right.length < pageSize) return E.right(walker.result())
      after = last.position
    }
  }
