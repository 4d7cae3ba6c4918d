/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a ledger entry
 * holds: objects with keys in UTF-16 code-unit order, no insignificant white
 * space, ECMAScript number and string serialisation. The same entry always
 * gives the same bytes, on any machine, which is what the hash chain needs.
 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json | undefined }

// Field names repeat from one entry to the next: each is written once as `"name":` (up to a bound, for data with keys of its own).
const writtenKeys = new Map<string, string>()
const keyOf = (k: string): string => {
  let q = writtenKeys.get(k)
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`
    if (writtenKeys.size < 10_000) writtenKeys.set(k, q)
  }
  return q
}

export const canonicalJson = (value: Json): string => {
  const out: string[] = []
  writeCanonical(value, out)
  return out.join('')
}

/**
 * The canonical text of a value appended to `out` piece by piece, for the
 * caller to join once: a long text is then copied once, not rebuilt at
 * every level (the hash chain writes every entry this way).
 */
export const writeCanonical = (value: Json, out: string[]): void => {
  if (typeof value === 'string') out.push(JSON.stringify(value))
  else if (value === null || typeof value === 'boolean') out.push(String(value))
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`)
    out.push(JSON.stringify(value))
  } else if (Array.isArray(value)) out.push(`[${(value as ReadonlyArray<Json>).map(canonicalJson).join(',')}]`)
  else writeObject(value as { readonly [k: string]: Json | undefined }, out)
}

const writeObject = (obj: { readonly [k: string]: Json | undefined }, out: string[]): void => {
  const keys = Object.keys(obj)
  // most objects arrive with few keys: an insertion sort in place is cheaper than filter + sort
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string
    let j = i - 1
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string
      j--
    }
    keys[j + 1] = k
  }
  out.push('{')
  let first = true
  for (const k of keys) {
    const v = obj[k]
    if (v === undefined) continue
    if (!first) out.push(',')
    first = false
    out.push(keyOf(k))
    writeCanonical(v, out)
  }
  out.push('}')
}
