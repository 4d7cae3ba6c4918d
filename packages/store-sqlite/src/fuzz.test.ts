import { recordFuzz } from '@policy-ledger/testkit/fuzz'
import { afterAll } from 'vitest'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

// the ledger's entry points on a real SQLite file, 10,000 hostile inputs each (FUZZ_RUNS to change)
const temp = tempDir()
afterAll(temp.remove)
recordFuzz('SQLite', async () => sqliteStore({ file: temp.file('fuzz.db') }))
