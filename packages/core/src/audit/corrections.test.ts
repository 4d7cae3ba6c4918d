import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../envelope.js'
import type { LedgerError } from '../errors.js'
import type { RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { loadTally } from '../projections/query.js'
import { rebuildDeltas } from '../projections/rebuild.js'
import { verifyStore } from './verify.js'
import { cellsOf, clockedLedger, opArb, readLog, recordOps, tallyOf, unwrap, uuid, vin } from './log.test-helpers.js'

const voiding = (n: number, entryId: string, recordedBy: RecordInput['recordedBy'] = 'commerce'): RecordInput => ({
  id: uuid(100_000 + n),
  type: 'EventVoided',
  occurredAt: '2026-06-01T09:00:00+08:00',
  recordedBy,
  source: { system: 'audit', recordId: `V${n}` },
  data: { entryId, reason: '重复录入 recorded twice', responsibleUnit: recordedBy },
})

const correcting = (n: number, entryId: string, data: Record<string, unknown>): RecordInput => ({
  id: uuid(200_000 + n),
  type: 'EventCorrected',
  occurredAt: '2026-06-01T09:00:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'audit', recordId: `C${n}` },
  data: { entryId, reason: '价格录入错误 wrong price', responsibleUnit: 'commerce', data },
})

const refusal = <A>(e: E.Either<LedgerError, A>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected a refusal')
  return e.left
}

/** The tally the ledger keeps from its stored deltas. */
const storedCells = async (store: ReturnType<typeof memoryStore>) => cellsOf(unwrap(await loadTally(store)()))

/** The tally of a log as if it had been recorded as given. */
const cellsOfLog = (entries: ReadonlyArray<Entry>) => cellsOf(tallyOf(unwrap(rebuildDeltas(entries))))

describe('corrections, never edits', () => {
  it('voiding e gives the projections of the log without e; the original stays and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.nat(), async (ops, pick) => {
        const store = memoryStore()
        const { ledger } = clockedLedger(store)
        const recorded = await recordOps(ledger, ops)
        fc.pre(recorded.length > 0)
        const e = recorded[pick % recorded.length] as Entry
        const before = await readLog(store)
        const voided = await ledger.record(voiding(1, e.id, e.recordedBy))()
        const after = await readLog(store)
        if (E.isLeft(voided)) {
          // a void that would leave a later fact impossible is refused, and nothing is written
          expect(voided.left.code).toBe('INVARIANT_VIOLATED')
          expect(after).toEqual(before)
          return
        }
        expect(voided.right.stream).toBe(e.stream)
        expect(after).toContainEqual(e)
        expect(await storedCells(store)).toEqual(cellsOfLog(before.filter((x) => x.id !== e.id)))
        // rebuilding from the events alone, the void included, agrees with what was stored
        expect(cellsOfLog(after)).toEqual(await storedCells(store))
        expect(unwrap(await verifyStore(store)())).toMatchObject({ ok: true, count: after.length })
      }),
      { numRuns: 60 },
    )
  })

  it('correcting e gives the projections of the log in which e had the corrected data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 1000 }), async (ops, pick, price) => {
        const store = memoryStore()
        const { ledger } = clockedLedger(store)
        const trades = (await recordOps(ledger, ops)).filter((x) => x.type === 'UsedCarTraded')
        fc.pre(trades.length > 0)
        const e = trades[pick % trades.length] as Entry
        const data = { ...(e.data as Record<string, unknown>), price, town: 'macun' }
        const before = await readLog(store)
        unwrap(await ledger.record(correcting(1, e.id, data))())
        expect(await storedCells(store)).toEqual(cellsOfLog(before.map((x) => (x.id === e.id ? { ...x, data } : x))))
        expect(cellsOfLog(await readLog(store))).toEqual(await storedCells(store))
      }),
      { numRuns: 40 },
    )
  })

  it('refuses what a correction cannot do, naming the field and writing nothing', async () => {
    const store = memoryStore()
    const { ledger } = clockedLedger(store)
    const [registration, trade] = await recordOps(ledger, [
      { kind: 'register', car: 1, day: 10, nev: true },
      { kind: 'trade', car: 1, day: 20, nev: true },
    ])
    if (registration === undefined || trade === undefined) throw new Error('setup failed')
    const head = unwrap(await store.head()())

    const unknown = refusal(await ledger.record(voiding(1, uuid(999)))())
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.entryId' }] })

    const badData = refusal(await ledger.record(correcting(2, trade.id, { ...(trade.data as object), price: -5 }))())
    expect(badData).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.data.price' }] })

    const otherStream = refusal(await ledger.record(correcting(3, trade.id, { ...(trade.data as object), vin: vin(2) }))())
    expect(otherStream).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.data' }] })
    expect(otherStream.message).toContain('void the event and record a new one')

    const missingReason = refusal(await ledger.record({ ...voiding(4, trade.id), data: { entryId: trade.id, responsibleUnit: 'commerce' } } as RecordInput)())
    expect(missingReason).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.reason' }] })
    expect(unwrap(await store.head()())).toEqual(head)

    const v = unwrap(await ledger.record(voiding(5, trade.id))())
    expect(refusal(await ledger.record(voiding(6, trade.id))())).toMatchObject({ code: 'INVARIANT_VIOLATED' })
    expect(refusal(await ledger.record(correcting(7, trade.id, trade.data as Record<string, unknown>))())).toMatchObject({ code: 'INVARIANT_VIOLATED' })
    // a correction is itself never corrected: the original is
    expect(refusal(await ledger.record(voiding(8, v.id))())).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.entryId' }] })
    // voiding the registration would leave nothing standing wrongly here (the trade is voided), so it is allowed; a fresh ledger sees the same
    unwrap(await ledger.record(voiding(9, registration.id, 'public-security'))())
    const fresh = clockedLedger(store).ledger
    expect(refusal(await fresh.record(voiding(10, registration.id, 'public-security'))())).toMatchObject({ code: 'INVARIANT_VIOLATED' })
  })

  it('a void that would make a later fact impossible is refused', async () => {
    const store = memoryStore()
    const { ledger } = clockedLedger(store)
    const [registration] = await recordOps(ledger, [
      { kind: 'register', car: 1, day: 10, nev: true },
      { kind: 'deregister', car: 1, day: 20, nev: true },
    ])
    const refused = refusal(await ledger.record(voiding(1, (registration as Entry).id, 'public-security'))())
    expect(refused).toMatchObject({ code: 'INVARIANT_VIOLATED' })
    expect(refused.message).toContain('VehicleDeregistered')
  })

  it('a retried correction is a duplicate, not a second correction', async () => {
    const { ledger } = clockedLedger()
    const [trade] = await recordOps(ledger, [{ kind: 'trade', car: 1, day: 5, nev: false }])
    const input = voiding(1, (trade as Entry).id)
    unwrap(await ledger.record(input)())
    expect(refusal(await ledger.record(input)())).toMatchObject({ code: 'DUPLICATE' })
  })

  it('offers no way to update or delete an entry', () => {
    const { ledger } = clockedLedger()
    expect(Object.keys(ledger).sort()).toEqual(['as', 'readAll', 'readStream', 'record', 'recordBatch', 'store'])
    expect(Object.keys(memoryStore()).filter((k) => /update|delete|remove|edit|put|set/i.test(k))).toEqual([])
  })
})
