import { jiaxiang2024 } from './plan/jiaxiang.test-helpers.js'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { LedgerError } from './errors.js'
import { createLedger, type RecordInput } from './ledger.js'
import { packDeltas } from './deltas.js'
import { memoryStore } from './memory-store.js'

const vin = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const registration = (n: number, occurredAt = '2025-03-01T09:00:00+08:00'): RecordInput => ({
  id: uuid(n),
  type: 'VehicleRegistered',
  occurredAt,
  recordedBy: 'public-security',
  source: { system: 'registry', recordId: `R${n}` },
  data: { vin: vin(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
})

const trade = (id: number, car: number, occurredAt: string): RecordInput => ({
  id: uuid(id),
  type: 'UsedCarTraded',
  occurredAt,
  recordedBy: 'commerce',
  source: { system: 'market', recordId: `T${id}` },
  data: { vin: vin(car), market: { name: '嘉祥县二手车交易市场' }, price: 4_200_000, town: 'jiaxiang' },
})

const scrap = (id: number, car: number, occurredAt: string): RecordInput => ({
  id: uuid(id),
  type: 'VehicleScrapped',
  occurredAt,
  recordedBy: 'commerce',
  source: { system: 'recycler', recordId: `S${id}` },
  data: { vin: vin(car), category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收有限公司', licence: 'JX-001' }, town: 'macun' },
})

const leftOf = <A>(e: E.Either<LedgerError, A>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected a refusal')
  return e.left
}

/** Wrong values of every kind, none of which any field accepts in the place of a valid one. */
const wrongFor: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.constantFrom('', 'not-a-uuid', 42, null, '00000000-0000-0000-0000-000000000000'),
  occurredAt: fc.constantFrom('2025-03-01', '2025-02-30T09:00:00+08:00', '2025-03-01T09:00:00', 'yesterday', 0),
  recordedBy: fc.constantFrom('nobody', '', 7, '县商务局'),
  'source.system': fc.constantFrom('', 'has space', 3),
  'data.vin': fc.constantFrom('', 'SHORT', 'LSVAM4187C21848IO', 17),
  'data.category': fc.constantFrom('car', '', null),
  'data.fuelType': fc.constantFrom('electric', 'BEV', 1),
  'data.town': fc.constantFrom('atlantis', 'Zhifang', ''),
}

const setPath = (o: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
  const [head, ...rest] = path.split('.') as [string, ...string[]]
  if (rest.length === 0) return { ...o, [head]: value }
  return { ...o, [head]: setPath((o[head] ?? {}) as Record<string, unknown>, rest.join('.'), value) }
}

describe('recording', () => {
  it('rejects any malformed field with its path and writes nothing (property)', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    await ledger.record(registration(1))()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(wrongFor)).chain((path) => fc.tuple(fc.constant(path), wrongFor[path] as fc.Arbitrary<unknown>)),
        fc.integer({ min: 2, max: 1000 }),
        async ([path, wrong], n) => {
          const bad = setPath(registration(n) as unknown as Record<string, unknown>, path, wrong) as unknown as RecordInput
          const error = leftOf(await ledger.record(bad)())
          expect(error.code).toBe('VALIDATION_FAILED')
          if (error.code === 'VALIDATION_FAILED') expect(error.issues.map((i) => i.path)).toContain(path)
          expect(E.isRight(await store.head()()) && (await store.head()())).toMatchObject({ right: { position: 1 } })
        },
      ),
      { numRuns: 200 },
    )
  })

  it('never crashes on arbitrary input: a validation error, and nothing written (property)', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (junk) => {
        const error = leftOf(await ledger.record(junk as RecordInput)())
        expect(error.code).toBe('VALIDATION_FAILED')
        expect(error.message.length).toBeGreaterThan(0)
      }),
      { numRuns: 300 },
    )
    expect(await store.head()()).toMatchObject({ right: { position: 0 } })
  })

  it('names the input of a batch that failed, and writes none of the batch', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const bad = { ...registration(3), data: { ...registration(3).data, totalInvestment: -5 } } as unknown as RecordInput
    const error = leftOf(await ledger.recordBatch([registration(1), registration(2), bad])())
    expect(error.code).toBe('VALIDATION_FAILED')
    if (error.code === 'VALIDATION_FAILED') expect(error.issues).toEqual([{ index: 2, path: 'data.totalInvestment', reason: '不是机动车注册登记（VehicleRegistered）的字段 / not a field of VehicleRegistered (Vehicle registered)' }])
    expect(await store.head()()).toMatchObject({ right: { position: 0 } })
  })

  it('reports money refused in the words a developer acts on', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    const error = leftOf(await ledger.record({ ...trade(9, 1, '2025-04-01T09:00:00+08:00'), data: { ...trade(9, 1, '2025-04-01T09:00:00+08:00').data, price: -5 } } as RecordInput)())
    expect(error.message).toBe('data.price: 应为非负整数金额（分），收到 -5 / expected a non-negative amount in 分 (integer), got -5')
  })

  it('checks a late report against what occurred after it', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    await ledger.recordBatch([registration(1), trade(10, 1, '2025-06-01T09:00:00+08:00')])()
    // reported late: the car was scrapped in May, yet traded in June
    const error = leftOf(await ledger.record(scrap(11, 1, '2025-05-01T09:00:00+08:00'))())
    expect(error.code).toBe('INVARIANT_VIOLATED')
    expect(error.message).toContain(`UsedCarTraded ${uuid(10)}`)
    expect(error.message).toContain('scrapped on 2025-05-01')
    // a late report that fits is recorded where it belongs
    const ok = await ledger.record(trade(12, 1, '2025-04-01T09:00:00+08:00'))()
    expect(E.isRight(ok)).toBe(true)
  })

  it('asks the authorisation hook and writes nothing it refuses', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store, authorize: ({ type, recordedBy }) => (type === 'VehicleScrapped' && recordedBy !== 'commerce' ? E.left('scrapping is recorded by 县商务局') : E.right(undefined)) })
    const error = leftOf(await ledger.record({ ...scrap(1, 1, '2025-05-01T09:00:00+08:00'), recordedBy: 'health' })())
    expect(error).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'health', type: 'VehicleScrapped' })
    expect(await store.head()()).toMatchObject({ right: { position: 0 } })
    expect(E.isRight(await ledger.record(scrap(1, 1, '2025-05-01T09:00:00+08:00'))())).toBe(true)
  })

  it('records concurrent calls on one ledger one after another, none refused', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    await ledger.record(registration(1))()
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, k) => ledger.record(trade(200 + k, 1, '2025-06-01T09:00:00+08:00'))()))
    expect(outcomes.every(E.isRight)).toBe(true)
    expect(await store.head()()).toMatchObject({ right: { position: 21 } })
  })

  it('never forks a stream or repeats a position, however concurrent calls interleave (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 30 }), async (calls) => {
        const store = memoryStore()
        const writers = [createLedger({ plan: jiaxiang2024, store }), createLedger({ plan: jiaxiang2024, store }), createLedger({ plan: jiaxiang2024, store })]
        await writers[0]?.recordBatch([1, 2, 3].map((n) => registration(n)))()
        const outcomes = await Promise.all(calls.map(([w, car], k) => (writers[w] ?? writers[0])!.record(trade(100 + k, car, '2025-06-01T09:00:00+08:00'))()))
        // another writer may win every retry; then the loser is told so, never half-written
        expect(outcomes.filter(E.isLeft).map((o) => o.left.code).every((c) => c === 'CONCURRENCY_CONFLICT')).toBe(true)
        const log = await store.readAll({ after: 0, limit: 1000 })()
        if (E.isLeft(log)) throw new Error(log.left.message)
        expect(log.right).toHaveLength(3 + outcomes.filter(E.isRight).length)
        expect(log.right.map((e) => e.position)).toEqual(log.right.map((_, i) => i + 1))
        for (const car of [1, 2, 3]) {
          const revisions = log.right.filter((e) => e.stream === `vehicle-${vin(car)}`).map((e) => e.revision)
          expect(revisions).toEqual(revisions.map((_, i) => i + 1))
        }
      }),
      { numRuns: 50 },
    )
  })
})

describe('what is sealed is what was validated', () => {
  /** A deep copy taken by JSON, for comparing what was stored with what was stated at the call. */
  const snapshotOf = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

  /** Ways a caller can change an input after handing it over. */
  const mutations: ReadonlyArray<(i: Record<string, any>) => void> = [
    (i) => (i.data.price = -5),
    (i) => (i.data.unknown = 'slipped in'),
    (i) => delete i.data.vin,
    (i) => (i.data.market.name = 'someone else'),
    (i) => (i.occurredAt = '2020-01-01T00:00:00+08:00'),
    (i) => (i.source.recordId = 'changed'),
  ]

  it('stores the input as it stood at the call, whatever the caller changes afterwards, sooner or later (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(mutations.length - 1), fc.constantFrom('now', 'tick', 'timer')), { minLength: 1, maxLength: 5 }), fc.boolean(), async (changes, batch) => {
        const store = memoryStore()
        const ledger = createLedger({ plan: jiaxiang2024, store })
        await ledger.record(registration(1))()
        const input = trade(2, 1, '2025-06-01T09:00:00+08:00') as unknown as Record<string, any>
        const stated = snapshotOf(input)
        const task = batch ? ledger.recordBatch([input as unknown as RecordInput]) : ledger.record(input as unknown as RecordInput)
        const running: Promise<E.Either<unknown, unknown>> = task()
        for (const [which, when] of changes) {
          if (when === 'tick') await Promise.resolve()
          if (when === 'timer') await new Promise((r) => setTimeout(r, 0))
          ;(mutations[which] as (i: Record<string, any>) => void)(input)
        }
        expect(E.isRight(await running)).toBe(true)
        const log = await store.readAll({ after: 1, limit: 10 })()
        if (E.isLeft(log)) throw new Error(log.left.message)
        const stored = log.right[0]
        expect(stored && { occurredAt: stored.occurredAt, source: stored.source, data: stored.data }).toEqual({
          occurredAt: (stated as Record<string, unknown>).occurredAt,
          source: (stated as Record<string, unknown>).source,
          data: (stated as Record<string, unknown>).data,
        })
      }),
      { numRuns: 100 },
    )
  })

  it('reads a getter once, and seals what it answered then', async () => {
    const store = memoryStore()
    await createLedger({ plan: jiaxiang2024, store }).record(registration(1))()
    let reads = 0
    const base = trade(2, 1, '2025-06-01T09:00:00+08:00')
    const data = { ...(base.data as object) }
    Object.defineProperty(data, 'price', { enumerable: true, get: () => (reads++ === 0 ? 4_200_000 : -999_999) })
    const recorded = await createLedger({ plan: jiaxiang2024, store }).record({ ...base, data } as RecordInput)()
    expect(reads).toBe(1)
    expect(E.isRight(recorded) && recorded.right.data).toMatchObject({ price: 4_200_000 })
  })

  it('takes an object’s own fields only: one inherited through its prototype is missing', async () => {
    const base = trade(2, 1, '2025-06-01T09:00:00+08:00')
    const { vin: inherited, ...own } = base.data as { vin: string }
    const data = Object.assign(Object.create({ vin: inherited }) as object, own)
    const refused = leftOf(await createLedger({ plan: jiaxiang2024, store: memoryStore() }).record({ ...base, data } as RecordInput)())
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.vin', reason: expect.stringMatching(/missing/) }] })
  })

  it('refuses, as a field, a key named __proto__, a getter that throws, and nesting too deep, writing nothing', async () => {
    const store = memoryStore()
    const base = trade(2, 1, '2025-06-01T09:00:00+08:00')
    const poisoned = JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(base.data).slice(1)}`) as object
    const throwing = Object.defineProperty({ ...(base.data as object) }, 'price', {
      enumerable: true,
      get: () => {
        throw new Error('gone')
      },
    })
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i++) deep = [deep]
    const ledger = createLedger({ plan: jiaxiang2024, store })
    expect(leftOf(await ledger.record({ ...base, data: poisoned } as RecordInput)())).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.__proto__' }] })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(leftOf(await ledger.record({ ...base, data: throwing } as RecordInput)())).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'data.price', reason: expect.stringMatching(/could not be read/) }] })
    expect(leftOf(await ledger.record({ ...base, data: { ...(base.data as object), market: deep } } as RecordInput)())).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: expect.stringMatching(/^data\.market(\[0\])+$/), reason: expect.stringMatching(/nested more than/) }],
    })
    expect(await store.head()()).toMatchObject({ right: { position: 0 } })
  })
})

describe('ids in one canonical form', () => {
  const upper = (input: RecordInput): RecordInput => ({ ...input, id: input.id.toUpperCase() })
  const voidOf = (n: number, entryId: string): RecordInput => ({
    id: uuid(900_000 + n),
    type: 'EventVoided',
    occurredAt: '2026-06-01T09:00:00+08:00',
    recordedBy: 'public-security',
    source: { system: 'audit', recordId: `V${n}` },
    data: { entryId, reason: '重复录入 recorded twice', responsibleUnit: 'public-security' },
  })

  it('records an upper-case UUID in lower case, and the same id in either case once', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    const input = { ...registration(1), id: '6F1C2A9E-8D3B-4C57-9E21-5B7D0C4A1F36' }
    const first = await ledger.record(input)()
    expect(E.isRight(first) && first.right.id).toBe('6f1c2a9e-8d3b-4c57-9e21-5b7d0c4a1f36')
    expect(leftOf(await ledger.record({ ...input, id: input.id.toLowerCase() })()).code).toBe('DUPLICATE')
    expect(leftOf(await ledger.record(input)()).code).toBe('DUPLICATE')
    const batch = await ledger.recordBatch([registration(2), upper(registration(2))])()
    expect(E.isRight(batch) && batch.right.recorded.map((e) => e.id)).toEqual([uuid(2)])
  })

  it('finds the entry a correction names in upper case, and seals the id as recorded', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    await ledger.record(registration(3))()
    const voided = await ledger.record(voidOf(1, uuid(3).toUpperCase()))()
    expect(E.isRight(voided) && voided.right.data).toMatchObject({ entryId: uuid(3) })
  })

  it('knows an id an earlier release kept in upper case: not recorded again in lower case, and correctable', async () => {
    const store = memoryStore()
    const scratch = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    const decided = await scratch.record(registration(4))()
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    const { hash: _h, position: _p, prevHash: _ph, recordedAt: _r, ...draft } = decided.right
    const kept = { ...draft, id: draft.id.toUpperCase() }
    expect(E.isRight(await store.append({ drafts: [{ entry: kept, deltas: packDeltas([]) }], expected: [], now: 0 })())).toBe(true)
    const ledger = createLedger({ plan: jiaxiang2024, store })
    expect(leftOf(await ledger.record(registration(4))()).code).toBe('DUPLICATE')
    const voided = await ledger.record(voidOf(2, uuid(4)))()
    expect(E.isRight(voided) && voided.right.data).toMatchObject({ entryId: uuid(4).toUpperCase() })
  })
})
