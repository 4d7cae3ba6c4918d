import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { eventTypes, type EventType } from '../events/index.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { definePlan } from '../plan/define.js'
import { inputOf, unwrap, uuid } from '../audit/log.test-helpers.js'
import { allowAll, measuresOf, planPolicy } from './policy.js'

const trade = inputOf({ kind: 'trade', car: 1, day: 100, nev: false }, 1)
const as = (input: RecordInput, recordedBy: RecordInput['recordedBy']): RecordInput => ({ ...input, recordedBy })

describe('who may record what', () => {
  it('by default refuses a department the plan does not name for the measure, and writes nothing', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const refused = await ledger.record(as(trade, 'public-security'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'public-security', type: 'UsedCarTraded' })
    expect(E.isLeft(refused) && refused.left.message).toContain('县公安局不是措施（十七）推动汽车以旧换新')
    expect(unwrap(await store.head()()).position).toBe(0)
    // in a batch, the refused input is named and nothing of the batch is written
    const batch = await ledger.recordBatch([as(trade, 'commerce'), as(inputOf({ kind: 'trade', car: 2, day: 1, nev: false }, 2), 'health')])()
    expect(E.isLeft(batch) && batch.left).toMatchObject({ code: 'NOT_ALLOWED', index: 1 })
    expect(unwrap(await store.head()()).position).toBe(0)
  })

  it('lets each town record the facts of its own area only; 各镇街 and 县经开区 are no master keys', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    // the trade is of 嘉祥街道 (town: 'jiaxiang')
    unwrap(await ledger.record(as(trade, 'town-jiaxiang'))())
    const refusals = [
      ['town-macun', '马村镇只记录本辖区（马村镇）的事实，此事实属嘉祥街道'],
      ['development-zone', '县经开区只记录本辖区（嘉祥经济开发区）的事实，此事实属嘉祥街道'],
      ['towns', '各镇街代表所有镇街，不再记录新事实'],
    ] as const
    for (const [unit, why] of refusals) {
      const refused = await ledger.record(as(inputOf({ kind: 'trade', car: 2, day: 1, nev: false }, 2), unit))()
      expect(E.isLeft(refused) && refused.left, unit).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: unit })
      expect(E.isLeft(refused) && refused.left.message, unit).toContain(why)
    }
    // a fact of no town (a deregistration names none) is not a town's to record, nor one the plan does not name it for
    const deregistered = await ledger.record(as(inputOf({ kind: 'deregister', car: 1, day: 2, nev: false }, 3), 'town-jiaxiang'))()
    expect(E.isLeft(deregistered) && deregistered.left.message).toContain('此事实不属任何镇街')
    expect(unwrap(await store.head()()).position).toBe(1)
    // the development zone records its own area's facts
    const inZone = inputOf({ kind: 'trade', car: 3, day: 1, nev: false }, 4)
    unwrap(await ledger.record(as({ ...inZone, data: { ...(inZone.data as object), town: 'development-zone' } } as RecordInput, 'development-zone'))())
  })

  it('allows lead and responsible units, and what the county grants', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    unwrap(await ledger.record(as(trade, 'commerce'))())
    const granted = createLedger({ plan: jiaxiang2024, store: memoryStore(), authorize: planPolicy(jiaxiang2024, { grants: { health: ['UsedCarTraded'] } }) })
    unwrap(await granted.record(as(trade, 'health'))())
    unwrap(await createLedger({ plan: jiaxiang2024, store: memoryStore(), authorize: allowAll }).record(as(trade, 'finance'))())
  })

  it('judges a correction as the fact it leaves standing', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
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

  it('judges a correction on the fact as it stands too: no town takes another’s fact into its area, nor voids one moved away', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const a = unwrap(await ledger.record(as(trade, 'town-jiaxiang'))())
    const b = unwrap(await ledger.record(as(inputOf({ kind: 'trade', car: 2, day: 100, nev: false }, 2), 'town-jiaxiang'))())
    const correcting = (n: number, entry: typeof a, recordedBy: RecordInput['recordedBy'], town: string): RecordInput => ({
      id: uuid(910 + n),
      type: 'EventCorrected',
      occurredAt: '2026-01-05T09:00:00+08:00',
      recordedBy,
      source: { system: 'audit', recordId: `C${n}` },
      data: { entryId: entry.id, reason: '镇街填错 wrong town', responsibleUnit: recordedBy, data: { ...(entry.data as object), town } },
    })
    const voiding = (n: number, entry: typeof a, recordedBy: RecordInput['recordedBy']): RecordInput => ({
      id: uuid(920 + n),
      type: 'EventVoided',
      occurredAt: '2026-01-05T09:00:00+08:00',
      recordedBy,
      source: { system: 'audit', recordId: `V${n}` },
      data: { entryId: entry.id, reason: '误录 recorded in error', responsibleUnit: recordedBy },
    })
    // 马村镇 may not move 嘉祥街道's fact into its own area
    const taken = await ledger.record(correcting(1, a, 'town-macun', 'macun'))()
    expect(E.isLeft(taken) && taken.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'town-macun' })
    expect(E.isLeft(taken) && taken.left.message).toContain('此事实属嘉祥街道')
    // the county department moves b to 马村镇: then 嘉祥街道 may no longer void it, and 马村镇 may
    unwrap(await ledger.record(correcting(2, b, 'commerce', 'macun'))())
    const head = unwrap(await store.head()()).position
    const stale = await ledger.record(voiding(1, b, 'town-jiaxiang'))()
    expect(E.isLeft(stale) && stale.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'town-jiaxiang' })
    expect(unwrap(await store.head()()).position).toBe(head)
    unwrap(await ledger.record(voiding(2, b, 'town-macun'))())
  })

  it('maps every event type to measures of the plan, each with a unit that may record it', () => {
    const sample: Record<string, unknown> = { StatisticReported: { statistic: 'mechanisation-rate' } }
    for (const type of eventTypes as ReadonlyArray<EventType>) {
      const measures = measuresOf(jiaxiang2024)(type, sample[type] ?? {}) ?? []
      expect(measures.length, type).toBeGreaterThan(0)
      for (const n of measures) expect(jiaxiang2024.measureByNumber.has(n), `${type} → ${n}`).toBe(true)
      const policy = planPolicy(jiaxiang2024)
      const allowed = jiaxiang2024.recorders.filter((u) => E.isRight(policy({ type, recordedBy: u.code, data: sample[type] ?? {} })))
      // no unit is a master key: the towns' and the zone's own units pass only for a fact of their own area, which this sample is not
      expect(allowed.filter((u) => jiaxiang2024.areaOf.has(u.code) || u.code === 'towns'), type).toEqual([])
      expect(allowed.length, type).toBeGreaterThan(0)
    }
  })

  it('refuses every fact of a type the plan names no measure for, and lets any unit of a plan without recording rules record', () => {
    const { recording: _, ...open } = jiaxiang2024
    const withoutRules = definePlan(open)
    if (E.isLeft(withoutRules)) throw new Error(withoutRules.left.message)
    const request = { type: 'UsedCarTraded' as const, recordedBy: 'health', data: trade.data }
    expect(planPolicy(withoutRules.right)(request)).toEqual(E.right(undefined))
    // a town's own unit still records only its own area's facts
    expect(planPolicy(withoutRules.right)({ ...request, recordedBy: 'town-macun' })).toMatchObject({ left: expect.stringContaining('此事实属嘉祥街道') })
    const { UsedCarTraded: __, ...byType } = jiaxiang2024.recording?.byType ?? {}
    const unnamed = definePlan({ ...jiaxiang2024, recording: { ...jiaxiang2024.recording, byType } })
    if (E.isLeft(unnamed)) throw new Error(unnamed.left.message)
    expect(planPolicy(unnamed.right)({ ...request, recordedBy: 'commerce' })).toMatchObject({ left: expect.stringContaining('未规定谁可记录 UsedCarTraded') })
  })
})
