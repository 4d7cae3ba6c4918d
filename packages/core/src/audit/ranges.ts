import * as E from 'fp-ts/lib/Either.js'
import { GENESIS_HASH } from '../chain.js'
import { said } from '../codecs.js'
import type { EventStore } from '../store.js'
import type { SignedCheckpoint, TrustedCheckpoints } from './checkpoint.js'
import { rawPageSize, walkPages } from './pages.js'
import { chainWalker } from './walker.js'

/*
 * Ranges of the log verified each by itself, on whichever thread claims
 * them; the thread that joins them is in `parallel.ts`.
 */

export type ReadRaw = NonNullable<EventStore['readRaw']>

/** Positions after `start` up to and including `end`. */
export interface Range {
  readonly start: number
  readonly end: number
}

/**
 * A range is clean when all of its entries sit where they should, hash as
 * recorded, link to each other and match the trusted checkpoints in it.
 * `seed` is the stored hash of the entry just before it, which its first
 * entry links to; `last` the hash of its last entry. Anything else (where,
 * what kind) is left to the sequential walker.
 */
export type RangeVerdict = { readonly clean: true; readonly seed: string; readonly last: string } | { readonly clean: false; readonly why: string }

/** Verify one range by itself, with the walker of the sequential path. */
export const verifyRange = async (read: ReadRaw, { start, end }: Range, pageSize: number, trusted: ReadonlyArray<SignedCheckpoint>): Promise<RangeVerdict> => {
  let seed = GENESIS_HASH
  if (start > 0) {
    const before = await read({ after: start - 1, limit: 1 })()
    if (E.isLeft(before)) return { clean: false, why: before.left.message }
    const hash = before.right.hashes[0]
    if (hash === undefined) return { clean: false, why: said({ zh: `位置 ${start} 没有条目`, en: `no entry at ${start}` }) }
    seed = hash
  }
  // signatures checked by whoever trusted them; only those inside the range are this walk's to hold
  const inside = trusted.filter((c) => c.size > start && c.size <= end) as ReadonlyArray<SignedCheckpoint> as TrustedCheckpoints
  const walker = chainWalker(inside, start === 0 ? undefined : { position: start, hash: seed })
  const v = await walkPages(read, rawPageSize, walker.checkRaw, walker.result, { after: start, until: end, pageSize })()
  if (E.isLeft(v)) return { clean: false, why: v.left.message }
  const r = v.right
  if (!r.ok) return { clean: false, why: said({ zh: `位置 ${r.position}：${r.problem}`, en: `${r.problem} at ${r.position}` }) }
  return r.count === end ? { clean: true, seed, last: r.headHash } : { clean: false, why: said({ zh: `该段止于 ${r.count}，而非 ${end}`, en: `the range ends at ${r.count}, not ${end}` }) }
}

/** At most this many chunks, so that both ends fit one 32-bit word. */
export const MAX_CHUNKS = 0x7fff

/**
 * Chunks 0 … n-1 claimed from both ends by several threads at once: the
 * joining thread takes them from the front, in order, the workers from the
 * back. One word holds both ends (front << 16 | end), changed by
 * compare-and-swap, so no chunk is claimed twice or skipped.
 */
export const chunkClaims = (shared: SharedArrayBuffer): { readonly front: () => number | undefined; readonly back: () => number | undefined } => {
  const word = new Int32Array(shared)
  const claim = (fromFront: boolean): number | undefined => {
    for (;;) {
      const seen = Atomics.load(word, 0)
      const front = seen >>> 16
      const end = seen & 0xffff
      if (front >= end) return undefined
      const next = fromFront ? ((front + 1) << 16) | end : (front << 16) | (end - 1)
      if (Atomics.compareExchange(word, 0, seen, next) === seen) return fromFront ? front : end - 1
    }
  }
  return { front: () => claim(true), back: () => claim(false) }
}

/** The shared word for `n` chunks, none claimed yet. */
export const unclaimed = (n: number): SharedArrayBuffer => {
  const shared = new SharedArrayBuffer(4)
  Atomics.store(new Int32Array(shared), 0, n)
  return shared
}
