import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { packDeltas } from '../deltas.js'
import type { EntryDraft } from '../envelope.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { registry } from './index.js'
import { legacyStreamName, streamName, type KeyPart } from './streams.js'

const kinds = [...new Set([...registry.values()].map((r) => r.definition.stream.kind))]

/** Any identifier the codecs take, and more: the naming must not lean on what a codec happens to refuse. */
const part: fc.Arbitrary<KeyPart> = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: fc.constantFrom('a', 'B', '7', '-', '/', '%', '*', '2', 'F', '_', '.', ':', '镇'), minLength: 0, maxLength: 8 }),
)

describe('stream names', () => {
  it('never give two different keys of one kind the same name (property over arbitrary identifiers)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.array(part, { minLength: 1, maxLength: 4 }), fc.array(part, { minLength: 1, maxLength: 4 }), (kind, a, b) => {
        // a kind's keys have one number of parts
        const n = Math.min(a.length, b.length)
        const x = a.slice(0, n)
        const y = b.slice(0, n)
        if (streamName(kind, x) === streamName(kind, y)) expect(x).toEqual(y)
      }),
      { numRuns: 5_000 },
    )
  })

  it('never give keys of two kinds the same name: no kind is another followed by "-"', () => {
    for (const a of kinds) for (const b of kinds) if (a !== b) expect(`${b}-`.startsWith(`${a}-`), `${a} and ${b}`).toBe(false)
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom(...kinds), fc.array(part, { minLength: 1, maxLength: 3 }), fc.array(part, { minLength: 1, maxLength: 3 }), (k1, k2, a, b) => {
        if (k1 !== k2) expect(streamName(k1, a)).not.toBe(streamName(k2, b))
      }),
      { numRuns: 5_000 },
    )
  })

  it('give the pairs the old names confused names of their own: E-7 / L-1 and E / 7-L-1', () => {
    const capacity = registry.get('ProductionCapacityAssessed')?.definition.stream
    if (capacity === undefined) throw new Error('no capacity stream')
    const line = (enterpriseId: string, lineId: string) => ({ enterpriseId, lineId }) as Parameters<typeof capacity>[0]
    expect(capacity.legacy(line('E-7', 'L-1'))).toBe(capacity.legacy(line('E', '7-L-1')))
    expect(capacity(line('E-7', 'L-1'))).toBe('capacity-E-7/L-1')
    expect(capacity(line('E', '7-L-1'))).toBe('capacity-E/7-L-1')
    expect(capacity(line('E/7', 'L'))).toBe('capacity-E%2F7/L')
  })

  it('keep the name a one-part key always had, where the part holds none of % / *', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.string({ unit: fc.constantFrom('A', 'b', '9', '-', '_', '.', ':', '镇'), minLength: 1, maxLength: 12 }), (kind, id) => {
        expect(streamName(kind, [id])).toBe(legacyStreamName(kind, [id]))
      }),
    )
  })
})

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const assessed = (n: number, enterpriseId: string, lineId: string, energyLevel: 'benchmark' | 'baseline', occurredAt: string): RecordInput =>
  ({
    id: uuid(n),
    type: 'ProductionCapacityAssessed',
    occurredAt,
    recordedBy: 'industry-it',
    source: { system: 'energy-audit', recordId: `EA-${n}` },
    data: {
      enterpriseId,
      lineId,
      enterprise: { name: '嘉祥县某化工有限公司' },
      sector: 'chemicals',
      town: 'macun',
      capacity: '1000',
      capacityUnit: '吨/年',
      energyLevel,
      envGrade: 'B',
    },
  }) as RecordInput

/** A store holding what an earlier release recorded: the same assessment on the stream name it gave it. */
const withLegacyEntries = async (inputs: ReadonlyArray<RecordInput>) => {
  const store = memoryStore()
  const fresh = createLedger({ plan: jiaxiang2024, store: memoryStore() })
  for (const [k, i] of inputs.entries()) {
    // decided by today's ledger on a scratch store, then written as the earlier release named its stream
    const decided = await fresh.record(i)()
    if (E.isLeft(decided)) throw new Error(decided.left.message)
    const { hash: _h, position: _p, prevHash: _ph, recordedAt: _r, ...draft } = decided.right
    const data = draft.data as { enterpriseId: string; lineId: string }
    const entry: EntryDraft = { ...draft, stream: `capacity-${data.enterpriseId}-${data.lineId}`, revision: k + 1 }
    const appended = await store.append({ drafts: [{ entry, deltas: packDeltas([]) }], expected: [], now: Date.UTC(2025, 0, k + 1) })()
    if (E.isLeft(appended)) throw new Error(appended.left.message)
  }
  return store
}

describe('ledgers recorded before stream names were made unambiguous', () => {
  it('find an aggregate’s history on the stream its entries were sealed on, and go on there', async () => {
    const store = await withLegacyEntries([assessed(1, 'E-7', 'L-1', 'baseline', '2024-06-01T09:00:00+08:00')])
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const reassessed = await ledger.record(assessed(2, 'E-7', 'L-1', 'benchmark', '2025-06-01T09:00:00+08:00'))()
    expect(E.isRight(reassessed) && reassessed.right).toMatchObject({ stream: 'capacity-E-7-L-1', revision: 2 })
    // and again, from what the ledger remembers
    const again = await ledger.record(assessed(3, 'E-7', 'L-1', 'baseline', '2025-09-01T09:00:00+08:00'))()
    expect(E.isRight(again) && again.right).toMatchObject({ stream: 'capacity-E-7-L-1', revision: 3 })
    // a ledger that remembers nothing finds it too
    const another = await createLedger({ plan: jiaxiang2024, store }).record(assessed(4, 'E-7', 'L-1', 'benchmark', '2025-10-01T09:00:00+08:00'))()
    expect(E.isRight(another) && another.right).toMatchObject({ stream: 'capacity-E-7-L-1', revision: 4 })
    // the other key the old name confused now has a stream of its own
    const other = await ledger.record(assessed(5, 'E', '7-L-1', 'baseline', '2025-06-01T09:00:00+08:00'))()
    expect(E.isRight(other) && other.right).toMatchObject({ stream: 'capacity-E/7-L-1', revision: 1 })
  })

  it('refuse to decide against an old stream that two aggregates came to share, saying why', async () => {
    const store = await withLegacyEntries([assessed(1, 'E-7', 'L-1', 'baseline', '2024-06-01T09:00:00+08:00'), assessed(2, 'E', '7-L-1', 'baseline', '2024-07-01T09:00:00+08:00')])
    const refused = await createLedger({ plan: jiaxiang2024, store }).record(assessed(3, 'E-7', 'L-1', 'benchmark', '2025-06-01T09:00:00+08:00'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'INVARIANT_VIOLATED', stream: 'capacity-E-7-L-1', message: expect.stringMatching(/more than one aggregate/) })
  })
})

describe('an old stream two aggregates came to share', () => {
  it('takes new facts again once the stray entries are voided', async () => {
    const store = await withLegacyEntries([assessed(1, 'E-7', 'L-1', 'baseline', '2024-06-01T09:00:00+08:00'), assessed(2, 'E', '7-L-1', 'baseline', '2024-07-01T09:00:00+08:00')])
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const voided = await ledger.record({
      id: uuid(9),
      type: 'EventVoided',
      occurredAt: '2025-01-10T09:00:00+08:00',
      recordedBy: 'industry-it',
      source: { system: 'energy-audit', recordId: 'VOID-1' },
      data: { entryId: uuid(2), reason: '归入了另一条生产线的流 recorded on another line\u2019s stream', responsibleUnit: 'industry-it' },
    } as RecordInput)()
    expect(E.isRight(voided) && voided.right).toMatchObject({ stream: 'capacity-E-7-L-1' })
    const taken = await ledger.record(assessed(3, 'E-7', 'L-1', 'benchmark', '2025-06-01T09:00:00+08:00'))()
    expect(E.isRight(taken) && taken.right).toMatchObject({ stream: 'capacity-E-7-L-1', revision: 4 })
  })
})
