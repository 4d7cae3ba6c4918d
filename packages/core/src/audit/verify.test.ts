import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAD, seal } from '../chain.js'
import type { Entry, EntryDraft } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import { verifyEntries, verifyStore } from './verify.js'

const draft = (n: number): EntryDraft => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'UsedCarTraded',
  version: 1,
  stream: `vehicle-${n}`,
  revision: 1,
  occurredAt: '2025-06-01T10:00:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'test', recordId: String(n) },
  correlationId: null,
  causationId: null,
  data: { price: n },
})
const log = (n: number): Entry[] => seal(EMPTY_HEAD, Array.from({ length: n }, (_, i) => draft(i + 1)), 0).entries.map(({ body: _b, ...e }) => e)

describe('verifying the chain', () => {
  it('accepts an intact log with its count and head hash', () => {
    const entries = log(5)
    expect(verifyEntries(entries)).toEqual({ ok: true, count: 5, headHash: entries[4]?.hash })
    expect(verifyEntries([])).toMatchObject({ ok: true, count: 0 })
  })

  it('names the first bad position and what is wrong there, for every position and kind', () => {
    for (let at = 1; at <= 6; at++) {
      const i = at - 1
      const changed = log(6).map((e, k) => (k === i ? { ...e, data: { price: -1 } } : e))
      expect(verifyEntries(changed)).toMatchObject({ ok: false, position: at, problem: 'content-changed' })
      const missing = log(6).filter((_, k) => k !== i)
      // a missing last entry is a shorter log: only a signed checkpoint can tell (see docs/auditing.md)
      expect(verifyEntries(missing)).toMatchObject(at === 6 ? { ok: true, count: 5 } : { ok: false, position: at, problem: 'position-missing' })
      if (at < 6) {
        const swapped = log(6)
        ;[swapped[i], swapped[i + 1]] = [swapped[i + 1] as Entry, swapped[i] as Entry]
        expect(verifyEntries(swapped)).toMatchObject({ ok: false, position: at })
        // an entry forged and re-hashed on its own still breaks the link from the entry after it
        const forged = log(6)
        const original = forged[i] as Entry
        const resealed = seal({ position: at - 1, hash: original.prevHash, recordedAt: 0 }, [{ ...draft(at), data: { price: 999 } }], 0).entries[0]
        if (resealed === undefined) throw new Error('seal gave nothing')
        const { body: _b, ...fake } = resealed
        forged[i] = fake
        expect(verifyEntries(forged)).toMatchObject({ ok: false, position: at + 1, problem: 'link-broken' })
      }
    }
  })

  it('verifies a store page by page', async () => {
    const store = memoryStore()
    const entries = log(25)
    // put the sealed entries in through the port
    await store.append({ drafts: entries.map((e) => ({ entry: draft(e.position), deltas: new Float64Array() })), expected: [], now: 0 })()
    const v = await verifyStore(store, 7)()
    expect(E.isRight(v) && v.right).toMatchObject({ ok: true, count: 25 })
  })
})
