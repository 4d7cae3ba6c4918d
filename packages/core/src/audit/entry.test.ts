import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { DELTA_WIDTH } from '../deltas.js'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { recordsAbout, showEntry, streamsNamedBy } from './entry.js'
import { clockedLedger, opArb, readLog, recordOps, unwrap, uuid, vin, voidOf } from './log.test-helpers.js'

/** A store whose stored deltas for one position read as something else: derived data changed beside an intact entry. */
const deltasChangedAt = (store: EventStore, position: number): EventStore => ({
  ...store,
  readDeltas: (page) => async () =>
    E.map((ds: ReadonlyArray<{ position: number; recordedAt: number; deltas: Float64Array }>) =>
      ds.map((d) => (d.position === position ? { ...d, deltas: d.deltas.map((x, i) => (i % DELTA_WIDTH === DELTA_WIDTH - 2 ? x * 3 : x)) } : d)),
    )(await store.readDeltas(page)()),
})

describe('the auditor views an entry and a thing', () => {
  it('every entry shown links to its neighbours, and what it contributed, derived again, is what the store keeps beside it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        const store = memoryStore()
        await recordOps(clockedLedger(store).ledger, ops)
        const log = await readLog(store)
        for (const e of log) {
          const byPosition = unwrap(await showEntry(jiaxiang2024, store, { position: e.position })())
          const byId = unwrap(await showEntry(jiaxiang2024, store, { id: e.id.toUpperCase() })())
          expect(byId).toEqual(byPosition)
          expect(byPosition.entry).toEqual(e)
          expect(byPosition.links).toMatchObject({ hashHolds: true, linksToPrevious: true, nextLinksHere: e.position === log.length ? null : true })
          expect(byPosition.storedDeltas).toBe('agree')
          expect(byPosition.underivable).toBeNull()
        }
      }),
      { numRuns: 30 },
    )
  })

  it('says when the deltas stored beside an entry are not the ones it derives to, and when its hash or link does not hold', async () => {
    const store = memoryStore()
    await recordOps(clockedLedger(store).ledger, [
      { kind: 'register', car: 1, day: 10, nev: true },
      { kind: 'scrap', car: 1, day: 40, nev: true },
      { kind: 'trade', car: 2, day: 50, nev: false },
    ])
    const changed = unwrap(await showEntry(jiaxiang2024, deltasChangedAt(store, 2), { position: 2 })())
    expect(changed.storedDeltas).toBe('differ')
    // the contributions shown are the derived ones, not the changed ones
    expect(changed.contributions).toEqual(unwrap(await showEntry(jiaxiang2024, store, { position: 2 })()).contributions)

    const log = await readLog(store)
    const second = log[1] as Entry
    const forged: EventStore = {
      ...store,
      readAll: (page) => async () => E.map((es: ReadonlyArray<Entry>) => es.map((e) => (e.position === 2 ? { ...e, occurredAt: '2024-03-01T00:00:00Z' } : e)))(await store.readAll(page)()),
    }
    expect(unwrap(await showEntry(jiaxiang2024, forged, { position: 2 })()).links.hashHolds).toBe(false)
    const relinked: EventStore = {
      ...store,
      readAll: (page) => async () => E.map((es: ReadonlyArray<Entry>) => es.map((e) => (e.position === 1 ? { ...e, hash: second.hash } : e)))(await store.readAll(page)()),
    }
    expect(unwrap(await showEntry(jiaxiang2024, relinked, { position: 2 })()).links.linksToPrevious).toBe(false)
  })

  it('a vehicle registered, scrapped and its scrapping voided: everything about it, the void named on what it voided, and what it counts for now', async () => {
    const store = memoryStore()
    const { ledger } = clockedLedger(store)
    await recordOps(ledger, [
      { kind: 'register', car: 1, day: 10, nev: true },
      { kind: 'scrap', car: 1, day: 400, nev: true },
      { kind: 'register', car: 2, day: 20, nev: true },
    ])
    const scrap = (await readLog(store))[1] as Entry
    unwrap(await ledger.record(voidOf(scrap.id, 90, '2025-03-01T09:00:00+08:00'))())
    const [thing, ...others] = unwrap(await recordsAbout(jiaxiang2024, store, vin(1))())
    expect(others).toEqual([])
    expect(thing?.stream).toBe(`vehicle-${vin(1)}`)
    expect(thing?.records.map((r) => r.entry.type)).toEqual(['VehicleRegistered', 'VehicleScrapped', 'EventVoided'])
    expect(thing?.records[1]?.amendedBy).toMatchObject([{ how: 'voided', by: { id: uuid(90) } }])
    expect(thing?.records[2]?.amends).toBe(scrap.id)
    // the scrapping voided, the car is in the fleet again and was never dismantled
    expect(thing?.standing.map((r) => [r.metric, r.quantity])).toEqual(expect.arrayContaining([['vehicles.nev.in-service', 1]]))
    expect(thing?.standing.some((r) => r.metric === 'vehicles.scrapped-dismantled')).toBe(false)
    // the same thing by its stream's name
    expect(unwrap(await recordsAbout(jiaxiang2024, store, `vehicle-${vin(1)}`)())).toEqual([thing])
  })

  it('refuses, as data, what names nothing: an unknown id or position, a position that is not one, an empty key', async () => {
    const store = memoryStore()
    await recordOps(clockedLedger(store).ledger, [{ kind: 'register', car: 1, day: 10, nev: true }])
    const codeOf = async (t: () => Promise<E.Either<{ code: string }, unknown>>) => E.getOrElseW((l: { code: string }) => l.code)(E.map(() => 'ok')(await t()))
    expect(await codeOf(showEntry(jiaxiang2024, store, { position: 2 }))).toBe('NOT_FOUND')
    expect(await codeOf(showEntry(jiaxiang2024, store, { id: uuid(5) }))).toBe('NOT_FOUND')
    for (const position of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(await codeOf(showEntry(jiaxiang2024, store, { position }))).toBe('VALIDATION_FAILED')
    expect(await codeOf(showEntry(jiaxiang2024, store, { id: '' }))).toBe('VALIDATION_FAILED')
    expect(await codeOf(recordsAbout(jiaxiang2024, store, ''))).toBe('VALIDATION_FAILED')
    expect(await codeOf(recordsAbout(jiaxiang2024, store, 'valueOf'))).toBe('NOT_FOUND')
    expect(await codeOf(recordsAbout(jiaxiang2024, store, vin(9)))).toBe('NOT_FOUND')
  })

  it('a key with parts names the stream whose key has those parts, escaped as stream names escape them', () => {
    expect(streamsNamedBy('JX-QY-00001/L2')).toContain('capacity-JX-QY-00001/L2')
    expect(streamsNamedBy('a%b')).toContain('vehicle-a%25b')
  })
})
