/**
 * One of two writers racing on the same streams. Each attempt reads the
 * stream's revision, decides against it, and records with that revision
 * pinned; a CONCURRENCY_CONFLICT means the other writer got in first, so it
 * reads again and retries. Writes `ok <id> <stream> <revision> <conflicts>`
 * per attempt and `done` at the end; `ready` first, then waits for a line
 * on stdin so that both writers start together.
 */
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger } from '@policy-ledger/core'
import { once } from 'node:events'
import { writeSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'

const [file, writerArg, attemptsArg, ...vins] = process.argv.slice(2)
const writer = Number(writerArg)
const store = sqliteStore({ file: file as string })
const ledger = createLedger({ plan: jiaxiang2024, store })

const ready = await store.head()()
if (ready._tag === 'Left') throw new Error(ready.left.message)
writeSync(1, 'ready\n')
await once(process.stdin, 'data') // start together
for (let k = 0; k < Number(attemptsArg); k++) {
  const vin = vins[k % vins.length] as string
  const event = traded(vin, writer * 1_000_000 + k)
  for (let conflicts = 0; ; conflicts++) {
    const stream = await ledger.readStream(`vehicle-${vin}`)()
    if (stream._tag === 'Left') throw new Error(stream.left.message)
    await sleep(Math.random() * 3) // deciding takes time: the other writer may commit meanwhile
    const result = await ledger.record({ ...event, expectedRevision: stream.right.length })()
    if (result._tag === 'Right') {
      writeSync(1, `ok ${result.right.id} ${result.right.stream} ${result.right.revision} ${conflicts}\n`)
      break
    }
    if (result.left.code !== 'CONCURRENCY_CONFLICT' || conflicts > 100) {
      writeSync(1, `error ${result.left.code} ${result.left.message}\n`)
      process.exit(1)
    }
  }
}
writeSync(1, 'done\n')
process.exit(0)
