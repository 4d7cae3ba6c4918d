import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { exactNumber, readStrictJson, type JsonLimits } from './json.js'
import { MAX_DEPTH, MAX_ITEMS } from './plain.js'

const limits: JsonLimits = { maxDepth: MAX_DEPTH, maxItems: MAX_ITEMS, exactNumbers: true }
const read = (text: string): E.Either<unknown, unknown> => readStrictJson(text, limits)

describe('readStrictJson', () => {
  it('reads any JSON text JSON.stringify writes as JSON.parse reads it (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent)
        expect(read(text)).toEqual(E.right(JSON.parse(text)))
      }),
      { numRuns: 500 },
    )
    const proto = read('{"__proto__":{"polluted":1}}')
    expect(E.isRight(proto) && Object.hasOwn(proto.right as object, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('refuses what JSON.parse refuses (property), and where JSON.parse takes a text, takes it too unless a key is twice or a number is rounded', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[],:"1-.e a\\ntu0'.split(''), '\u0001', '\r', '\u2028', 'true', 'null'), maxLength: 12 }), (text) => {
        let parsed = true
        try {
          JSON.parse(text)
        } catch {
          parsed = false
        }
        if (!parsed) expect(E.isLeft(read(text))).toBe(true)
        else if (!/"\s*:/.test(text)) expect(E.isRight(read(text))).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('names a key written twice at any depth by its path and column', () => {
    expect(read('{"a":1,"b":{"c":2,"c":3}}')).toEqual(E.left({ kind: 'duplicate-key', column: 19, path: 'b.c', reason: 'the key "c" appears twice in one object' }))
    expect(read('[{"id":1,"\\u0069d":2}]')).toMatchObject(E.left({ kind: 'duplicate-key', path: '[0].id' }))
    expect(E.isRight(read('{"a":{"b":1},"c":{"b":1}}'))).toBe(true)
  })

  it(`reads ${MAX_DEPTH} levels and refuses the next, however deep the text goes, without a crash`, () => {
    const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`
    expect(E.isRight(read(nested(MAX_DEPTH)))).toBe(true)
    for (const depth of [MAX_DEPTH + 1, 20_000, 1_000_000])
      expect(read(nested(depth))).toEqual(E.left({ kind: 'too-deep', column: MAX_DEPTH + 1, path: '[0]'.repeat(MAX_DEPTH), reason: `nested more than ${MAX_DEPTH} levels deep` }))
  })

  it(`refuses a list of more than ${MAX_ITEMS} items`, () => {
    expect(E.isRight(read(`[${Array(MAX_ITEMS).fill(0).join(',')}]`))).toBe(true)
    expect(read(`{"data":[${Array(MAX_ITEMS + 1).fill(0).join(',')}]}`)).toMatchObject(E.left({ kind: 'too-many-items', path: 'data' }))
  })

  it('holds white space to JSON’s four: a U+2028 or U+00A0 between values is a fault, inside a string it is text', () => {
    expect(read('{"a":1}\u2028')).toMatchObject(E.left({ kind: 'syntax', column: 8 }))
    expect(read('{"a":\u00a01}')).toMatchObject(E.left({ kind: 'syntax', column: 6 }))
    expect(read('{"a":"x\u2028y\u2029"}')).toEqual(E.right({ a: 'x\u2028y\u2029' }))
    expect(read('{"a":1}\r{"b":2}')).toMatchObject(E.left({ kind: 'syntax', column: 9 }))
    expect(read('{"a":"x\ry"}')).toMatchObject(E.left({ kind: 'syntax', path: 'a', reason: expect.stringContaining('control character') }))
  })

  it('refuses a number that cannot be held exactly, when asked to', () => {
    for (const text of ['300.0000000000000001', '1e400', '9007199254740993', '0.1000000000000000055511151231257827'])
      expect(read(`{"n":${text}}`)).toMatchObject(E.left({ kind: 'inexact-number', path: 'n', column: 6 }))
    expect(read('[1.0, 1e2, -0, 0.1, 1.5e-7, -300]')).toEqual(E.right([1, 100, -0, 0.1, 1.5e-7, -300]))
    expect(readStrictJson('1e400', { ...limits, exactNumbers: false })).toEqual(E.right(Infinity))
  })
})

describe('exactNumber', () => {
  it('is the number of every decimal a number writes, and of no text that would read back otherwise (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(exactNumber(String(n))).toBe(Object.is(n, -0) ? 0 : n)
      }),
    )
    // a whole number beyond 2^53 is taken where the number writes back as the same digits (below 10^21 String writes every digit)
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 60n }), (n) => {
        expect(exactNumber(n.toString()) !== undefined).toBe(BigInt(String(Number(n))) === n)
      }),
    )
    expect(exactNumber('12a')).toBeUndefined()
    expect(exactNumber('0012.50')).toBe(12.5)
  })
})
