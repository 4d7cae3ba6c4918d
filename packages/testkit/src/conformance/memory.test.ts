import { memoryStore } from '@policy-ledger/core'
import { storeConformance } from './index.js'

storeConformance('memory', async () => {
  const store = memoryStore()
  return { store, another: async () => store, dispose: () => store.close() }
})
