import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { eventTypes, type EventType } from '../events/index.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { measureByNumber } from '../plan/plan.js'
import { units } from '../plan/units.js'
import { inputOf, unwrap, uuid } from './log.test-helpers.js'
import { allowAll, measuresOf, planPolicy } from './policy.js'

const trade = inputOf({ kind: 'trade', car: 1, day: 100, nev: false }, 1)
const as = (input: RecordInput, recordedBy: RecordInput['recordedBy']): RecordInput => ({ ...input, recordedBy })

describe('who may record what', () => {
  it('by default refuses a department the plan does not name for the measure, and writes nothing', async () => {
    const store = memoryStore()
    const ledger = createLedger({ store })
    const refused = await ledger.record(as(trade, 'public-security'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'public-security', type: 'UsedCarTraded' })
    expect(E.isLeft(refused) && refused.left.message).toContain('县公安局不是措施（十七）推动汽车以旧换新')
    expect(unwrap(await store.head()()).position).toBe(0)
    // in a batch, the refused input is named and nothing of the batch is written
    const batch = await ledger.recordBatch([as(trade, 'commerce'), as(inputOf({ kind: 'trade', car: 2, day: 1, nev: false }, 2), 'health')])()
    expect(E.isLeft(batch) && batch.left).toMatchObject({ code: 'NOT_ALLOWED', index: 1 })
    expect(unwrap(await store.head()()).position).toBe(0)
  })

  it('allows lead and responsible units, the towns for every measure, and what the county grants', async () => {
    const ledger = createLedger({ store: memoryStore() })
    unwrap(await ledger.record(as(trade, 'commerce'))())
    unwrap(await ledger.record(as(inputOf({ kind: 'trade', car: 2, day: 1, nev: false }, 2), 'towns'))())
    unwrap(await ledger.record(as(inputOf({ kind: 'trade', car: 3, day: 1, nev: false }, 3), 'development-zone'))())
    const granted = createLedger({ store: memoryStore(), authorize: planPolicy({ grants: { health: ['UsedCarTraded'] } }) })
    unwrap(await granted.record(as(trade, 'health'))())
    unwrap(await createLedger({ store: memoryStore(), authorize: allowAll }).record(as(trade, 'finance'))())
  })

  it('judges a correction as the fact it leaves standing', async () => {
    const ledger = createLedger({ store: memoryStore() })
    const recorded = unwrap(await ledger.record(trade)())
    const voiding = (recordedBy: RecordInput['recordedBy']): RecordInput => ({
      id: uuid(900),
      type: 'EventVoided',
      occurredAt: '2026-01-05T09:00:00+08:00',
      recordedBy,
      source: { system: 'audit', recordId: 'V1' },
      data: { entryId: recorded.id, reason: '误录', responsibleUnit: recordedBy },
    })
    const refused = await ledger.record(voiding('health'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'NOT_ALLOWED', type: 'EventVoided' })
    unwrap(await ledger.record(voiding('commerce'))())
  })

  it('maps every event type to measures of the plan, each with a unit that may record it', () => {
    const sample: Record<string, unknown> = { StatisticReported: { statistic: 'mechanisation-rate' } }
    for (const type of eventTypes as ReadonlyArray<EventType>) {
      const measures = measuresOf(type, sample[type] ?? {})
      expect(measures.length, type).toBeGreaterThan(0)
      for (const n of measures) expect(measureByNumber.has(n), `${type} → ${n}`).toBe(true)
      const allowed = units.filter((u) => planPolicy()({ type, recordedBy: u.code, data: sample[type] ?? {} }) === undefined)
      // the towns answer for every measure; some department besides them must lead or answer for each kind of fact
      expect(allowed.filter((u) => u.code !== 'towns' && u.code !== 'development-zone').length, type).toBeGreaterThan(0)
    }
  })
})
