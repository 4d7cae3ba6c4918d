import { storeConformance } from '@policy-ledger/testkit/conformance'
import { freshPrefix, open, targets } from './targets.test-helpers.js'

for (const target of targets) {
  storeConformance(target.name, async () => {
    const connectionString = await target.connectionString()
    const prefix = freshPrefix()
    const store = await open(connectionString, prefix)
    const others: Array<{ close: () => Promise<void> }> = []
    return {
      store,
      another: async () => {
        const other = await open(connectionString, prefix)
        others.push(other)
        return other
      },
      dispose: async () => {
        await Promise.all([store, ...others].map((s) => s.close()))
      },
    }
  })
}
