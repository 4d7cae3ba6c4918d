import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { planPolicy } from '../authorization/policy.js'
import { uuid, vin } from '../audit/log.test-helpers.js'
import { concurrencyConflict } from '../errors.js'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { appendBatch, type Appending } from './append.js'
import { knownStreams } from './histories.js'
import type { RecordInput } from './input.js'
import { leftOf, op, resolvedOn, rightOf } from './steps.test-helpers.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'

const appendingTo = (store: EventStore, retries = 3): Appending => ({ store, authorize: planPolicy(jiaxiang2024), clock: () => Date.UTC(2026, 0, 1), retries, streams: knownStreams(100) })
const car1 = `vehicle-${vin(1)}`

/** Decode, resolve and append inputs as one call would. */
const append = async (appending: Appending, inputs: ReadonlyArray<RecordInput>, single = false) => appendBatch(appending, await resolvedOn(appending.store, inputs, single), single)

/** A store whose appends are refused as though another writer always got in first; it counts them. */
const alwaysBeaten = () => {
  const store = memoryStore()
  let appends = 0
  const beaten: EventStore = { ...store, append: () => async () => (appends++, E.left(concurrencyConflict(car1, 1, 2))) }
  return { store: beaten, appends: () => appends }
}

/** An input with an id that holds hex letters, which a caller may write in either case. */
const lettered = (input: RecordInput): RecordInput => ({ ...input, id: input.id.replace('00000000-', 'abcdef00-') })

const headOf = async (store: EventStore): Promise<number> => rightOf(await store.head()())?.position ?? 0

describe('appending a decided batch', () => {
  it('writes a new batch and remembers the streams’ histories for the next call', async () => {
    const appending = appendingTo(memoryStore())
    const r = rightOf(await append(appending, [op('register', 1, 0, 1), op('trade', 1, 10, 2)]))
    expect(r.recorded.map((e) => [e.id, e.position, e.revision, e.recordedAt])).toEqual([
      [uuid(1), 1, 1, '2026-01-01T00:00:00.000Z'],
      [uuid(2), 2, 2, '2026-01-01T00:00:00.000Z'],
    ])
    expect(r.duplicates).toEqual([])
    expect(appending.streams.cache.get(car1)?.revision).toBe(2)
  })

  it('reports inputs recorded before with the same content as duplicates, whatever case their id was given in, and writes only the rest', async () => {
    const appending = appendingTo(memoryStore())
    const registration = lettered(op('register', 1, 0, 1))
    const [first] = rightOf(await append(appending, [registration])).recorded
    const r = rightOf(await append(appending, [{ ...registration, id: registration.id.toUpperCase() }, op('trade', 1, 10, 2)]))
    expect(r.duplicates).toEqual([first])
    expect(r.recorded.map((e) => e.id)).toEqual([uuid(2)])
    expect(await headOf(appending.store)).toBe(2)
  })

  it('refuses an id recorded before with other content as an ID_CONFLICT, naming its index in a batch', async () => {
    const appending = appendingTo(memoryStore())
    rightOf(await append(appending, [op('register', 1, 0, 1)]))
    const other = { ...op('register', 2, 0, 1) }
    expect(leftOf(await append(appending, [op('register', 3, 0, 3), other]))).toEqual({
      code: 'ID_CONFLICT',
      message: `input 1: 事件编号 ${uuid(1)} 已用于内容不同的事件，请换一个编号，或作废先前的事件 / event id ${uuid(1)} was already used for different content; use a new id, or void the earlier event`,
      id: uuid(1),
      index: 1,
    })
    expect(leftOf(await append(appending, [other], true))).not.toHaveProperty('index')
    expect(await headOf(appending.store)).toBe(1)
  })

  it('records an id given twice in one batch once if the content agrees, and refuses it if not', async () => {
    const appending = appendingTo(memoryStore())
    const r = rightOf(await append(appending, [op('register', 1, 0, 1), op('register', 1, 0, 1)]))
    expect(r.recorded.map((e) => e.id)).toEqual([uuid(1)])
    expect(leftOf(await append(appending, [op('register', 2, 0, 2), op('register', 3, 0, 2)]))).toMatchObject({ code: 'ID_CONFLICT', id: uuid(2), index: 1 })
  })

  it('decides again when another writer got in first, on the stream as it now stands', async () => {
    const store = memoryStore()
    const appending = appendingTo(store)
    rightOf(await append(appending, [op('register', 1, 0, 1)]))
    // another process trades car 1: this ledger's cached history is stale
    rightOf(await createLedger({ plan: jiaxiang2024, store }).record(op('trade', 1, 10, 2))())
    const r = rightOf(await append(appending, [op('trade', 1, 20, 3)], true))
    expect(r.recorded.map((e) => [e.id, e.revision])).toEqual([[uuid(3), 3]])
    expect(appending.streams.cache.get(car1)?.revision).toBe(3)
  })

  it('takes an input another writer recorded first as a duplicate, not an error', async () => {
    const store = memoryStore()
    const racing: EventStore = {
      ...store,
      append: (batch) => async () => {
        // the other writer's commit lands just before this one
        rightOf(await createLedger({ plan: jiaxiang2024, store }).record(lettered(op('register', 1, 0, 1)))())
        return store.append(batch)()
      },
    }
    const r = rightOf(await append(appendingTo(racing), [lettered(op('register', 1, 0, 1))], true))
    expect(r.recorded).toEqual([])
    expect(r.duplicates.map((e) => e.id)).toEqual([lettered(op('register', 1, 0, 1)).id])
  })

  it('takes an input another writer recorded between its lookup and its decision as a duplicate, not a refusal', async () => {
    const store = memoryStore()
    const registration = op('register', 1, 0, 1)
    let lookups = 0
    const racing: EventStore = {
      ...store,
      // the first append loses to a writer elsewhere, so the ids are looked up
      append: (batch) => async () => (lookups === 0 ? E.left(concurrencyConflict(car1, 0, 1)) : store.append(batch)()),
      findByIds: (ids) => async () => {
        const found = await store.findByIds(ids)()
        // the other writer's commit of the same registration lands just after the first lookup
        if (lookups++ === 0) rightOf(await createLedger({ plan: jiaxiang2024, store }).record(registration)())
        return found
      },
    }
    const r = rightOf(await append(appendingTo(racing), [registration], true))
    expect(r.recorded).toEqual([])
    expect(r.duplicates.map((e) => e.id)).toEqual([registration.id])
    expect(lookups).toBe(3)
  })

  it('tries as often as it is told, then gives the conflict; a caller who pinned a revision is not retried', async () => {
    for (const retries of [0, 2]) {
      const { store, appends } = alwaysBeaten()
      expect(leftOf(await append(appendingTo(store, retries), [op('register', 1, 0, 1)], true)).code).toBe('CONCURRENCY_CONFLICT')
      // the optimistic append, then the first try and each retry
      expect(appends()).toBe(retries + 2)
    }
    const { store, appends } = alwaysBeaten()
    expect(leftOf(await append(appendingTo(store, 5), [{ ...op('register', 1, 0, 1), expectedRevision: 0 }], true)).code).toBe('CONCURRENCY_CONFLICT')
    expect(appends()).toBe(2)
  })
})
