import { jiaxiang2024 } from './plan/jiaxiang.test-helpers.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Entry } from './envelope.js'
import { createLedger, type RecordInput } from './ledger.js'
import { memoryStore } from './memory-store.js'

const vin = (n: number): string => `LSVAM4187C${String(n).padStart(7, '0')}`
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const registration = (n: number): RecordInput => ({
  id: uuid(n),
  type: 'VehicleRegistered',
  occurredAt: '2025-03-01T09:00:00+08:00',
  recordedBy: 'public-security',
  source: { system: 'registry', recordId: `R${n}` },
  data: { vin: vin(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
})

const trade = (id: number, car: number): RecordInput => ({
  id: uuid(id),
  type: 'UsedCarTraded',
  occurredAt: '2025-04-01T09:00:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'market', recordId: `T${id}` },
  data: { vin: vin(car), market: { name: '嘉祥县二手车交易市场' }, price: 4_200_000, town: 'jiaxiang' },
})

const right = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

describe('the memory store', () => {
  it('reads several streams at once as readStream reads each, and a fresh ledger decides on them', async () => {
    const store = memoryStore()
    const first = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([registration(1), registration(2), registration(3), trade(11, 1), trade(12, 3)])())
    const streams = [...new Set(first.recorded.map((e) => e.stream))]
    expect(streams).toHaveLength(3)

    const asked = [...streams, 'vehicle-none', streams[0] as string].reverse()
    const each = (await Promise.all([...new Set(asked)].map(async (s) => right(await store.readStream(s)())))).flat()
    const together = right(await (store.readStreams as NonNullable<typeof store.readStreams>)(asked)())
    const byStream = (es: ReadonlyArray<Entry>): Entry[] => [...es].sort((a, b) => a.stream.localeCompare(b.stream) || a.revision - b.revision)
    expect(byStream(together)).toEqual(byStream(each))
    expect(together.filter((e) => e.stream === streams[0]).map((e) => e.revision)).toEqual([1, 2])

    // a fresh ledger has nothing cached: it reads the batch's streams together and decides against them
    const again = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([trade(13, 1), trade(14, 2), trade(15, 1)])())
    expect(again.recorded.map((e) => [e.stream, e.revision])).toEqual([
      [streams[0], 3],
      [streams[1], 2],
      [streams[0], 4],
    ])
  })
})
