import * as E from 'fp-ts/lib/Either.js'
import type { Issue } from './issue.js'

/*
 * What a caller hands `record` is taken as plain data at the call, once:
 * the ledger validates and seals its own copy, so nothing the caller does
 * afterwards (a change a few ticks later, a getter that answers differently
 * the second time, a field inherited through a prototype) can make the
 * sealed entry differ from what was validated.
 */

/** How deep an input may nest; the deepest event data is four levels below the envelope. */
export const MAX_DEPTH = 32
/** How many items a list, or keys an object, may hold; no event comes near it. */
export const MAX_ITEMS = 10_000

const issue = (path: string, reason: string): Issue => ({ path: path === '' ? '(input)' : path, reason })

const isIssue = (u: unknown): u is Issue => typeof u === 'object' && u !== null && 'path' in u && 'reason' in u

/** A key appended to a path: `a.b` where the key is a name, else quoted (`a[" "]`, `a["__proto__"]`), so that every key shows. */
export const keyPath = (path: string, key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`)

/**
 * A deep copy of plain data: arrays element by element, any other object
 * by its own enumerable string keys (its prototype and symbol keys left
 * behind), each property read exactly once. Primitives stand as they are;
 * the codecs judge them. A key such as `__proto__` is copied as data like
 * any other, never as a prototype.
 */
export const plainCopy = (input: unknown): E.Either<Issue, unknown> => {
  // a getter or a proxy trap that throws is the caller's answer for that field: refused, never sealed
  const read = <A>(at: string, f: () => A): A => {
    try {
      return f()
    } catch (thrown) {
      throw issue(at, `could not be read as plain data: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
    }
  }
  const copy = (u: unknown, path: string, depth: number): unknown => {
    if (typeof u !== 'object' || u === null) return u
    if (depth >= MAX_DEPTH) throw issue(path, `nested more than ${MAX_DEPTH} levels deep`)
    if (read(path, () => Array.isArray(u))) {
      const list = u as ReadonlyArray<unknown>
      const length = read(path, () => list.length)
      if (length > MAX_ITEMS) throw issue(path, `a list of ${length} items; at most ${MAX_ITEMS} are taken`)
      const out = new Array<unknown>(length)
      for (let i = 0; i < length; i++) {
        const at = `${path}[${i}]`
        out[i] = copy(read(at, () => list[i]), at, depth + 1)
      }
      return out
    }
    const out: Record<string, unknown> = {}
    const keys = read(path, () => Object.keys(u))
    if (keys.length > MAX_ITEMS) throw issue(path, `an object of ${keys.length} keys; at most ${MAX_ITEMS} are taken`)
    for (const key of keys) {
      const at = keyPath(path, key)
      const value = copy(read(at, () => (u as Record<string, unknown>)[key]), at, depth + 1)
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  try {
    return E.right(copy(input, '', 0))
  } catch (thrown) {
    return E.left(isIssue(thrown) ? thrown : issue('', `could not be read as plain data: ${String(thrown)}`))
  }
}
