import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { Entry } from '../envelope.js'
import { createLedger, type Ledger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { emptyTally, addDeltas, tallyDeltas, type Tally } from '../projections/tally.js'
import { unpackDeltas } from '../deltas.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'

/*
 * Small generated logs for the audit tests: a few vehicles registered,
 * traded, scrapped and deregistered at random days of 2024–2026, recorded
 * one by one on a ledger whose clock advances an hour per recording (some
 * facts are reported late). Core cannot use the testkit generator, so this
 * is its own, just enough to exercise the laws.
 */

export const vin = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** 2024-01-01T00:00 in Shanghai, epoch ms */
const START = Date.UTC(2023, 11, 31, 16)
const DAY = 86_400_000
const HOUR = 3_600_000

export const occurredOn = (day: number): string => {
  const d = new Date(START + day * DAY + 10 * HOUR)
  return `${d.toISOString().slice(0, 19)}Z`
}

export interface Op {
  readonly kind: 'register' | 'deregister' | 'trade' | 'scrap'
  readonly car: number
  readonly day: number
  readonly nev: boolean
}

export const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('register', 'register', 'deregister', 'trade', 'trade', 'scrap'),
  car: fc.integer({ min: 1, max: 4 }),
  day: fc.integer({ min: 0, max: 1000 }),
  nev: fc.boolean(),
})

export const inputOf = (op: Op, n: number): RecordInput => {
  const base = { id: uuid(n), occurredAt: occurredOn(op.day), source: { system: 'test', recordId: `R${n}` } }
  const car = vin(op.car)
  switch (op.kind) {
    case 'register':
      return {
        ...base,
        type: 'VehicleRegistered',
        recordedBy: 'public-security',
        data: { vin: car, category: 'passenger-car', fuelType: op.nev ? 'bev' : 'petrol', emissionStandard: op.nev ? 'none' : 'china-6b', use: 'non-commercial', town: 'zhifang' },
      }
    case 'deregister':
      return { ...base, type: 'VehicleDeregistered', recordedBy: 'public-security', data: { vin: car, reason: 'transferred-out' } }
    case 'trade':
      return { ...base, type: 'UsedCarTraded', recordedBy: 'commerce', data: { vin: car, market: { name: '嘉祥县二手车交易市场' }, price: 1_000_000 + n, town: 'jiaxiang' } }
    case 'scrap':
      return {
        ...base,
        type: 'VehicleScrapped',
        recordedBy: 'commerce',
        data: { vin: car, category: 'passenger-car', fuelType: op.nev ? 'bev' : 'petrol', recycler: { name: '嘉祥县报废汽车回收有限公司', licence: 'JX-001' }, town: 'macun' },
      }
  }
}

/** The commerce bureau voids an entry recorded twice by mistake: input `n` of a log, on `occurredAt`. */
export const voidOf = (entryId: string, n: number, occurredAt: string): RecordInput => ({
  id: uuid(n),
  type: 'EventVoided',
  occurredAt,
  recordedBy: 'commerce',
  source: { system: 'audit', recordId: `V${n}` },
  data: { entryId, reason: '重复录入', responsibleUnit: 'commerce' },
})

/** A ledger on a memory store with a clock that moves an hour each time it is read, from 2024-01-01. */
export const clockedLedger = (store: EventStore = memoryStore()): { readonly ledger: Ledger; readonly now: () => number } => {
  let now = START
  return { ledger: createLedger({ plan: jiaxiang2024, store, clock: () => (now += HOUR) }), now: () => now }
}

/** Record the ops one by one (the ledger refuses those that contradict the stream); return what was recorded. */
export const recordOps = async (ledger: Ledger, ops: ReadonlyArray<Op>, firstId = 1): Promise<Entry[]> => {
  const recorded: Entry[] = []
  for (const [i, op] of ops.entries()) {
    const r = await ledger.record(inputOf(op, firstId + i))()
    if (E.isRight(r)) recorded.push(r.right)
  }
  return recorded
}

export const readLog = async (store: EventStore): Promise<Entry[]> => {
  const r = await store.readAll({ after: 0, limit: 1_000_000 })()
  if (E.isLeft(r)) throw new Error(r.left.message)
  return [...r.right]
}

/** A tally as plain cells, zero cells left out, for comparing two tallies. */
export const cellsOf = (tally: Tally): Record<string, { quantity: number; events: number }> => {
  const out: Record<string, { quantity: number; events: number }> = {}
  for (const { quantity, events, ...cell } of unpackDeltas(tallyDeltas(tally)))
    if (quantity !== 0 || events !== 0) out[[cell.metric, cell.town, cell.unit, cell.sector, cell.day].join('/')] = { quantity, events }
  return out
}

export const tallyOf = (deltas: Iterable<{ position: number; recordedAt: number; deltas: Float64Array }>): Tally => {
  const t = emptyTally()
  for (const d of deltas) addDeltas(t, d)
  return t
}

export const unwrap = <L extends { message: string }, A>(e: E.Either<L, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}
