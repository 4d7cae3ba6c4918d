import fc from 'fast-check'

/*
 * Text and bytes for the import's tests: Chinese and ASCII text, its GB18030
 * bytes, and byte sequences that are not UTF-8.
 *
 * Text as Excel saves "CSV" on a Chinese Windows: GB18030. Node has no
 * GB18030 encoder, so the table is the decoder's inverse over the two-byte
 * codes (GBK, which holds every ideograph of U+4E00–U+9FA5); the tests
 * anchor it to the standard with codes of their own (嘉 is BC CE).
 */

let table: Map<string, readonly [number, number]> | undefined

const twoByteCodes = (): Map<string, readonly [number, number]> => {
  if (table !== undefined) return table
  const decoder = new TextDecoder('gb18030', { fatal: true })
  table = new Map()
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      try {
        const ch = decoder.decode(Uint8Array.of(lead, trail))
        if (!table.has(ch)) table.set(ch, [lead, trail])
      } catch {
        // not a character in GB18030
      }
    }
  return table
}

/** The GB18030 bytes of ASCII and GBK text; throws on a character outside both. */
export const gb18030 = (text: string): Uint8Array => {
  const codes = twoByteCodes()
  const bytes: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) bytes.push(code)
    else {
      const pair = codes.get(ch)
      if (pair === undefined) throw new Error(`${ch} is not a two-byte GB18030 character`)
      bytes.push(...pair)
    }
  }
  return Uint8Array.from(bytes)
}

/** Chinese ideographs (all of them in GBK) and ASCII letters, digits and punctuation, as names and record ids mix them. */
export const chineseOrAscii = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('a', 'Z', '0', '9', ' ', '-', '"', '\\', '（', '）', '·'),
)

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const concat = (...parts: ReadonlyArray<Uint8Array | ReadonlyArray<number>>): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))

/**
 * Byte sequences that are not UTF-8 wherever they stand between two
 * characters: bytes UTF-8 never uses, a continuation byte with no lead, an
 * overlong form, a surrogate, a code point beyond U+10FFFF, and a lead byte
 * cut short (the next character starts with a lead or ASCII byte, never a
 * continuation byte).
 */
export const notUtf8 = fc.constantFrom<ReadonlyArray<number>>(
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xe5, 0x98],
)

/**
 * The UTF-8 bytes of a text with bad sequences put between its characters,
 * at the given places (taken modulo the places there are); where, as a
 * 0-based byte, the first bad one starts (none for a text left clean).
 */
export const injected = (text: string, at: ReadonlyArray<number>, bad: ReadonlyArray<ReadonlyArray<number>>): { readonly bytes: Uint8Array; readonly first?: number } => {
  const chars = [...text]
  const cuts = new Set(at.map((n) => n % (chars.length + 1)))
  const parts: Array<ReadonlyArray<number>> = []
  let first: number | undefined
  let length = 0
  chars.concat('').forEach((ch, i) => {
    if (cuts.has(i)) {
      first ??= length
      const b = bad[i % bad.length] ?? [0xff]
      parts.push(b)
      length += b.length
    }
    const c = utf8(ch)
    parts.push([...c])
    length += c.length
  })
  return first === undefined ? { bytes: concat(...parts) } : { bytes: concat(...parts), first }
}
