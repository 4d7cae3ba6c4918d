/*
 * The generator's own randomness: seeded, so the same options give the same
 * dataset byte for byte. Math.random is never used.
 */

/** A 32-bit hash of a text (FNV-1a), to seed one generator per purpose. */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A uniform number in [0, 1) from a text, for decisions that must not depend on draw order. */
export const unitHash = (text: string): number => {
  let h = hash32(text)
  // one mulberry32 step spreads FNV's weak low bits
  h = Math.imul(h ^ (h >>> 15), h | 1)
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61)
  return ((h ^ (h >>> 14)) >>> 0) / 4294967296
}

const HEX = '0123456789abcdef'

/** mulberry32: small, fast, and good enough to make data look unplanned. */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** a whole number from lo to hi, both included */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: ReadonlyArray<T>): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** one of `items`, with probability proportional to its weight */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let x = this.next() * total
    for (const [item, w] of items) {
      x -= w
      if (x < 0) return item
    }
    return (items[items.length - 1] as readonly [T, number])[0]
  }

  /**
   * A version-7 UUID (RFC 9562) for an id made at `epochMs`: the time leads,
   * so ids made in the order they are recorded sit in order in a store's id
   * index — what RFC 9562 recommends for database keys — and the rest is
   * drawn from this generator.
   */
  uuid7(epochMs: number): string {
    let s = Math.floor(epochMs).toString(16).padStart(12, '0').slice(-12)
    for (let i = 12; i < 32; i++) s += HEX[i === 12 ? 7 : i === 16 ? 8 + this.int(0, 3) : this.int(0, 15)]
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
}
