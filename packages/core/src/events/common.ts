import { Identifier, refined, Struct, Text, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { dayToIso, type Day } from '../time.js'
import { accept, defineAggregate, reject, type Aggregate, type Fact } from './define.js'

/* Pieces several domains share: who did something, and the shape of a fact recorded once. */

/** 统一社会信用代码: 18 characters, digits and capitals without I, O, S, V, Z. */
export const CreditCode = refined(
  { zh: '统一社会信用代码：18 位数字和大写字母，不含 I、O、S、V、Z', en: 'a unified social credit code (统一社会信用代码): 18 digits and capitals, no I, O, S, V or Z' },
  (u): u is string => typeof u === 'string' && /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(u),
)

export const Enterprise = Struct({ zh: '企业', en: 'an enterprise' }, { name: Text(200) }, { creditCode: CreditCode })

/** A business acting in the record (a dealer, a collector), with its licence where it holds one. */
export const Party = Struct({ zh: '经营单位', en: 'a party' }, { name: Text(200) }, { licence: Identifier })

export interface Once {
  readonly recordedOn?: Day
}

/**
 * The aggregate of a stream that holds one fact (a replacement record, a
 * base station opened): a second is refused, whatever its content.
 */
export const once = <F extends Fact>(
  name: string,
  /** the fact, as the refusal of a second names it */
  what: Wording,
  contribute: (fact: F) => ReadonlyArray<Contribution>,
  check: (fact: F) => string | undefined = () => undefined,
): Aggregate<Once, F> =>
  defineAggregate<Once, F>({
    name,
    initial: {},
    evolve: (s, f) => {
      if (s.recordedOn !== undefined) return reject(`${what.zh}已于 ${dayToIso(s.recordedOn)} 记录过 / ${what.en} was already recorded, on ${dayToIso(s.recordedOn)}`)
      const why = check(f)
      return why === undefined ? accept({ recordedOn: f.day }, contribute(f)) : reject(why)
    },
  })

const cellOf = (c: Contribution): string => `${c.metric}/${c.town ?? ''}/${c.sector ?? ''}/${c.day}`

/**
 * What replacing one standing fact by another contributes: the new
 * contributions less the old, netted per series and day, so that a
 * reassessment moves a quantity between metrics instead of adding to them.
 */
export const replacing = (before: ReadonlyArray<Contribution>, after: ReadonlyArray<Contribution>): Contribution[] => {
  const net = new Map<string, Contribution>()
  const add = (c: Contribution, sign: 1 | -1): void => {
    const k = cellOf(c)
    net.set(k, { ...c, quantity: (net.get(k)?.quantity ?? 0) + sign * c.quantity })
  }
  before.forEach((c) => add(c, -1))
  after.forEach((c) => add(c, 1))
  return [...net.values()].filter((c) => c.quantity !== 0)
}
