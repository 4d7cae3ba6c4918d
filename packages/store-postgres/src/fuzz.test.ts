import { recordFuzz } from '@policy-ledger/testkit/fuzz'
import { afterAll, inject } from 'vitest'
import { dropSchema, freshSchema, openStore } from './fixtures.test-helpers.js'

// the ledger's entry points on a real PostgreSQL (the package's server), 10,000 hostile inputs each (FUZZ_RUNS to change)
const url = inject('databaseUrl')
const schema = freshSchema('fuzz')
afterAll(() => dropSchema(url, schema))
recordFuzz('PostgreSQL', async () => openStore(url, schema))
