import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAD, seal } from '../chain.js'
import { draft } from '../drafts.test-helpers.js'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import { checkpointsAt, generateSigningKeys, monthEnds, signCheckpoint, trustCheckpoints, type SignedCheckpoint, type TrustedCheckpoints } from './checkpoint.js'
import { verifyEntries, verifyChain } from './verify.js'
import { unwrap } from './log.test-helpers.js'

const strip = ({ body: _b, ...e }: Entry & { body: string }): Entry => e
const log = (n: number): Entry[] => seal(EMPTY_HEAD, Array.from({ length: n }, (_, i) => draft(i + 1)), 0).entries.map(strip)

const keys = generateSigningKeys()
const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'
const checkpointOf = (entries: ReadonlyArray<Entry>, size: number): SignedCheckpoint =>
  signCheckpoint({ origin: ORIGIN, size, head: size === 0 ? 'sha256:' + '0'.repeat(64) : (entries[size - 1] as Entry).hash, at: '2025-12-31T15:59:59.999Z' }, keys.privateKey)
const trusted = (...cs: SignedCheckpoint[]): TrustedCheckpoints => unwrap(trustCheckpoints(cs, keys.publicKey))

describe('verifying the chain', () => {
  it('accepts an intact log with its count and head hash', () => {
    const entries = log(5)
    expect(verifyEntries(entries)).toEqual({ ok: true, count: 5, headHash: entries[4]?.hash, checkpoints: 0 })
    expect(verifyEntries([])).toMatchObject({ ok: true, count: 0 })
    expect(verifyEntries(entries, trusted(checkpointOf(entries, 0), checkpointOf(entries, 3), checkpointOf(entries, 5)))).toMatchObject({ ok: true, checkpoints: 3 })
  })

  it('names the first bad position and what is wrong there, for every position and kind', () => {
    for (let at = 1; at <= 6; at++) {
      const i = at - 1
      const changed = log(6).map((e, k) => (k === i ? { ...e, data: { price: -1 } } : e))
      expect(verifyEntries(changed)).toMatchObject({ ok: false, position: at, problem: 'content-changed' })
      // a key slipped in or taken out of a stored entry changes what it hashes to, whatever its value
      const added = log(6).map((e, k) => (k === i ? { ...e, forged: 1 } : e))
      expect(verifyEntries(added)).toMatchObject({ ok: false, position: at, problem: 'content-changed' })
      const removed = log(6).map((e, k) => (k === i ? (({ source: _s, ...rest }) => rest as Entry)(e) : e))
      expect(verifyEntries(removed)).toMatchObject({ ok: false, position: at, problem: 'content-changed' })
      const missing = log(6).filter((_, k) => k !== i)
      // a missing last entry is a shorter log: only a signed checkpoint can tell
      expect(verifyEntries(missing)).toMatchObject(at === 6 ? { ok: true, count: 5 } : { ok: false, position: at, problem: 'position-missing' })
      expect(verifyEntries(missing, trusted(checkpointOf(log(6), 6)))).toMatchObject({ ok: false, position: at, problem: at === 6 ? 'log-truncated' : 'position-missing' })
      if (at < 6) {
        const swapped = log(6)
        ;[swapped[i], swapped[i + 1]] = [swapped[i + 1] as Entry, swapped[i] as Entry]
        expect(verifyEntries(swapped)).toMatchObject({ ok: false, position: at, problem: 'entries-reordered' })
        // an entry forged and re-hashed on its own still breaks the link from the entry after it
        const forged = log(6)
        const original = forged[i] as Entry
        const resealed = seal({ position: at - 1, hash: original.prevHash, recordedAt: 0 }, [draft(at, { price: 999 })], 0).entries[0]
        if (resealed === undefined) throw new Error('seal gave nothing')
        forged[i] = strip(resealed)
        expect(verifyEntries(forged)).toMatchObject({ ok: false, position: at + 1, problem: 'link-broken' })
      }
      // the log cut after `at`: whole and sound by itself, caught by a checkpoint signed over more
      const cut = log(6).slice(0, at - 1)
      expect(verifyEntries(cut, trusted(checkpointOf(log(6), 6)))).toMatchObject({ ok: false, position: at, problem: 'log-truncated' })
    }
  })

  it('catches a tail rewritten and re-hashed end to end at the first checkpoint after it', () => {
    const honest = log(8)
    for (let at = 1; at <= 8; at++) {
      const drafts = Array.from({ length: 8 }, (_, k) => draft(k + 1, { price: k + 1 === at ? 999 : k + 1 }))
      const forged = seal(EMPTY_HEAD, drafts, 0).entries.map(strip)
      expect(verifyEntries(forged)).toMatchObject({ ok: true, count: 8 })
      const checks = trusted(checkpointOf(honest, 2), checkpointOf(honest, 5), checkpointOf(honest, 8))
      const caughtAt = at <= 2 ? 2 : at <= 5 ? 5 : 8
      expect(verifyEntries(forged, checks)).toMatchObject({ ok: false, position: caughtAt, problem: 'content-changed' })
    }
  })

  it('trusts only checkpoints signed with the key given', () => {
    const entries = log(3)
    const good = checkpointOf(entries, 3)
    const other = generateSigningKeys()
    expect(E.isRight(trustCheckpoints([good], keys.publicKey))).toBe(true)
    for (const bad of [
      { ...good, size: 2 },
      { ...good, head: entries[1]?.hash as string },
      { ...good, at: '2026-01-01T00:00:00.000Z' },
      { ...good, signature: signCheckpoint(good, other.privateKey).signature },
      signCheckpoint(good, other.privateKey),
    ]) {
      const r = trustCheckpoints([good, bad], keys.publicKey)
      expect(E.isLeft(r) && r.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'checkpoints[1]' }] })
    }
  })

  it('checkpoints a store at month ends, and verifies a store page by page', async () => {
    const store = memoryStore()
    const jan = Date.UTC(2025, 0, 10)
    for (const [k, at] of [jan, jan + 40 * 86_400_000, jan + 41 * 86_400_000, jan + 100 * 86_400_000].entries())
      unwrap(await store.append({ drafts: [{ entry: draft(k + 1), deltas: new Float64Array() }], expected: [], now: at })())
    const ends = monthEnds(jan, jan + 100 * 86_400_000)
    expect(ends.map((t) => new Date(t + 1).toISOString())).toEqual(['2025-01-31T16:00:00.000Z', '2025-02-28T16:00:00.000Z', '2025-03-31T16:00:00.000Z'])
    const cps = unwrap(await checkpointsAt(store, ORIGIN, ends)())
    expect(cps.map((c) => c.size)).toEqual([1, 3, 3])
    const signed = cps.map((c) => signCheckpoint(c, keys.privateKey))
    expect(unwrap(await verifyChain(store, trusted(...signed), 2)())).toMatchObject({ ok: true, count: 4, checkpoints: 3 })
  })
})
