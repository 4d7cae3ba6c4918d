/**
 * Appends batches of random sizes through a ledger until it is killed.
 * Before each append it writes `try <from> <count>`, after the append has
 * returned `ack <from> <count>`: the parent knows every batch that may be
 * in the file and every one that must be.
 */
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger } from '@policy-ledger/core'
import { writeSync } from 'node:fs'
import { sqliteStore } from './index.js'
import { registrations } from './children.test-helpers.js'

const [file, runArg] = process.argv.slice(2)
const run = Number(runArg)
const ledger = createLedger({ plan: jiaxiang2024, store: sqliteStore({ file: file as string }) })

let from = 0
for (;;) {
  const count = 1 + Math.floor(Math.random() * 120)
  writeSync(1, `try ${from} ${count}\n`)
  const result = await ledger.recordBatch(registrations(run, from, count))()
  if (result._tag === 'Left') {
    writeSync(1, `error ${result.left.code} ${result.left.message}\n`)
    process.exit(1)
  }
  writeSync(1, `ack ${from} ${count}\n`)
  from += count
}
