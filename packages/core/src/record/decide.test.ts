import * as E from 'fp-ts/lib/Either.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { describe, expect, it } from 'vitest'
import { planPolicy } from '../authorization/policy.js'
import { uuid, vin } from '../audit/log.test-helpers.js'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { decide, type Deciding } from './decide.js'
import { knownStreams } from './histories.js'
import type { RecordInput } from './input.js'
import { assessed, leftOf, op, resolvedOn, rightOf, voidOf, withLegacyStream } from './steps.test-helpers.js'

const deciding = (store: EventStore): Deciding => ({ store, authorize: planPolicy(jiaxiang2024), streams: knownStreams(100) })
const car1 = `vehicle-${vin(1)}`

/** A store with car 1 registered (revision 1). */
const registered = async (): Promise<EventStore> => {
  const store = memoryStore()
  rightOf(await createLedger({ plan: jiaxiang2024, store }).record(op('register', 1, 0, 1))())
  return store
}

/** One input decided, alone. */
const decideOne = async (d: Deciding, input: RecordInput) => rightOf(await decide(d, await resolvedOn(d.store, [input], true), true))
/** The cache as it would stand had an input been recorded, though it never was: a view the store does not share. */
const cacheAfter = async (d: Deciding, input: RecordInput): Promise<void> => {
  for (const h of (await decideOne(d, input)).after) d.streams.cache.set(h.stream, h)
}

describe('deciding a batch against its streams', () => {
  it('drafts each input at the next revision of its stream, expecting the revision it was decided on', async () => {
    const store = await registered()
    const d = deciding(store)
    const decided = rightOf(await decide(d, await resolvedOn(store, [op('trade', 1, 10, 2), op('trade', 1, 20, 3), op('register', 2, 0, 4)]), false))
    expect(decided.drafts.map((x) => [x.entry.id, x.entry.stream, x.entry.revision, x.entry.version])).toEqual([
      [uuid(2), car1, 2, 1],
      [uuid(3), car1, 3, 1],
      [uuid(4), `vehicle-${vin(2)}`, 1, 1],
    ])
    expect([...decided.expected]).toEqual([
      [car1, 1],
      [`vehicle-${vin(2)}`, 0],
    ])
    expect(decided.after.map((h) => [h.stream, h.revision])).toEqual([
      [car1, 3],
      [`vehicle-${vin(2)}`, 1],
    ])
    // deciding writes nothing and remembers nothing: appending does
    expect(d.streams.cache.get(car1)).toBeUndefined()
  })

  it('holds an input to the expectedRevision its caller pinned', async () => {
    const store = await registered()
    const error = leftOf(await decide(deciding(store), await resolvedOn(store, [{ ...op('trade', 1, 10, 2), expectedRevision: 4 }], true), true))
    expect(error).toEqual({ code: 'CONCURRENCY_CONFLICT', message: `${car1}: 预期版本 4，但流已在版本 1 / expected revision 4, but the stream is at 1`, stream: car1, expected: 4, actual: 1 })
    const agreed = rightOf(await decide(deciding(store), await resolvedOn(store, [{ ...op('trade', 1, 10, 2), expectedRevision: 1 }], true), true))
    expect(agreed.drafts[0]?.entry.revision).toBe(2)
  })

  it('decides again on the stream as stored when a cached history refuses, and forgets the stale history', async () => {
    const d = deciding(await registered())
    // car 1 scrapped on day 5 as the cache has it, never written; a trade on day 10 cannot follow it
    await cacheAfter(d, op('scrap', 1, 5, 9))
    const decided = await decideOne(d, op('trade', 1, 10, 2))
    expect(decided.drafts.map((x) => [x.entry.id, x.entry.revision])).toEqual([[uuid(2), 2]])
    expect([...decided.expected]).toEqual([[car1, 1]])
    expect(d.streams.cache.get(car1)).toBeUndefined()
  })

  it('refuses on the stream as stored, saying why, with the input’s index in a batch', async () => {
    const store = await registered()
    rightOf(await createLedger({ plan: jiaxiang2024, store }).record(op('scrap', 1, 5, 9))())
    const error = leftOf(await decide(deciding(store), await resolvedOn(store, [op('register', 2, 0, 3), op('trade', 1, 10, 2)]), false))
    expect(error).toMatchObject({ code: 'INVARIANT_VIOLATED', stream: car1, index: 1 })
  })

  it('decides on a cached history that accepts, leaving a stale one to the store’s expected revision', async () => {
    const d = deciding(await registered())
    await cacheAfter(d, op('trade', 1, 10, 2))
    const decided = await decideOne(d, op('trade', 1, 20, 3))
    // the cache says revision 2, the store holds 1: the append will be refused, not this decision
    expect([...decided.expected]).toEqual([[car1, 2]])
  })

  it('places a key on the stream an earlier release named it by', async () => {
    const store = await withLegacyStream([assessed(1, 'E-7', 'L-1', 100)])
    const d = deciding(store)
    const decided = rightOf(await decide(d, await resolvedOn(store, [assessed(2, 'E-7', 'L-1', 200)]), true))
    expect(decided.drafts.map((x) => [x.entry.stream, x.entry.revision])).toEqual([['capacity-E-7-L-1', 2]])
    expect([...decided.expected]).toEqual([['capacity-E-7-L-1', 1]])
    expect(d.streams.aliases.get('capacity-E-7/L-1')).toBe('capacity-E-7-L-1')
  })

  it('refuses a second void of an entry, and a correction the policy refuses on the fact as it stands', async () => {
    const store = await registered()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    rightOf(await ledger.record(op('trade', 1, 10, 2))())
    rightOf(await ledger.record(voidOf(3, uuid(2)))())
    const again = leftOf(await decide(deciding(store), await resolvedOn(store, [voidOf(4, uuid(2))], true), true))
    expect(again).toEqual({
      code: 'INVARIANT_VIOLATED',
      message: `${car1}: 事件 ${uuid(2)} 已被作废，作废的事件不能再作废或更正 / event ${uuid(2)} was voided before; a voided event cannot be voided or corrected again`,
      stream: car1,
    })
    const refusing: Deciding = { ...deciding(store), authorize: (r) => (r.correction === 'EventVoided' ? E.left('不是这一条 / not this one') : E.right(undefined)) }
    const notAllowed = leftOf(await decide(refusing, await resolvedOn(store, [voidOf(5, uuid(1), 'public-security')], true), true))
    expect(notAllowed).toEqual({ code: 'NOT_ALLOWED', message: 'public-security 无权记录 EventVoided：不是这一条 / public-security may not record EventVoided: not this one', recordedBy: 'public-security', type: 'EventVoided' })
  })
})
