/**
 * RFC 8785 (JSON Canonicalization Scheme), written here afresh: the
 * verifier shares no code with the ledger it checks. Keys in UTF-16
 * code-unit order, no white space, ECMAScript number and string forms.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export const canonical = (value: Json): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const keys = Object.keys(value).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Json)}`).join(',')}}`
}
