/**
 * Embedding policy-ledger in a county system: record events, handle every
 * kind of error, read them back. Run it with `pnpm example:embed`.
 *
 * It uses the in-memory store so that it runs anywhere; a real system opens
 * a durable store instead and passes it to `createLedger` the same way.
 */
import { createLedger, memoryStore, type LedgerError, type RecordInput } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import * as E from 'fp-ts/lib/Either.js'

const ledger = createLedger({ store: memoryStore(), plan: jiaxiang2024 })

/** What a county system would do with each outcome. */
const explain = (label: string, outcome: E.Either<LedgerError, unknown>): void => {
  if (E.isRight(outcome)) return console.log(`✓ ${label}: recorded`)
  const error = outcome.left
  switch (error.code) {
    case 'VALIDATION_FAILED': // fix the input: each issue names the field and the reason
      return console.log(`✗ ${label}: rejected\n${error.issues.map((i) => `    ${i.path}: ${i.reason}`).join('\n')}`)
    case 'DUPLICATE': // already recorded: safe to treat as success (retries are idempotent)
      return console.log(`= ${label}: already recorded at position ${error.entry.position}`)
    case 'ID_CONFLICT': // the id was used for something else: a bug in the caller's ids
    case 'INVARIANT_VIOLATED': // the fact contradicts what the ledger knows
    case 'NOT_ALLOWED': // this department may not record this kind of fact
      return console.log(`✗ ${label}: ${error.code}: ${error.message}`)
    case 'CONCURRENCY_CONFLICT': // someone else wrote to the stream first: read again and retry
      return console.log(`↻ ${label}: ${error.message}`)
    case 'NOT_FOUND':
    case 'STORAGE_FAILED': // the store is unavailable: retry later
      return console.log(`! ${label}: ${error.message}`)
  }
}

const vin = 'LSVAM4187C2184847'
const registration: RecordInput = {
  id: '6f1c2a9e-8d3b-4c57-9e21-5b7d0c4a1f36',
  type: 'VehicleRegistered',
  occurredAt: '2024-05-06T10:15:00+08:00',
  recordedBy: 'public-security',
  source: { system: 'jiaxiang-vehicle-registry', recordId: 'DJ-2024-051233' },
  data: { vin, category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
}
const scrapping: RecordInput = {
  id: '0d8b7e52-1c4f-4a6b-b8e3-7f2a9c5d1e04',
  type: 'VehicleScrapped',
  occurredAt: '2025-12-31T23:30:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'recycler-portal', recordId: 'BF-2025-00912' },
  data: { vin, category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县再生资源回收有限公司', licence: 'SD-JN-BF-017' }, town: 'macun' },
}

explain('registration', await ledger.record(registration)())
explain('the same registration again', await ledger.record(registration)())
explain('scrapping', await ledger.record(scrapping)())
explain(
  'a trade after scrapping',
  await ledger.record({
    id: '9a3e1f70-2b6d-4c88-a1f5-3d9e7b0c2a11',
    type: 'UsedCarTraded',
    occurredAt: '2026-02-01T09:00:00+08:00',
    recordedBy: 'commerce',
    source: { system: 'used-car-market', recordId: 'ESC-2026-0001' },
    data: { vin, market: { name: '嘉祥县二手车交易市场' }, price: 3_500_000, town: 'jiaxiang' },
  })(),
)
explain(
  'a malformed record',
  await ledger.record({ ...registration, id: 'not-a-uuid', data: { ...registration.data, town: 'atlantis' } } as RecordInput)(),
)
explain('a stale expected revision', await ledger.record({ ...scrapping, id: '5c0f6a3b-7e1d-4f29-8b64-1a2c3d4e5f60', expectedRevision: 0 })())

const stream = await ledger.readStream(`vehicle-${vin}`)()
if (E.isRight(stream))
  for (const e of stream.right) console.log(`#${e.position} r${e.revision} ${e.type} occurred ${e.occurredAt} recorded ${e.recordedAt} ${e.hash.slice(0, 19)}…`)
