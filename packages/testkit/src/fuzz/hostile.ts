import fc from 'fast-check'

/*
 * Hostile inputs, as fast-check arbitraries: what a caller, a file or a
 * command line may hand an entry point that no honest one would. Deep
 * structures are built in a loop (a recursive builder would overflow the
 * stack before the code under test is reached).
 */

/** Depths around every limit the ledger sets (32 for record, 64 for a bundle line), and far beyond. */
export const depths: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(31, 32, 33, 63, 64, 65, 1000, 5000, 20_000) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 100 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }) },
)

/** `leaf` wrapped `depth` times in a list, or in an object under `key`. */
export const nested = (depth: number, leaf: unknown, kind: 'list' | 'object', key = 'a'): unknown => {
  let v = leaf
  for (let i = 0; i < depth; i++) v = kind === 'list' ? [v] : key === '__proto__' ? ownKeys([[key, v]]) : { [key]: v }
  return v
}

/** An object with these own keys, `__proto__` among them taken as data, never as the prototype. */
export const ownKeys = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> => {
  const o: Record<string, unknown> = {}
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
  return o
}

const LONE = ['\ud800', '\udbff', '\udc00', '\udfff']

/** Names every object answers to through its prototype. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then'] as const

/** Keys that mean something to JavaScript, or that a path printer may get wrong. */
export const hostileKeys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, '', ' ', '0', '-1', '1e3', 'a.b', '[0]', '"', '\u0000', ...LONE),
  fc.string({ unit: 'binary', maxLength: 12 }),
)

/** Numbers at the edges: not finite, negative zero, beyond the safe integers, 1e400 (Infinity once read). */
export const edgeNumbers: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e400, -1e400, Number.MAX_SAFE_INTEGER + 1, Number.MAX_VALUE, Number.MIN_VALUE, -1, 0.1 + 0.2, 2 ** 53, -(2 ** 31), 1e21),
  fc.double(),
  fc.integer(),
)

/** Texts at the edges: lone surrogates, NUL, byte-order marks, direction overrides, very long decimals, huge strings. */
export const edgeStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ufeff', '\u202e', 'NaN', '1e400', '-0', '0x1f', '１２３', '\r\n', ...LONE, `a${LONE[0]}b`),
  // an id or a code looked up in an object finds these on every object: 'valueOf' once crashed `lineage`
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...LONE, '\u0000'), fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
  fc.integer({ min: 20, max: 5000 }).map((n) => `0.${'0'.repeat(n)}1`),
  fc.integer({ min: 20, max: 2000 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: 100_000, max: 2_000_000 }).map((n) => 'x'.repeat(n)),
)

/** Objects no plain data is: getters and proxies that throw, cycles, holes, symbols, bigints, functions, class instances. */
const exotic: fc.Arbitrary<unknown> = fc.constantFrom(
  'throwing-getter',
  'changing-getter',
  'throwing-proxy',
  'revoked-proxy',
  'cycle',
  'list-cycle',
  'holes',
  'vast-sparse-list',
  'symbol',
  'symbol-key',
  'bigint',
  'function',
  'date',
  'map',
  'typed-array',
  'boxed-string',
  'null-prototype',
  'list-with-props',
  'throwing-toString',
  'wide-object',
  'long-list',
).map((kind): unknown => {
  switch (kind) {
    case 'throwing-getter':
      return Object.defineProperty({}, 'a', { enumerable: true, get: () => { throw new Error('getter refuses') } })
    case 'changing-getter': {
      let n = 0
      return Object.defineProperty({}, 'type', { enumerable: true, get: () => (n++ === 0 ? 'VehicleRegistered' : { n }) })
    }
    case 'throwing-proxy':
      return new Proxy({}, {
        get: () => { throw new Error('trap get') },
        ownKeys: () => { throw new Error('trap ownKeys') },
        // fast-check asks each value for its clone method, by a symbol: only that is answered
        has: (_, key) => (typeof key === 'symbol' ? false : (() => { throw new Error('trap has') })()),
        getOwnPropertyDescriptor: () => { throw new Error('trap descriptor') },
        getPrototypeOf: () => { throw new Error('trap prototype') },
      })
    case 'revoked-proxy': {
      const p = Proxy.revocable({}, {})
      p.revoke()
      // inside a list: fast-check itself cannot look at a revoked proxy
      return [p.proxy]
    }
    case 'cycle': {
      const o: Record<string, unknown> = { a: 1 }
      o['self'] = o
      return o
    }
    case 'list-cycle': {
      const l: unknown[] = [1]
      l.push(l)
      return l
    }
    case 'holes':
      // eslint-disable-next-line no-sparse-arrays
      return [1, , 3, , , 6]
    case 'vast-sparse-list': {
      // the longest list there can be, holding one item (new Array(n) would allocate all n)
      const list: unknown[] = []
      list[2 ** 32 - 2] = 1
      return list
    }
    case 'symbol':
      return Symbol('s')
    case 'symbol-key':
      return { [Symbol('k')]: 1, a: 1 }
    case 'bigint':
      return 10n ** 30n
    case 'function':
      return () => 1
    case 'date':
      return new Date(Number.NaN)
    case 'map':
      return new Map([['a', 1]])
    case 'typed-array':
      return new Uint8Array([0xff, 0x00])
    case 'boxed-string':
      return new String('VehicleRegistered')
    case 'null-prototype':
      return Object.create(null) as object
    case 'list-with-props':
      return Object.assign([1, 2], { extra: 'x' })
    case 'throwing-toString':
      return { toString: () => { throw new Error('toString refuses') }, valueOf: () => { throw new Error('valueOf refuses') } }
    case 'wide-object':
      return Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]))
    default:
      return Array.from({ length: 10_001 }, (_, i) => i)
  }
})

const leaves: fc.Arbitrary<unknown> = fc.oneof(
  edgeNumbers,
  edgeStrings,
  exotic,
  fc.constantFrom(null, undefined, true, false, {}, []),
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withBoxedValues: true, withObjectString: true, key: hostileKeys }),
)

/** Any hostile value: an edge leaf, nested to any depth, or under hostile keys. */
export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaves },
  { weight: 1, arbitrary: fc.tuple(depths, leaves, fc.constantFrom('list' as const, 'object' as const), hostileKeys).map(([d, leaf, kind, key]) => nested(d, leaf, kind, key)) },
  { weight: 1, arbitrary: fc.array(fc.tuple(hostileKeys, leaves), { maxLength: 5 }).map(ownKeys) },
)

/** Where in a structure of plain data a field could be changed: every path to a value, the root too. */
const pathsOf = (u: unknown, at: ReadonlyArray<string> = []): ReadonlyArray<ReadonlyArray<string>> =>
  typeof u === 'object' && u !== null ? [at, ...Object.keys(u).flatMap((k) => pathsOf((u as Record<string, unknown>)[k], [...at, k]))] : [at]

/** A copy of `u` with the value at `path` replaced (`undefined` removes it), the rest shared. */
const replaced = (u: unknown, path: ReadonlyArray<string>, value: unknown): unknown => {
  const [k, ...rest] = path
  if (k === undefined) return value
  const o = u as Record<string, unknown>
  const copy: Record<string, unknown> = Array.isArray(u) ? ([...u] as unknown as Record<string, unknown>) : ownKeys(Object.entries(o))
  if (rest.length === 0 && value === undefined) delete copy[k]
  else Object.defineProperty(copy, k, { value: replaced(o[k], rest, value), enumerable: true, writable: true, configurable: true })
  return copy
}

/**
 * Valid values with one thing changed: a field replaced by a hostile value,
 * removed, or joined by a hostile key; now and then the value as it stands.
 */
export const mutated = (valid: ReadonlyArray<unknown>): fc.Arbitrary<unknown> =>
  fc.constantFrom(...valid).chain((v) => {
    const paths = pathsOf(v)
    const path = fc.constantFrom(...paths)
    return fc.oneof(
      { weight: 6, arbitrary: fc.tuple(path, hostileValues).map(([p, x]) => replaced(v, p, x)) },
      { weight: 1, arbitrary: path.filter((p) => p.length > 0).map((p) => replaced(v, p, undefined)) },
      { weight: 1, arbitrary: fc.tuple(path, hostileKeys, leaves).map(([p, k, x]) => replaced(v, [...p, k], x)) },
      { weight: 1, arbitrary: fc.constant(v) },
    )
  })

/** JSON texts a strict reader must refuse or read exactly: deep brackets, keys twice, edge numbers, bad escapes, raw controls. */
export const hostileJsonTexts: fc.Arbitrary<string> = fc.oneof(
  depths.map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  depths.map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  depths.map((n) => '['.repeat(n)),
  fc.tuple(hostileKeys, fc.json()).map(([k, v]) => `{${JSON.stringify(k)}:${v},${JSON.stringify(k)}:${v}}`),
  fc.constantFrom(
    '1e400', '-1e400', '-0', '0.1e-400', '01', '+1', '.5', 'NaN', 'Infinity', '[1,]', '{"a":1,}', '{"a" 1}', "{'a':1}",
    '"\\ud800"', '"\\udc00\\ud800"', '"\u0000"', '"\\u0000"', '"\\x41"', '"abc', '\ufeff{}', '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}', '[]', '{}', 'null', '',
  ),
  fc.integer({ min: 20, max: 5000 }).map((n) => `{"n":0.${'0'.repeat(n)}1}`),
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
)

/** Text with one hostile piece spliced in at some place. */
export const spliced = (base: string, pieces: fc.Arbitrary<string> = hostileJsonTexts): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 0, max: base.length }), fc.integer({ min: 0, max: 16 }), pieces).map(([at, cut, piece]) => base.slice(0, at) + piece + base.slice(at + cut))

/** Byte sequences UTF-8 forbids: stray continuation bytes, overlong forms, encoded surrogates, truncations, 0xFF. */
const BAD_UTF8: ReadonlyArray<ReadonlyArray<number>> = [[0xff], [0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]

/** The text's UTF-8 bytes with an invalid sequence (or a byte-order mark, or NUL) put in at some place. */
export const corruptedBytes = (text: string): fc.Arbitrary<Uint8Array> => {
  const bytes = new TextEncoder().encode(text)
  return fc
    .tuple(fc.integer({ min: 0, max: bytes.length }), fc.constantFrom(...BAD_UTF8, [0xef, 0xbb, 0xbf], [0x00]))
    .map(([at, bad]) => Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]))
}
