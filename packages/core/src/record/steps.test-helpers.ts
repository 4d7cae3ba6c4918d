import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import * as E from 'fp-ts/lib/Either.js'
import type { Principal } from '../attestation.js'
import { inputOf, occurredOn, uuid, type Op } from '../audit/log.test-helpers.js'
import type { Entry, EntryDraft } from '../envelope.js'
import type { LedgerError } from '../errors.js'
import { packDeltas } from '../deltas.js'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { decodeAll } from './decode.js'
import type { RecordInput, Resolved } from './input.js'
import { resolve } from './resolve.js'

/*
 * Inputs and stores for the tests of each step of the record path: the audit
 * log's inputs (`inputOf`), corrections of them, and a store holding entries
 * as an earlier release wrote them.
 */

export const op = (kind: Op['kind'], car: number, day: number, n: number): RecordInput => inputOf({ kind, car, day, nev: true }, n)

/** A void of the entry `entryId`, by commerce unless said. */
export const voidOf = (n: number, entryId: string, recordedBy: RecordInput['recordedBy'] = 'commerce'): RecordInput => ({
  id: uuid(n),
  type: 'EventVoided',
  occurredAt: '2026-01-10T09:00:00+08:00',
  recordedBy,
  source: { system: 'test', recordId: `V${n}` },
  data: { entryId, reason: '重复上报 reported twice', responsibleUnit: recordedBy },
})

/** A correction of the entry `entryId` to `data`. */
export const correctionOf = (n: number, entryId: string, data: Readonly<Record<string, unknown>>, recordedBy: RecordInput['recordedBy'] = 'commerce'): RecordInput => ({
  ...voidOf(n, entryId, recordedBy),
  type: 'EventCorrected',
  data: { entryId, data, reason: '价格录错 price mistyped', responsibleUnit: recordedBy },
})

export const rightOf = <A>(e: E.Either<LedgerError, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

export const leftOf = <A>(e: E.Either<LedgerError, A>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected a refusal')
  return e.left
}

/** Inputs decoded and resolved against a store, as a batch (or one input, `single`). */
export const resolvedOn = async (store: EventStore, inputs: ReadonlyArray<RecordInput>, single = false, principal?: Principal): Promise<ReadonlyArray<Resolved>> =>
  rightOf(await resolve(store, rightOf(decodeAll(inputs, single, principal)), single, principal))

/** Write entries into a store as they stand (an earlier release's stream or id), bypassing any ledger. */
export const writeAsStored = async (store: EventStore, entries: ReadonlyArray<Entry | EntryDraft>): Promise<void> => {
  for (const [k, e] of entries.entries()) {
    const { hash: _h, position: _p, prevHash: _ph, recordedAt: _r, ...entry } = e as Entry
    rightOf(await store.append({ drafts: [{ entry, deltas: packDeltas([]) }], expected: [], now: Date.UTC(2025, 0, k + 1) })())
  }
}

/** A production line's assessment (its key has two parts, so an earlier release's stream name could confuse two keys). */
export const assessed = (n: number, enterpriseId: string, lineId: string, day: number): RecordInput =>
  ({
    id: uuid(n),
    type: 'ProductionCapacityAssessed',
    occurredAt: occurredOn(day),
    recordedBy: 'industry-it',
    source: { system: 'test', recordId: `A${n}` },
    data: { enterpriseId, lineId, enterprise: { name: '嘉祥县某化工有限公司' }, sector: 'chemicals', town: 'macun', capacity: '1000', capacityUnit: '吨/年', energyLevel: 'baseline', envGrade: 'B' },
  }) as RecordInput

/** A store holding assessments on the stream an earlier release named them by (`capacity-<enterprise>-<line>`). */
export const withLegacyStream = async (inputs: ReadonlyArray<RecordInput>): Promise<EventStore> => {
  const store = memoryStore()
  const entries: EntryDraft[] = []
  for (const [k, i] of inputs.entries()) {
    // decided by today's ledger on a scratch store, then placed as the earlier release named its stream
    const entry = rightOf(await createLedger({ plan: jiaxiang2024, store: memoryStore() }).record(i)())
    const { enterpriseId, lineId } = entry.data as { enterpriseId: string; lineId: string }
    entries.push({ ...entry, stream: `capacity-${enterpriseId}-${lineId}`, revision: k + 1 })
  }
  await writeAsStored(store, entries)
  return store
}
