import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAD, seal } from '../chain.js'
import { draft } from '../drafts.test-helpers.js'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import { generateSigningKeys, signCheckpoint, trustCheckpoints } from './checkpoint.js'
import { unwrap } from './log.test-helpers.js'
import { chunkClaims, unclaimed } from './ranges.js'
import { chainWalker, verifyChain, type ChainWalker, type Verification } from './verify.js'

/*
 * The parts of verifying on several threads that need no second thread:
 * sharing chunks out from both ends, and a walk resumed after an entry
 * already verified. The real thing, on worker threads over a SQLite file,
 * is tested in store-sqlite (`verify-parallel.test.ts`).
 */

const strip = ({ body: _b, ...e }: Entry & { body: string }): Entry => e
const log = (n: number): Entry[] => seal(EMPTY_HEAD, Array.from({ length: n }, (_, i) => draft(i + 1)), 0).entries.map(strip)

const walk = (walker: ChainWalker, entries: ReadonlyArray<Entry>): Verification => {
  for (const e of entries) {
    const failure = walker.check(e)
    if (failure !== undefined) return failure
  }
  return walker.result()
}

describe('sharing chunks out from both ends', () => {
  it('claims every chunk exactly once: the front ones in order from 0, the back ones in order from the end', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(fc.boolean(), { maxLength: 60 }), (n, sides) => {
        const claims = chunkClaims(unclaimed(n))
        const front: number[] = []
        const back: number[] = []
        for (const fromFront of sides) {
          const c = fromFront ? claims.front() : claims.back()
          if (c !== undefined) (fromFront ? front : back).push(c)
        }
        // then whatever is left, from the front
        for (let c = claims.front(); c !== undefined; c = claims.front()) front.push(c)
        expect(front).toEqual(Array.from({ length: front.length }, (_, i) => i))
        expect(back).toEqual(Array.from({ length: back.length }, (_, i) => n - 1 - i))
        expect(front.length + back.length).toBe(n)
        expect(claims.back()).toBeUndefined()
      }),
    )
  })
})

describe('a walk resumed after an entry already verified', () => {
  const keys = generateSigningKeys()
  const entries = log(12)
  const trusted = unwrap(
    trustCheckpoints(
      entries.map((e) => signCheckpoint({ origin: 'resume', size: e.position, head: e.hash, at: '2025-12-31T15:59:59.999Z' }, keys.privateKey)),
      keys.publicKey,
    ),
  )

  it('gives the verdict of a walk from the start, whatever happens after it, with checkpoints or without', () => {
    const kinds: ReadonlyArray<(es: Entry[], i: number) => Entry[]> = [
      (es, i) => es.map((e, k) => (k === i ? { ...e, data: { price: -1 } } : e)),
      (es, i) => es.filter((_, k) => k !== i),
      (es, i) => es.map((e, k) => (k === i ? (es[i + 1] ?? e) : k === i + 1 ? (es[i] as Entry) : e)),
      (es, i) => es.slice(0, i),
    ]
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.nat(), fc.nat(kinds.length - 1), fc.boolean(), (resumeAt, at, kind, signed) => {
        // tampered strictly after the entry the walk resumes from
        const i = resumeAt + (at % (entries.length - resumeAt))
        const tampered = (kinds[kind] as (es: Entry[], i: number) => Entry[])([...entries], i)
        const checkpoints = signed ? trusted : undefined
        const verified = entries[resumeAt - 1] as Entry
        const resumed = walk(chainWalker(checkpoints, { position: resumeAt, hash: verified.hash }), tampered.slice(resumeAt))
        expect(resumed).toEqual(walk(chainWalker(checkpoints), tampered))
      }),
    )
  })
})

describe('verifying a store that cannot be reopened in another thread', () => {
  it('walks it in this thread, however many threads are offered', async () => {
    const store = memoryStore()
    const drafts = Array.from({ length: 6 }, (_, k) => ({ entry: draft(k + 1), deltas: new Float64Array() }))
    const appended = unwrap(await store.append({ drafts, expected: [], now: 0 })())
    const v = unwrap(await verifyChain(store, undefined, { threads: 4, parallelFrom: 0, pageSize: 1 })())
    // no `workers`: nothing was shared out
    expect(v).toEqual({ ok: true, count: 6, headHash: appended[5]?.hash, checkpoints: 0 })
  })
})
