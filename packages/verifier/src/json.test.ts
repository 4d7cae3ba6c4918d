import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonical, MAX_DEPTH, readJson, type Json } from './index.js'

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('the strict JSON reader', () => {
  it('reads any JSON text as JSON.parse does, white space and escapes included (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent)
        const read = readJson(text)
        expect(read.ok).toBe(true)
        if (read.ok) expect(canonical(read.value)).toBe(canonical(JSON.parse(text) as Json))
      }),
      { numRuns: 500 },
    )
    expect(readJson('{"\\u0061":"\\ud83d\\ude00","__proto__":[1e3,-0.5,0]}')).toMatchObject({ ok: true, value: { a: '😀', ['__proto__']: [1000, -0.5, 0] } })
  })

  it('agrees with JSON.parse on what is JSON and what is not, a key twice aside (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[],:"1-.e a\\ntu0'.split(''), '\u0001', 'true', 'null'), maxLength: 12 }), (text) => {
        let parsed = true
        try {
          JSON.parse(text)
        } catch {
          parsed = false
        }
        // a key twice is the only thing JSON.parse lets through that this does not
        if (!parsed || !/"\s*:/.test(text)) expect(readJson(text).ok).toBe(parsed)
      }),
      { numRuns: 2000 },
    )
  })

  it('names a key written twice in any object, at any depth, by its column', () => {
    expect(readJson('{"a":1,"b":{"c":2,"c":3}}')).toEqual({ ok: false, column: 19, reason: 'the key "c" appears twice in one object' })
    // the same key however it is escaped
    expect(readJson('[{"id":1,"\\u0069d":2}]')).toMatchObject({ ok: false, reason: 'the key "\\u0069d" appears twice in one object' })
    expect(readJson('{"a":{"b":1},"c":{"b":1}}').ok).toBe(true)
  })

  it(`reads up to ${MAX_DEPTH} levels and no deeper, however deep the text goes, without a crash`, () => {
    expect(readJson(nested(MAX_DEPTH)).ok).toBe(true)
    for (const depth of [MAX_DEPTH + 1, 20_000, 1_000_000])
      expect(readJson(nested(depth))).toEqual({ ok: false, column: MAX_DEPTH + 1, reason: `nested deeper than ${MAX_DEPTH} levels` })
    expect(readJson(`{"data":${'{"a":'.repeat(70)}1${'}'.repeat(70)}}`)).toMatchObject({ ok: false, reason: `nested deeper than ${MAX_DEPTH} levels` })
  })

  it('says where a text stops being JSON', () => {
    expect(readJson('{"a":1,}')).toEqual({ ok: false, column: 8, reason: 'a key must be a string' })
    expect(readJson('[1 2]')).toEqual({ ok: false, column: 4, reason: 'expected "," or "]"' })
    expect(readJson('{"a":1} x')).toEqual({ ok: false, column: 9, reason: 'more text after the value' })
    expect(readJson('"tab\there"')).toEqual({ ok: false, column: 5, reason: 'a string holds a control character' })
    expect(readJson('"bad \\x"')).toEqual({ ok: false, column: 6, reason: 'a string holds a bad escape' })
    expect(readJson('{"open')).toEqual({ ok: false, column: 7, reason: 'a string is not closed' })
    expect(readJson('')).toEqual({ ok: false, column: 1, reason: 'the text ends where a value should be' })
    expect(readJson('01').ok).toBe(false)
  })
})
