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

const WHITE = /[ \t\n\r]*/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const LITERALS: ReadonlyArray<readonly [string, Json]> = [
  ['true', true],
  ['false', false],
  ['null', null],
]

/** One JSON text, RFC 8259, with no key twice in an object and no more than MAX_DEPTH levels. */
export const readJson = (text: string): Read => {
  let at = 0
  let failure: { column: number; reason: string } | undefined
  const fail = (reason: string): undefined => {
    failure = { column: at + 1, reason }
    return undefined
  }
  const skipWhite = (): void => {
    WHITE.lastIndex = at
    WHITE.exec(text)
    at = WHITE.lastIndex
  }
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at
    const m = pattern.exec(text)
    if (m === null) return undefined
    at = pattern.lastIndex
    return m[0]
  }
  // a string without escapes is its own content; JSON.parse of one string token is exact for the rest
  const stringOf = (t: string): string => (t.includes('\\') ? (JSON.parse(t) as string) : t.slice(1, -1))
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
    if (c === '"') {
      const t = token(STRING)
      return t === undefined ? fail('a string that is not closed, or holds a control character or a bad escape') : stringOf(t)
    }
    const n = token(NUMBER)
    if (n !== undefined) return Number(n)
    for (const [word, v] of LITERALS)
      if (text.startsWith(word, at)) {
        at += word.length
        return v
      }
    return fail(c === undefined ? 'the text ends where a value should be' : `a value cannot begin with ${JSON.stringify(c)}`)
  }

  /** After `{`, through `}`. */
  const object = (depth: number): Json | undefined => {
    const out: { [key: string]: Json } = Object.create(null) as { [key: string]: Json }
    const seen = new Set<string>()
    skipWhite()
    if (text[at] === '}') return close(out)
    for (;;) {
      skipWhite()
      const start = at
      const t = text[at] === '"' ? token(STRING) : undefined
      if (t === undefined) return fail('a key must be a string')
      const key = stringOf(t)
      if (seen.has(key)) {
        at = start
        return fail(`the key ${t} appears twice in one object`)
      }
      seen.add(key)
      skipWhite()
      if (text[at] !== ':') return fail('a key must be followed by ":"')
      at++
      const v = value(depth)
      if (v === undefined) return undefined
      out[key] = v
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
