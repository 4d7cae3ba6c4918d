/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values a ledger entry
 * holds: objects with keys in UTF-16 code-unit order, no insignificant white
 * space, ECMAScript number and string serialisation. The same entry always
 * gives the same bytes, on any machine, which is what the hash chain needs.
 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json | undefined }

export const canonicalJson = (value: Json): string => {
  if (value === null || typeof value === 'boolean') return String(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`)
    return JSON.stringify(value)
  }
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${(value as ReadonlyArray<Json>).map(canonicalJson).join(',')}]`
  const obj = value as { readonly [k: string]: Json | undefined }
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
  let out = '{'
  for (const k of keys) {
    const v = obj[k]
    if (v === undefined) continue
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`
  }
  return `${out}}`
}
