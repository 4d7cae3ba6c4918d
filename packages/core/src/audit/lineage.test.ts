import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { indicatorValue, loadTally, readingOf } from '../projections/query.js'
import { emptyTally, latestDay, sumsAsked, type Tally } from '../projections/tally.js'
import { reportAsOf } from './as-of.js'
import { diff, lineage } from './lineage.js'
import { clockedLedger, opArb, readLog, recordOps, tallyOf, unwrap, voidOf } from './log.test-helpers.js'

const INDICATORS = ['vehicles.scrapped-dismantled', 'vehicles.nev-fleet', 'vehicles.used-car-trade-growth', 'vehicles.used-to-new-ratio'] as const

describe('lineage and diff', () => {
  it('the entries behind a value give that value by themselves (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...INDICATORS),
        fc.constantFrom(2024, 2025, 2026),
        fc.option(fc.constantFrom('2024-06-30', '2025-03-31', '2025-12-31')),
        async (ops, indicator, year, occurredBy) => {
          const store = memoryStore()
          const { ledger } = clockedLedger(store)
          await recordOps(ledger, ops)
          const q = { indicator, year, ...(occurredBy === null ? {} : { occurredBy }) }
          const l = unwrap(await lineage(jiaxiang2024, store, q)())
          const deltas = unwrap(await store.readDeltas({ after: 0, limit: 1000 })())
          const behind = new Set(l.entries.map((e) => e.position))
          const only = tallyOf(deltas.filter((d) => behind.has(d.position)))
          const day = occurredBy === null ? {} : { occurredBy: Date.parse(occurredBy) / 86_400_000 }
          expect(unwrap(indicatorValue(jiaxiang2024, only, indicator, { year, ...day }))).toEqual(l.reading)
          expect(unwrap(indicatorValue(jiaxiang2024, unwrap(await loadTally(store)()), indicator, { year, ...day }))).toEqual(l.reading)
          // and none of them could be left out
          for (const p of behind) {
            const without = tallyOf(deltas.filter((d) => behind.has(d.position) && d.position !== p))
            expect(unwrap(indicatorValue(jiaxiang2024, without, indicator, { year, ...day }))).not.toEqual(l.reading)
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it("every indicator of the plan reads the tally by sums alone, and its events are theirs: lineage's shortcuts hold (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 20 }), fc.constantFrom(2023, 2024, 2025, 2026, 2027), async (ops, year) => {
        const store = memoryStore()
        await recordOps(clockedLedger(store).ledger, ops)
        const tally = unwrap(await loadTally(store)())
        for (const indicator of jiaxiang2024.indicators) {
          const read = (t: Tally) => readingOf(indicator, t, { year })
          const asked = sumsAsked(tally, read)
          expect(asked, indicator.id).toBeDefined()
          expect(asked?.reduce((n, a) => n + a.events, 0), indicator.id).toBe(read(tally).events)
        }
      }),
      { numRuns: 25 },
    )
    // a reading that looks at the series itself is seen to: no shortcut is taken for it
    expect(sumsAsked(emptyTally(), (t) => latestDay(t))).toBeUndefined()
  })

  it('names the entries recorded between two instants that changed each indicator', async () => {
    const store = memoryStore()
    const { ledger, now } = clockedLedger(store)
    await recordOps(ledger, [
      { kind: 'scrap', car: 1, day: 400, nev: true },
      { kind: 'register', car: 2, day: 380, nev: true },
    ])
    const t1 = new Date(now()).toISOString()
    const [late] = await recordOps(ledger, [{ kind: 'scrap', car: 3, day: 500, nev: false }], 10)
    const scrap = (await readLog(store))[0] as Entry
    // the first scrapping was recorded twice by mistake elsewhere: void it
    const voided = unwrap(await ledger.record(voidOf(scrap.id, 77, '2026-01-10T09:00:00+08:00'))())
    const d = unwrap(await diff(jiaxiang2024, store, { from: t1, year: 2025 })())
    expect(d.changes.map((c) => c.id)).toEqual(['vehicles.scrapped-dismantled'])
    const [change] = d.changes
    const before = unwrap(await reportAsOf(jiaxiang2024, store, { knownAt: t1, year: 2025 })())
    expect(change?.before.value).toBe(before.indicators.find((i) => i.id === change?.id)?.value)
    expect(change).toMatchObject({ changed: false, before: { value: 1, events: 1 }, after: { value: 1, events: 1 } })
    expect(change?.causes.map((c) => c.id)).toEqual([(late as Entry).id, voided.id])
    expect(change?.causes[1]?.amends).toBe(scrap.id)

    // one more late report, and the value itself moves
    await recordOps(ledger, [{ kind: 'scrap', car: 4, day: 600, nev: false }], 20)
    const moved = unwrap(await diff(jiaxiang2024, store, { from: t1, year: 2025, occurredBy: '2025-12-31' })()).changes[0]
    expect(moved).toMatchObject({ id: 'vehicles.scrapped-dismantled', changed: true, before: { value: 1 }, after: { value: 2 } })
    expect(moved?.causes).toHaveLength(3)
    const bad = await diff(jiaxiang2024, store, { from: 'last week', year: 2025 })()
    expect(E.isLeft(bad) && bad.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'knownAt' }] })
    const unknown = await lineage(jiaxiang2024, store, { indicator: 'no.such', year: 2025 })()
    expect(E.isLeft(unknown) && unknown.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'indicator' }] })
  })

  it('refuses, naming the position, where the entries behind a value and their stored rows do not line up', async () => {
    const store = memoryStore()
    const { ledger, now } = clockedLedger(store)
    await recordOps(ledger, [1, 2, 3, 4].map((car) => ({ kind: 'scrap', car, day: 400 + car, nev: false }) as const))
    const t1 = new Date(now()).toISOString()
    await recordOps(ledger, [{ kind: 'scrap', car: 5, day: 500, nev: false }], 10)
    const q = { indicator: 'vehicles.scrapped-dismantled', year: 2025 }
    expect(unwrap(await lineage(jiaxiang2024, store, q)()).entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5])
    const rows = unwrap(await store.readDeltas({ after: 0, limit: 100 })())
    const log = await readLog(store)
    const forged: ReadonlyArray<[string, EventStore]> = [
      // the entry a row stands beside is not there to be read
      ['no entry', { ...store, readPositions: (ps) => TE.right(ps.flatMap((p) => (p === 2 ? [] : (log[p - 1] ?? [])))) }],
      // a row says another instant than its entry (not where a cut falls: only the pairing can see it)
      ['recordedAt', { ...store, readDeltas: (page) => TE.right(rows.slice(page.after, page.after + page.limit).map((d) => (d.position === 2 ? { ...d, recordedAt: d.recordedAt - 1 } : d))) }],
      // a row left out: the next stands where it should not
      ['missing', { ...store, readDeltas: (page) => TE.right(rows.filter((d) => d.position !== 3).slice(page.after, page.after + page.limit)) }],
    ]
    for (const [what, s] of forged) {
      for (const asked of [lineage(jiaxiang2024, s, q), diff(jiaxiang2024, s, { from: '2000-01-01', year: 2025 })]) {
        const got = await asked()
        expect(E.isLeft(got) && got.left, what).toMatchObject({ code: 'INTEGRITY_FAILED', position: what === 'missing' ? 3 : 2 })
      }
    }
    // a diff reads only the rows recorded in between: one out of joint before them is the report's to find
    expect(unwrap(await diff(jiaxiang2024, forged[1]?.[1] as EventStore, { from: t1, year: 2025 })()).changes[0]?.causes.map((c) => c.position)).toEqual([5])
  })
})
