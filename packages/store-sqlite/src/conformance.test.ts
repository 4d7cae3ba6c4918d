import type { EventStore } from '@policy-ledger/core'
import { storeConformance } from '@policy-ledger/testkit/conformance'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

// a fresh file per test; `another` is a second connection to the same file
storeConformance('sqlite', async () => {
  const temp = tempDir()
  const stores: EventStore[] = []
  const open = (): EventStore => {
    const store = sqliteStore({ file: temp.file(), poll: { idleMs: 10, retryMs: 50 } })
    stores.push(store)
    return store
  }
  return {
    store: open(),
    another: async () => open(),
    dispose: async () => {
      await Promise.all(stores.map((s) => s.close()))
      temp.remove()
    },
  }
})
