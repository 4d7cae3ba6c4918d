import { storeConformance } from '@policy-ledger/testkit/conformance'
import { inject } from 'vitest'
import { dropSchema, freshSchema, openStore } from './fixtures.test-helpers.js'

const url = inject('databaseUrl')

// each test its own schema on the shared server; `another` is a second pool on it, as another process would have
storeConformance('postgres', async () => {
  const schema = freshSchema('conformance')
  const store = openStore(url, schema)
  const others: ReturnType<typeof openStore>[] = []
  return {
    store,
    another: async () => {
      const other = openStore(url, schema)
      others.push(other)
      return other
    },
    dispose: async () => {
      await Promise.all([store, ...others].map((s) => s.close()))
      await dropSchema(url, schema)
    },
  }
})
