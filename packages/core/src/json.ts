import * as E from 'fp-ts/lib/Either.js'
import { keyPath } from './plain.js'

/*
 * JSON read strictly (RFC 8259), for text the ledger takes from outside (an
 * import line, an audit bundle's line): `JSON.parse` keeps the last of a key
 * written twice, so two readers of one line could see two events; it turns
 * 300.0000000000000001 into 300 without a word; and a text nested thousands
 * deep overflows the stack of whatever walks the value after it. Here each
 * is a fault, with the column and the path where it shows, and the depth is
 * bounded before a level is entered, so no text can exhaust the stack.
 */

/** What a text may hold: how deep it nests (the outermost value is level 1), how many items a list or keys an object has. */
export interface JsonLimits {
  readonly maxDepth: number
  readonly maxItems: number
  /** refuse a number whose decimal text is not the number it becomes (300.0000000000000001, 1e400, 9007199254740993) */
  readonly exactNumbers: boolean
}

export type JsonFaultKind = 'syntax' | 'duplicate-key' | 'too-deep' | 'too-many-items' | 'inexact-number'

/** Why a text is not strict JSON: what kind of fault, its 1-based column, the path of the value it is in (`data.enterprise.name`; '' at the top), in words. */
export interface JsonFault {
  readonly kind: JsonFaultKind
  readonly column: number
  readonly path: string
  readonly reason: string
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

/** A decimal text's value as digits and a power of ten, leading and trailing zeros dropped: equal texts have equal values. */
const normalised = (text: string): string | undefined => {
  const m = DECIMAL.exec(text)
  if (m === null) return undefined
  const fraction = m[3] ?? ''
  let digits = `${m[2] ?? ''}${fraction}`.replace(/^0+/, '')
  let exponent = Number(m[4] ?? '0') - fraction.length
  if (digits === '') return '0'
  const trailing = /0*$/.exec(digits)?.[0].length ?? 0
  digits = digits.slice(0, digits.length - trailing)
  exponent += trailing
  return `${m[1] ?? ''}${digits}e${exponent}`
}

/**
 * The number a decimal text stands for, where a number holds it exactly:
 * the text and the shortest decimal that reads back as the number (what
 * JSON.stringify writes) are the same value. Otherwise undefined: rounded
 * (300.0000000000000001, 9007199254740993), out of range (1e400), or not a
 * decimal at all.
 */
export const exactNumber = (text: string): number | undefined => {
  const value = normalised(text)
  if (value === undefined) return undefined
  const n = Number(text)
  // String(n) is the shortest decimal that reads back as n; a zero's sign is no part of a figure
  return Number.isFinite(n) && normalised(String(n)) === value ? n : undefined
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** Where a string's plain run ends: its closing quote, an escape, or a control character (which JSON forbids there). */
const STRING_STOP = /["\\\u0000-\u001f]/g
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y
const LITERALS: ReadonlyArray<readonly [string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
]
/** JSON's white space: nothing else, so U+2028, U+00A0 or a BOM between values is a fault. */
const WHITE = /[ \t\n\r]*/y

/** A fault met while reading, thrown to unwind the reader at once and caught at its top: never seen outside this module. */
class Fault {
  constructor(readonly fault: JsonFault) {}
}

/** One JSON text read strictly within the limits; the value (a `__proto__` key an own key, as JSON.parse makes it), or the first fault. */
export const readStrictJson = (text: string, limits: JsonLimits): E.Either<JsonFault, unknown> => {
  let at = 0
  const fail = (kind: JsonFaultKind, path: string, reason: string, column = at + 1): never => {
    throw new Fault({ kind, column, path, reason })
  }
  const skipWhite = (): void => {
    WHITE.lastIndex = at
    WHITE.test(text)
    at = WHITE.lastIndex
  }
  const string = (path: string): string => {
    const start = at
    let escaped = false
    for (STRING_STOP.lastIndex = at + 1; ; ) {
      const stop = STRING_STOP.exec(text)
      if (stop === null) return fail('syntax', path, 'a string is not closed', text.length + 1)
      at = stop.index
      const c = text[at]
      if (c === '"') break
      if (c !== '\\') fail('syntax', path, 'a string holds a control character (a raw tab, CR or line break)')
      ESCAPE.lastIndex = at
      if (!ESCAPE.test(text)) fail('syntax', path, 'a string holds a bad escape')
      escaped = true
      STRING_STOP.lastIndex = ESCAPE.lastIndex
    }
    at++
    // the escapes are checked: JSON.parse of this one flat string is exact
    return escaped ? (JSON.parse(text.slice(start, at)) as string) : text.slice(start + 1, at - 1)
  }
  const number = (path: string): number | undefined => {
    NUMBER.lastIndex = at
    const m = NUMBER.exec(text)
    if (m === null) return undefined
    const n = limits.exactNumbers ? exactNumber(m[0]) : Number(m[0])
    if (n === undefined) fail('inexact-number', path, `the number ${m[0]} cannot be held exactly (it would become ${String(Number(m[0]))})`)
    at = NUMBER.lastIndex
    return n
  }
  const value = (path: string, depth: number): unknown => {
    skipWhite()
    const c = text[at]
    if (c === '{' || c === '[') {
      if (depth >= limits.maxDepth) fail('too-deep', path, `nested more than ${limits.maxDepth} levels deep`)
      at++
      return c === '{' ? object(path, depth + 1) : array(path, depth + 1)
    }
    if (c === '"') return string(path)
    const n = number(path)
    if (n !== undefined) return n
    for (const [word, v] of LITERALS)
      if (text.startsWith(word, at)) {
        at += word.length
        return v
      }
    return fail('syntax', path, c === undefined ? 'the text ends where a value should be' : `a value cannot begin with ${JSON.stringify(c)}`)
  }
  /** Past the `,` between items, or the closing bracket (then true). */
  const next = (path: string, close: string): boolean => {
    skipWhite()
    if (text[at] === close) {
      at++
      return true
    }
    if (text[at] !== ',') fail('syntax', path, `expected "," or "${close}"`)
    at++
    return false
  }
  const object = (path: string, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    skipWhite()
    if (text[at] === '}') {
      at++
      return out
    }
    for (let count = 1; ; count++) {
      skipWhite()
      if (text[at] !== '"') fail('syntax', path, 'a key must be a string')
      const start = at
      const key = string(path)
      const keyAt = keyPath(path, key)
      if (Object.hasOwn(out, key)) fail('duplicate-key', keyAt, `the key ${text.slice(start, at)} appears twice in one object`, start + 1)
      if (count > limits.maxItems) fail('too-many-items', path, `an object of more than ${limits.maxItems} keys`)
      skipWhite()
      if (text[at] !== ':') fail('syntax', keyAt, 'a key must be followed by ":"')
      at++
      Object.defineProperty(out, key, { value: value(keyAt, depth), enumerable: true, writable: true, configurable: true })
      if (next(path, '}')) return out
    }
  }
  const array = (path: string, depth: number): unknown[] => {
    const out: unknown[] = []
    skipWhite()
    if (text[at] === ']') {
      at++
      return out
    }
    for (;;) {
      if (out.length >= limits.maxItems) fail('too-many-items', path, `a list of more than ${limits.maxItems} items`)
      out.push(value(`${path}[${out.length}]`, depth))
      if (next(path, ']')) return out
    }
  }
  try {
    const v = value('', 0)
    skipWhite()
    if (at < text.length) fail('syntax', '', `more text after the value, from U+${(text.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    return E.right(v)
  } catch (thrown) {
    if (thrown instanceof Fault) return E.left(thrown.fault)
    throw thrown
  }
}
