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
    .filter((k) => obj[k] !== undefined)
    .sort()
  let out = '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(obj[k] as Json)}`
  }
  return `${out}}`
}
