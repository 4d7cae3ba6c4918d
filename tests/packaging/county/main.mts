/*
 * A county system's first program against the published packages, installed
 * from their tarballs: a ledger on an SQLite file, one event, a report.
 * tests/packaging.test.ts type-checks it under node16, nodenext and bundler
 * resolution and runs it. (.mts: the monorepo's own type-check, which cannot
 * resolve the packages from tests/, leaves it to that test.)
 */
import { createLedger, loadTally, report } from '@policy-ledger/core'
import { toCsv } from '@policy-ledger/export'
import { jiaxiang2024 as plan } from '@policy-ledger/plan-jiaxiang-2024'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import * as E from 'fp-ts/lib/Either.js'

const file = process.argv[2] ?? 'ledger.db'
const store = sqliteStore({ file })
const ledger = createLedger({ store, plan })

const recorded = await ledger.record({
  id: '6f1c2a9e-8d3b-4c57-9e21-5b7d0c4a1f36',
  type: 'VehicleScrapped',
  occurredAt: '2025-06-30T10:00:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'recycler-portal', recordId: 'BF-2025-00912' },
  data: {
    vin: 'LSVAM4187C2184847',
    category: 'passenger-car',
    fuelType: 'bev',
    recycler: { name: '嘉祥县再生资源回收有限公司', licence: 'SD-JN-BF-017' },
    town: 'macun',
  },
})()
if (E.isLeft(recorded)) throw new Error(recorded.left.message)

const tally = await loadTally(store)()
if (E.isLeft(tally)) throw new Error(tally.left.message)
const reported = report(plan, tally.right, { year: 2025 })
if (E.isLeft(reported)) throw new Error(reported.left.message)

console.log(`recorded at position ${recorded.right.position}`)
process.stdout.write(toCsv(plan, reported.right))
await store.close()
