/**
 * A writer in its own process: records each event it reads on stdin (one JSON line each) on the
 * ledger in `file`, and answers each with a line, `ok` or the error's code. One ledger for the
 * whole run, so its cache holds what it decided before, whatever another process wrote since.
 */
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type RecordInput } from '@policy-ledger/core'
import { writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { sqliteStore } from './index.js'

const ledger = createLedger({ plan: jiaxiang2024, store: sqliteStore({ file: process.argv[2] as string }) })
writeSync(1, 'ready\n')
for await (const line of createInterface({ input: process.stdin })) {
  const result = await ledger.record(JSON.parse(line) as RecordInput)()
  writeSync(1, `${result._tag === 'Right' ? 'ok' : result.left.code}\n`)
}
