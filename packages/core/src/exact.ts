import { reverse, type Ordering } from 'fp-ts/lib/Ordering.js'
import type { Ord as OrdOf } from 'fp-ts/lib/Ord.js'

/*
 * Exact arithmetic for judgement. The tally holds integers (counts, 分,
 * decimals ×10⁴), so every indicator is a rational number, except compound
 * annual growth, a root of one: it is kept as the ratio and the whole years
 * it is the root of, and compared by raising the other side to that power.
 * Floating point is for display only. Binary operations are data-last,
 * `pipe(x, mul(y), sub(z))`; comparisons take both sides, as fp-ts's Ord.
 */

/** numerator ÷ denominator in lowest terms, the denominator positive */
export interface Rational {
  readonly numerator: bigint
  readonly denominator: bigint
}

/** A compound growth rate in per cent: 100 × (ratio^(1/years) − 1), ratio ≥ 0. Rational only where the ratio is a perfect power. */
export interface CompoundGrowth {
  readonly ratio: Rational
  readonly years: number
}

/** A figure as judgement reads it. */
export type Figure = Rational | CompoundGrowth

/**
 * A figure as data (JSON holds no bigint): decimal strings of a rational's
 * numerator and denominator; with `years`, the compound annual growth
 * 100 × ((numerator ÷ denominator)^(1/years) − 1) per cent.
 */
export interface Exact {
  readonly numerator: string
  readonly denominator: string
  readonly years?: number
}

/** What judgement accepts: a number, read by its decimal digits (0.05 is exactly 1/20), or an exact figure. */
export type Amount = number | Exact

const magnitude = (n: bigint): bigint => (n < 0n ? -n : n)

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [magnitude(a), magnitude(b)]
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

export const rational = (numerator: bigint, denominator: bigint = 1n): Rational => {
  if (denominator === 0n) throw new RangeError('a rational number needs a denominator other than 0')
  const g = gcd(numerator, denominator)
  const s = denominator < 0n ? -1n : 1n
  return { numerator: (s * numerator) / g, denominator: (s * denominator) / g }
}

export const zero = rational(0n)
export const one = rational(1n)
export const hundred = rational(100n)

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i

/** A finite number exactly as it is written: its shortest decimal digits, so 0.1 is 1/10 and not the nearest binary fraction. */
export const fromNumber = (x: number): Rational => {
  if (Number.isSafeInteger(x)) return rational(BigInt(x))
  const m = Number.isFinite(x) ? DECIMAL.exec(String(x)) : null
  if (m === null) throw new RangeError(`expected a finite number, got ${x}`)
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = m
  const shift = Number(exponent) - fraction.length
  const digits = BigInt(`${sign}${whole}${fraction}`)
  return shift >= 0 ? rational(digits * 10n ** BigInt(shift)) : rational(digits, 10n ** BigInt(-shift))
}

export const negate = (a: Rational): Rational => ({ numerator: -a.numerator, denominator: a.denominator })
export const abs = (a: Rational): Rational => (a.numerator < 0n ? negate(a) : a)

export const add =
  (b: Rational) =>
  (a: Rational): Rational =>
    rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)

/** a − b */
export const sub = (b: Rational) => add(negate(b))

export const mul =
  (b: Rational) =>
  (a: Rational): Rational =>
    rational(a.numerator * b.numerator, a.denominator * b.denominator)

/** a ÷ b; b must not be 0 */
export const div =
  (b: Rational) =>
  (a: Rational): Rational =>
    rational(a.numerator * b.denominator, a.denominator * b.numerator)

/** a^k for a whole k ≥ 0 (powers of coprime numbers stay coprime: no reduction needed) */
export const pow =
  (k: number) =>
  (a: Rational): Rational => ({ numerator: a.numerator ** BigInt(k), denominator: a.denominator ** BigInt(k) })

export const sign = (a: Rational): Ordering => (a.numerator < 0n ? -1 : a.numerator > 0n ? 1 : 0)

export const compare = (a: Rational, b: Rational): Ordering => {
  const d = a.numerator * b.denominator - b.numerator * a.denominator
  return d < 0n ? -1 : d > 0n ? 1 : 0
}

export const Ord: OrdOf<Rational> = { equals: (a, b) => compare(a, b) === 0, compare }

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length)
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** x × 2^k, in steps that never overflow or underflow the factor itself */
const timesPowerOfTwo = (x: number, k: number): number => {
  let [y, e] = [x, k]
  for (; e > 1000; e -= 1000) y *= 2 ** 1000
  for (; e < -1000; e += 1000) y *= 2 ** -1000
  return y * 2 ** e
}

/** n/d below 2^-1022, a subnormal double: rounded once, half to even, on the subnormals' own grid of 2^-1074 (scaling a rounded quotient would round twice). */
const subnormal = (n: bigint, d: bigint): number => {
  const top = n << 1074n
  let q = top / d
  const twice = 2n * (top % d)
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n
  return timesPowerOfTwo(Number(q), -1074)
}

/** The nearest double, rounded once (a quotient of two doubles when both parts fit, as exact division is). */
export const toNumber = (a: Rational): number => {
  const n = magnitude(a.numerator)
  const d = a.denominator
  if (n <= SAFE && d <= SAFE) return Number(a.numerator) / Number(d)
  if (n << 1022n < d) return a.numerator < 0n ? -subnormal(n, d) : subnormal(n, d)
  // a quotient of 55 or 56 bits and a sticky bit for the remainder: Number() rounds it correctly, once;
  // the power of two it is then scaled by is exact, the result being a normal double
  const e = bitLength(n) - bitLength(d) - 55
  const [top, bottom] = e >= 0 ? [n, d << BigInt(e)] : [n << BigInt(-e), d]
  const x = timesPowerOfTwo(Number(((top / bottom) << 1n) | (top % bottom === 0n ? 0n : 1n)), e - 1)
  return a.numerator < 0n ? -x : x
}

/** ⌊x^(1/n)⌋ for x ≥ 0: Newton's method from above, which falls monotonically to the root (n is a few years here). */
const integerRoot = (x: bigint, n: number): bigint => {
  if (n === 1 || x < 2n) return x
  const k = BigInt(n)
  let r = 1n << BigInt(Math.ceil(bitLength(x) / n))
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k
    if (next >= r) return r
    r = next
  }
}

/** a^(1/n) for a ≥ 0 where it is rational (numerator and denominator perfect n-th powers), else undefined. */
export const exactRoot =
  (n: number) =>
  (a: Rational): Rational | undefined => {
    if (a.numerator < 0n) return undefined
    const [rn, rd] = [integerRoot(a.numerator, n), integerRoot(a.denominator, n)]
    return rn ** BigInt(n) === a.numerator && rd ** BigInt(n) === a.denominator ? { numerator: rn, denominator: rd } : undefined
  }

/** Rationals lo ≤ a^(1/n) ≤ hi, 2^−bits apart, for a ≥ 0. */
export const rootBounds =
  (n: number, bits: number) =>
  (a: Rational): { readonly lo: Rational; readonly hi: Rational } => {
    const r = integerRoot((a.numerator << BigInt(bits * n)) / a.denominator, n)
    const unit = 1n << BigInt(bits)
    return { lo: rational(r, unit), hi: rational(r + 1n, unit) }
  }

export const isCompoundGrowth = (f: Figure): f is CompoundGrowth => 'ratio' in f

/** The growth in per cent that a level (a multiple of the start) stands for: 100 × (level − 1). */
const growthOfLevel = (level: Rational): Rational => mul(hundred)(sub(one)(level))

/** The compound annual growth of `ratio` over `years` whole years, as a rational where the root is one (500 → 980 in two years is 40%). */
export const compoundGrowth = (ratio: Rational, years: number): Figure => {
  const root = exactRoot(years)(ratio)
  return root === undefined ? { ratio, years } : growthOfLevel(root)
}

/** a growth rate against a rational t: 100(R^(1/n) − 1) vs t ⇔ R vs (1 + t/100)^n, both sides ≥ 0 where the level is */
const compareGrowth = (g: CompoundGrowth, t: Rational): Ordering => {
  const level = add(one)(div(hundred)(t))
  // every growth rate is −100% or more
  if (sign(level) < 0) return 1
  return compare(g.ratio, pow(g.years)(level))
}

/** Exact comparison of any two figures; two growth rates compare as R₁^n₂ vs R₂^n₁. */
export const compareFigures = (a: Figure, b: Figure): Ordering => {
  if (isCompoundGrowth(a)) {
    if (isCompoundGrowth(b)) return compare(pow(b.years)(a.ratio), pow(a.years)(b.ratio))
    return compareGrowth(a, b)
  }
  return isCompoundGrowth(b) ? reverse(compareGrowth(b, a)) : compare(a, b)
}

/** The rational a figure is, or a RangeError naming `what` for a growth rate where a level is needed. */
export const asRational = (f: Figure, what: string): Rational => {
  if (isCompoundGrowth(f)) throw new RangeError(`${what}: expected a level or a share, not a compound growth rate`)
  return f
}

/** The nearest double: a growth rate as near as floating point takes its root. */
export const figureValue = (f: Figure): number =>
  isCompoundGrowth(f) ? ((toNumber(f.ratio) ** (1 / f.years)) - 1) * 100 : toNumber(f)

/** `places` decimals, half away from zero, exactly. */
const fixed = (a: Rational, places: number): string => {
  const scaled = magnitude(a.numerator) * 10n ** BigInt(places)
  const q = (2n * scaled + a.denominator) / (2n * a.denominator)
  const digits = q.toString().padStart(places + 1, '0')
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`
  return a.numerator < 0n && q !== 0n ? `-${text}` : text
}

/** A figure rounded to `places` decimals (half away from zero) as a decimal string, exactly. */
export const toFixed =
  (places: number) =>
  (f: Figure): string => {
    if (!isCompoundGrowth(f)) return fixed(f, places)
    // an irrational growth is never a tie: narrow its root until both ends of the interval round alike
    for (let bits = 64; ; bits *= 2) {
      const { lo, hi } = rootBounds(f.years, bits)(f.ratio)
      const [low, high] = [fixed(growthOfLevel(lo), places), fixed(growthOfLevel(hi), places)]
      if (low === high) return low
    }
  }

export const toExact = (f: Figure): Exact =>
  isCompoundGrowth(f)
    ? { numerator: String(f.ratio.numerator), denominator: String(f.ratio.denominator), years: f.years }
    : { numerator: String(f.numerator), denominator: String(f.denominator) }

const INTEGER = /^-?\d+$/

export const fromExact = (e: Exact): Figure => {
  if (!INTEGER.test(e.numerator) || !INTEGER.test(e.denominator) || BigInt(e.denominator) === 0n)
    throw new RangeError(`exact: expected whole numbers as decimal strings, the denominator not 0, got ${e.numerator}/${e.denominator}`)
  const ratio = rational(BigInt(e.numerator), BigInt(e.denominator))
  if (e.years === undefined) return ratio
  if (!Number.isInteger(e.years) || e.years < 1 || ratio.numerator < 0n) throw new RangeError(`exact: a compound growth needs whole years ≥ 1 and a ratio ≥ 0, got ${e.years} years`)
  return compoundGrowth(ratio, e.years)
}

export const figureOf = (a: Amount): Figure => (typeof a === 'number' ? fromNumber(a) : fromExact(a))
