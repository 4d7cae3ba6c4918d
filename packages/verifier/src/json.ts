import type { Json } from './canonical.js'

/*
 * JSON read strictly, by a reader of our own: `JSON.parse` keeps the last of
 * a key written twice, so that two readers of one line could see two
 * entries, and the canonical form (recursive) would overflow the stack on a
 * line nested thousands deep. Here either is a reason, with its column.
 */

/** How deep a line may nest (the entry itself is the first level). */
export const MAX_DEPTH = 64

export type Read = { readonly ok: true; readonly value: Json } | { readonly ok: false; readonly column: number; readonly reason: string }

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
/** Where a string's plain run ends: its closing quote, an escape, or a control character (which JSON forbids there). */
const STRING_STOP = /["\\\u0000-\u001f]/g
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y
const LITERALS: ReadonlyArray<readonly [string, Json]> = [
  ['true', true],
  ['false', false],
  ['null', null],
]

const QUOTE = 0x22
const BACKSLASH = 0x5c
const isWhite = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

/** One JSON text, RFC 8259, with no key twice in an object and no more than MAX_DEPTH levels. */
export const readJson = (text: string): Read => {
  let at = 0
  let failure: { column: number; reason: string } | undefined
  const fail = (reason: string): undefined => {
    failure = { column: at + 1, reason }
    return undefined
  }
  const skipWhite = (): void => {
    while (isWhite(text.charCodeAt(at))) at++
  }
  /** The string that starts at `at` (a quote), read through its closing quote. */
  const string = (): string | undefined => {
    const start = at
    let escaped = false
    for (STRING_STOP.lastIndex = at + 1; ; ) {
      const stop = STRING_STOP.exec(text)
      if (stop === null) {
        at = text.length
        return fail('a string is not closed')
      }
      at = stop.index
      const c = text.charCodeAt(at)
      if (c === QUOTE) break
      if (c !== BACKSLASH) return fail('a string holds a control character')
      ESCAPE.lastIndex = at
      if (!ESCAPE.test(text)) return fail('a string holds a bad escape')
      escaped = true
      STRING_STOP.lastIndex = ESCAPE.lastIndex
    }
    at++
    // a string without escapes is its own content; JSON.parse of the one string is exact for the rest
    return escaped ? (JSON.parse(text.slice(start, at)) as string) : text.slice(start + 1, at - 1)
  }
  /** Past the closing bracket of a container. */
  const close = (container: Json): Json => {
    at++
    return container
  }

  const value = (depth: number): Json | undefined => {
    skipWhite()
    const c = text[at]
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) return fail(`nested deeper than ${MAX_DEPTH} levels`)
      at++
      return c === '{' ? object(depth + 1) : array(depth + 1)
    }
    if (c === '"') return string()
    NUMBER.lastIndex = at
    const n = NUMBER.exec(text)
    if (n !== null) {
      at = NUMBER.lastIndex
      return Number(n[0])
    }
    for (const [word, v] of LITERALS)
      if (text.startsWith(word, at)) {
        at += word.length
        return v
      }
    return fail(c === undefined ? 'the text ends where a value should be' : `a value cannot begin with ${JSON.stringify(c)}`)
  }

  /** After `{`, through `}`. */
  const object = (depth: number): Json | undefined => {
    const out: { [key: string]: Json } = {}
    skipWhite()
    if (text[at] === '}') return close(out)
    for (;;) {
      skipWhite()
      const start = at
      if (text.charCodeAt(at) !== QUOTE) return fail('a key must be a string')
      const key = string()
      if (key === undefined) return undefined
      if (Object.hasOwn(out, key)) {
        const written = text.slice(start, at)
        at = start
        return fail(`the key ${written} appears twice in one object`)
      }
      skipWhite()
      if (text[at] !== ':') return fail('a key must be followed by ":"')
      at++
      const v = value(depth)
      if (v === undefined) return undefined
      // "__proto__" as an own key, as JSON.parse makes it, not the prototype
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
      else out[key] = v
      skipWhite()
      if (text[at] === '}') return close(out)
      if (text[at] !== ',') return fail('expected "," or "}"')
      at++
    }
  }

  /** After `[`, through `]`. */
  const array = (depth: number): Json | undefined => {
    const out: Json[] = []
    skipWhite()
    if (text[at] === ']') return close(out)
    for (;;) {
      const v = value(depth)
      if (v === undefined) return undefined
      out.push(v)
      skipWhite()
      if (text[at] === ']') return close(out)
      if (text[at] !== ',') return fail('expected "," or "]"')
      at++
    }
  }

  const v = value(0)
  if (v === undefined) return { ok: false, ...(failure ?? { column: at + 1, reason: 'not JSON' }) }
  skipWhite()
  return at < text.length ? { ok: false, column: at + 1, reason: 'more text after the value' } : { ok: true, value: v }
}
