import { AssertionError } from 'node:assert'
import { isDeepStrictEqual } from 'node:util'
import { calendar, factOf, type Aggregate, type Contribution, type DataOf, type EventType, type Fact } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { input } from './fixtures.js'

/*
 * Given/when/then on an aggregate's pure fold: no store, no ledger. Given
 * these facts, folded with `evolve` in the order they occurred, when one
 * more occurs, then it contributes exactly these, or it is rejected for
 * this reason. A rule is said as the aggregate decides it; what a ledger
 * adds around it (late reports refolded, a contribution without a unit
 * counted under the unit that recorded its fact, the deltas it stores) is
 * tested through a ledger (packages/core/src/events/domains.test.ts).
 *
 *   given(vehicle, fact('VehicleRegistered', car, { day: '2024-03-01' }))
 *     .when(fact('VehicleScrapped', dismantling, { day: '2025-04-12', recordedBy: 'commerce' }))
 *     .then([{ metric: 'vehicles.in-service', quantity: -1, day: '2025-04-12', town: 'zhifang', unit: 'public-security' }, …])
 */

/** A fact for a test: occurred at 10:00 Shanghai time on `day` (YYYY-MM-DD), recorded by `recordedBy` (车管所 unless said). */
export const fact = <T extends EventType>(type: T, data: DataOf<T>, at: { readonly day: string; readonly recordedBy?: string }): Fact<T, DataOf<T>> =>
  pipe(
    factOf(input(type, data, { occurredAt: `${at.day}T10:00:00+08:00`, ...(at.recordedBy === undefined ? {} : { recordedBy: at.recordedBy }) })),
    E.getOrElseW((why): never => {
      // the day is the test's own: one that does not read is a slip in the test
      throw new Error(why)
    }),
  ) as Fact<T, DataOf<T>>

/** A contribution as a test states it: its day as YYYY-MM-DD. */
export type Counted = Omit<Contribution, 'day'> & { readonly day: string }

/** Then the fact is rejected, for a reason that contains this text or matches this pattern. */
export interface Rejects {
  readonly rejects: string | RegExp
}
export const rejects = (reason: string | RegExp): Rejects => ({ rejects: reason })

/** Then the fact contributes exactly these, in this order (none: `[]`), or it is rejected. */
export type Then = ReadonlyArray<Counted> | Rejects

export interface When<F extends Fact> {
  readonly when: (fact: F) => { readonly then: (expected: Then) => void }
}

/** As values: a day as its date, a field left undefined as one absent. */
const counted = (c: Contribution): Counted => plain({ ...c, day: calendar.dayToIso(c.day) })
const plain = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const named = (f: Fact): string => `${f.type} (${calendar.dayToIso(f.day)})`
const shown = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (v instanceof RegExp ? String(v) : v))

const fail = (message: string, actual: unknown, expected: unknown): never => {
  throw new AssertionError({ message, actual, expected, operator: 'given/when/then' })
}

const matches = (reason: string, expected: string | RegExp): boolean => (typeof expected === 'string' ? reason.includes(expected) : expected.test(reason))

const decide = <S, F extends Fact>(aggregate: Aggregate<S, F>, facts: ReadonlyArray<F>, next: F, expected: Then): void => {
  // an object with `then` is a thenable: awaited, it is called with the promise's callbacks
  if (typeof expected === 'function')
    throw new TypeError('given(…).when(…) 不是 Promise，不要 await 或 return 它；请调用 .then(贡献) 或 .then(rejects(理由)) — given(…).when(…) is no promise; do not await or return it, call .then(contributions) or .then(rejects(reason))')
  ;[...facts, next].forEach((f, i, all) => {
    const before = all[i - 1]
    if (before !== undefined && f.at < before.at)
      fail(
        `事实须按发生顺序给出：${named(f)} 早于它前面的 ${named(before)}；迟报重排是台账的事，请经台账测试 — facts go in the order they occurred: ${named(f)} comes before ${named(before)}, given ahead of it; refolding a late report is the ledger's part, test it through a ledger`,
        all.map(named),
        [...all].sort((a, b) => a.at - b.at).map(named),
      )
  })
  let state = aggregate.initial
  facts.forEach((f, i) => {
    const step = aggregate.evolve(state, f)
    if (E.isLeft(step))
      fail(`given 的第 ${i + 1} 个事实 ${named(f)} 本身被拒绝：${step.left} — given fact ${i + 1}, ${named(f)}, is itself rejected: ${step.left}`, step.left, 'accepted')
    else state = step.right.state
  })
  const step = aggregate.evolve(state, next)
  if ('rejects' in expected) {
    if (E.isRight(step))
      fail(
        `期望 ${named(next)} 被拒绝（理由合 ${shown(expected.rejects)}），${aggregate.name} 的折叠却接受了它，记入 ${shown((step.right.contributions ?? []).map(counted))} — expected ${named(next)} to be rejected for ${shown(expected.rejects)}; the ${aggregate.name} fold accepted it, contributing ${shown((step.right.contributions ?? []).map(counted))}`,
        (step.right.contributions ?? []).map(counted),
        expected,
      )
    else if (!matches(step.left, expected.rejects))
      fail(
        `期望 ${named(next)} 因合 ${shown(expected.rejects)} 的理由被拒绝，折叠给的理由是「${step.left}」 — expected ${named(next)} to be rejected for ${shown(expected.rejects)}; the fold rejected it for "${step.left}"`,
        step.left,
        String(expected.rejects),
      )
    return
  }
  if (E.isLeft(step))
    return fail(
      `期望 ${named(next)} 被接受，记入 ${shown(expected)}，${aggregate.name} 的折叠却拒绝了它：${step.left} — expected ${named(next)} to be accepted, contributing ${shown(expected)}; the ${aggregate.name} fold rejected it: ${step.left}`,
      step.left,
      expected,
    )
  const actual = (step.right.contributions ?? []).map(counted)
  const wanted = expected.map(plain)
  if (!isDeepStrictEqual(actual, wanted))
    fail(
      `${named(next)} 的记入与期望不符：期望 ${shown(wanted)}，折叠给出 ${shown(actual)} — ${named(next)} contributes other than expected: expected ${shown(wanted)}, the fold gave ${shown(actual)}`,
      actual,
      wanted,
    )
}

/**
 * Given these facts of one aggregate, in the order they occurred (each must
 * stand: a rejected one fails the test, naming it), when `fact` occurs,
 * then `expected`. Call `.then` (never `await` the chain): it throws an
 * `AssertionError`, with both sides for the runner's diff, when the fold
 * gives anything else.
 */
// the facts' type is the aggregate's (NoInfer): inferred from the first fact, it would refuse every other type
export const given = <S, F extends Fact>(aggregate: Aggregate<S, F>, ...facts: ReadonlyArray<NoInfer<F>>): When<F> => ({
  when: (next) => ({ then: (expected) => decide(aggregate, facts, next, expected) }),
})
