import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { memoryStore } from '../memory-store.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { loadTally } from '../projections/query.js'
import { report, type Report } from '../projections/report.js'
import { knownAtInstant, reportAsOf } from './as-of.js'
import { clockedLedger, inputOf, opArb, recordOps, unwrap, type Op } from './log.test-helpers.js'

const withoutRequest = (r: Report) => ({ ...r, knownAt: { position: r.knownAt.position, recordedAt: r.knownAt.recordedAt } })
const indicator = (r: Report, id: string) => r.indicators.find((i) => i.id === id)

describe('as of: known at, occurred by', () => {
  it('the report known at T equals the report of a ledger that stopped recording at T', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom(2024, 2025, 2026),
        async (ops, hours, year) => {
          const full = memoryStore()
          const a = clockedLedger(full)
          // after each op, the last instant recorded so far
          const heads: number[] = []
          for (const [i, op] of ops.entries()) {
            await recordOps(a.ledger, [op], i + 1)
            heads.push(unwrap(await full.head()()).recordedAt)
          }
          const t = Date.UTC(2023, 11, 31, 16) + hours * 3_600_000 + 1_800_000 // between two recordings
          const stopped = memoryStore()
          const b = clockedLedger(stopped)
          for (const [i, op] of ops.entries()) if ((heads[i] as number) <= t) await recordOps(b.ledger, [op], i + 1)

          const knownAt = new Date(t).toISOString()
          const asOf = unwrap(await reportAsOf(jiaxiang2024, full, { knownAt, year })())
          const ofStopped = unwrap(report(jiaxiang2024, unwrap(await loadTally(stopped)()), { year }))
          expect(asOf.knownAt.requested).toBe(knownAt)
          expect(withoutRequest(asOf)).toEqual(withoutRequest(ofStopped))
        },
      ),
      { numRuns: 40 },
    )
  })

  it('a late report changes the occurred-by view of its period, and not what was known before it was recorded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 20 }), fc.integer({ min: 0, max: 700 }), async (ops, lateDay) => {
        const store = memoryStore()
        const { ledger } = clockedLedger(store)
        await recordOps(ledger, ops)
        const before = unwrap(await store.head()())
        const year = 2024 + Math.floor(lateDay / 366)
        const knownBefore = unwrap(await reportAsOf(jiaxiang2024, store, { year })())
        // a vehicle never seen before, scrapped on lateDay and reported only now
        const late: Op = { kind: 'scrap', car: 9, day: lateDay, nev: true }
        const entry = unwrap(await ledger.record(inputOf(late, 5000))())
        const knownAt = new Date(before.recordedAt).toISOString()

        expect(withoutRequest(unwrap(await reportAsOf(jiaxiang2024, store, { knownAt, year })()))).toEqual(withoutRequest(knownBefore))
        const now = unwrap(await reportAsOf(jiaxiang2024, store, { year })())
        const scrapped = (r: Report) => indicator(r, 'vehicles.scrapped-dismantled')?.value ?? 0
        expect(scrapped(now)).toBe(scrapped(knownBefore) + 1)
        // the day before it occurred, the occurred-by view is as it was
        const dayBefore = new Date(Date.parse(entry.occurredAt) - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
        if (dayBefore.startsWith(String(year))) {
          const cutNow = unwrap(await reportAsOf(jiaxiang2024, store, { year, occurredBy: dayBefore })())
          const cutBefore = unwrap(await reportAsOf(jiaxiang2024, store, { year, occurredBy: dayBefore, knownAt })())
          expect(scrapped(cutNow)).toBe(scrapped(cutBefore))
        }
      }),
      { numRuns: 40 },
    )
  })

  it('states both instants, reads a day as its end in Shanghai, and names a bad instant', async () => {
    const store = memoryStore()
    const { ledger } = clockedLedger(store)
    await recordOps(ledger, [{ kind: 'trade', car: 1, day: 3, nev: false }])
    const r = unwrap(await reportAsOf(jiaxiang2024, store, { knownAt: '2025-12-31', occurredBy: '2025-06-30', year: 2025 })())
    expect(r.knownAt.requested).toBe('2025-12-31T15:59:59.999Z')
    expect(r.occurredBy).toBe('2025-06-30')
    expect(unwrap(await reportAsOf(jiaxiang2024, store)()).knownAt.requested).toBeNull()
    expect(unwrap(knownAtInstant('2025-01-01T00:00:00+08:00'))).toBe(Date.UTC(2024, 11, 31, 16))

    const bad = await reportAsOf(jiaxiang2024, store, { knownAt: 'yesterday' })()
    expect(E.isLeft(bad) && bad.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'knownAt' }] })
    const badDay = await reportAsOf(jiaxiang2024, store, { occurredBy: '2025-02-30' })()
    expect(E.isLeft(badDay) && badDay.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'occurredBy' }] })
  })
})
