/**
 * A writer in its own OS process, for the two-process test. It records
 * trades on two shared vehicles with no retries in the ledger, so that every
 * lost race comes back to it as CONCURRENCY_CONFLICT; it then tries again.
 * Usage: node --import tsx --conditions=@policy-ledger/source writer-process.test-helpers.ts <url> <schema> <name> <count>
 * Waits for a line on stdin before writing, so that both processes race.
 * Prints one JSON line: { positions, conflicts, otherErrors }.
 */
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { once } from 'node:events'
import { postgresStore } from './index.js'

const [url = '', schema = '', name = '', count = '0'] = process.argv.slice(2)
const store = postgresStore({ connectionString: url, schema })
const ledger = createLedger({ plan: jiaxiang2024, store, retries: 0 })

const ready = await store.head()()
if (E.isLeft(ready)) throw new Error(ready.left.message)
process.stdout.write('ready\n')
await once(process.stdin, 'data')

const positions: number[] = []
let conflicts = 0
const otherErrors: string[] = []
for (let k = 0; k < Number(count); k++) {
  const trade = input(
    'UsedCarTraded',
    { vin: vinFrom(1 + (k % 2)), market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000 + k, town: 'jiaxiang' },
    { occurredAt: '2025-04-01T09:00:00+08:00', seed: `${name}-${k}`, recordedBy: 'commerce' },
  )
  for (;;) {
    const outcome = await ledger.record(trade)()
    if (E.isRight(outcome)) {
      positions.push(outcome.right.position)
      break
    }
    if (outcome.left.code !== 'CONCURRENCY_CONFLICT') {
      otherErrors.push(`${outcome.left.code}: ${outcome.left.message}`)
      break
    }
    conflicts += 1
  }
}
process.stdout.write(`${JSON.stringify({ positions, conflicts, otherErrors })}\n`)
await store.close()
process.stdin.destroy()
