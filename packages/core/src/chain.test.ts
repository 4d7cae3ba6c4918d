import * as fc from 'fast-check'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, type Json } from './canonical.js'
import { EMPTY_HEAD, GENESIS_HASH, checkLink, entryBody, hashBody, hashEntry, seal } from './chain.js'
import { draft } from './drafts.test-helpers.js'
import type { SignatureAlgorithm } from './attestation.js'


describe('canonical JSON (RFC 8785)', () => {
  it('orders keys by UTF-16 code units and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '€': 2, '\u0080': 3, A: { z: 0, y: -1.5 } })).toBe(
      '{"A":{"y":-1.5,"z":0},"a":[true,null,"x"],"b":1,"\u0080":3,"€":2}',
    )
  })

  it('escapes as the RFC does and keeps numbers in ECMAScript form', () => {
    expect(canonicalJson({ s: '\n\t"\\\u0001é' })).toBe('{"s":"\\n\\t\\"\\\\\\u0001é"}')
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 333333333.33333329])).toBe('[1e+21,1e-7,0.1,0,333333333.3333333]')
  })

  it('is a function of the value, not of the order keys were written in (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const reordered = JSON.parse(JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x)))
        expect(canonicalJson(reordered as Json)).toBe(canonicalJson(v as Json))
        expect(JSON.parse(canonicalJson(v as Json))).toEqual(JSON.parse(JSON.stringify(v)))
      }),
    )
  })
})

const attestation = fc.record(
  {
    principal: fc.record({ id: fc.string({ minLength: 1 }), actsFor: fc.array(fc.constantFrom<string>('commerce', 'town-macun'), { minLength: 1 }) }),
    signature: fc.record({ alg: fc.constantFrom<SignatureAlgorithm>('ed25519', 'sm2'), key: fc.string(), value: fc.string() }),
  },
  { requiredKeys: ['principal'] },
)

describe('the hash chain', () => {
  it('seals a batch with consecutive positions, one recordedAt, and each hash linked to the one before', () => {
    const { entries, head } = seal(EMPTY_HEAD, [draft(1), draft(2), draft(3)], Date.parse('2026-01-01T00:00:00Z'))
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3])
    expect(new Set(entries.map((e) => e.recordedAt)).size).toBe(1)
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH)
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash)
    expect(head).toEqual({ position: 3, hash: entries[2]?.hash, recordedAt: Date.parse('2026-01-01T00:00:00Z') })
    for (const { body, hash, ...unsealed } of entries) {
      expect(hashEntry(unsealed)).toBe(hash)
      expect(body).toBe(canonicalJson(unsealed as unknown as Json))
    }
  })

  it('writes each body as canonical JSON of the entry and hashes exactly that, whatever the data (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.option(attestation, { nil: undefined })), { minLength: 1, maxLength: 4 }), (data) => {
        // an attestation, where there is one, is sealed in canonical place; without one, the body is what it always was
        const { entries } = seal(EMPTY_HEAD, data.map(([d, a], i) => (a === undefined ? draft(i + 1, d) : { ...draft(i + 1, d), attestation: a })), 0)
        for (const { body, hash, ...unsealed } of entries) {
          expect(body).toBe(canonicalJson(unsealed as unknown as Json))
          expect(entryBody(unsealed)).toBe(body)
          expect(hash).toBe(hashBody(body))
        }
      }),
    )
  })

  it('hashes 0x00 and the UTF-8 of a body, given as text or as bytes, short or longer than its scratch (property)', () => {
    const reference = (body: string) => `sha256:${createHash('sha256').update(Buffer.from([0])).update(body, 'utf8').digest('hex')}`
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', minLength: 21_000, maxLength: 40_000 })), (body) => {
        expect(hashBody(body)).toBe(reference(body))
        expect(hashBody(Buffer.from(body, 'utf8'))).toBe(reference(body))
      }),
      { numRuns: 60 },
    )
  })

  it('never lets recordedAt go back, whatever the clock says', () => {
    const first = seal(EMPTY_HEAD, [draft(1)], 1_000_000)
    const second = seal(first.head, [draft(2)], 5)
    expect(Date.parse(second.entries[0]?.recordedAt ?? '')).toBe(1_000_001)
  })

  it('finds a changed byte, a broken link and a missing position', () => {
    const { entries } = seal(EMPTY_HEAD, [draft(1), draft(2), draft(3)], 0)
    const [a, b, c] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]]
    const { body: _b, ...eb } = b
    expect(checkLink({ position: 1, hash: a.hash }, eb, b.body)).toBeUndefined()
    expect(checkLink({ position: 1, hash: a.hash }, eb, b.body.replace('"price":2', '"price":3'))).toMatch(/content changed/)
    expect(checkLink({ position: 1, hash: GENESIS_HASH }, eb, b.body)).toMatch(/link broken/)
    const { body: cb, ...ec } = c
    expect(checkLink({ position: 1, hash: a.hash }, ec, cb)).toMatch(/position 2 expected/)
  })
})
