// The README's embedding snippet, kept here so that `pnpm typecheck` compiles it (tests/readme.test.ts holds the two together).
import { createLedger, memoryStore } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import * as E from 'fp-ts/lib/Either.js'

const ledger = createLedger({ store: memoryStore(), plan: jiaxiang2024 })

const outcome = await ledger.record({
  id: '6f1c2a9e-8d3b-4c57-9e21-5b7d0c4a1f36', // your UUID: the idempotency key
  type: 'VehicleScrapped',
  occurredAt: '2025-12-31T23:30:00+08:00', // business time, with its offset
  recordedBy: 'commerce', // 县商务局
  source: { system: 'recycler-portal', recordId: 'BF-2025-00912' },
  data: {
    vin: 'LSVAM4187C2184847',
    category: 'passenger-car',
    fuelType: 'bev',
    recycler: { name: '嘉祥县再生资源回收有限公司', licence: 'SD-JN-BF-017' },
    town: 'macun',
  },
})()

if (E.isLeft(outcome)) {
  // outcome.left.code: VALIDATION_FAILED | NOT_ALLOWED | INVARIANT_VIOLATED |
  // CONCURRENCY_CONFLICT | DUPLICATE | ID_CONFLICT | NOT_FOUND | STORAGE_FAILED
  console.error(outcome.left.message)
} else {
  console.log(`recorded at position ${outcome.right.position}, hash ${outcome.right.hash}`)
}
