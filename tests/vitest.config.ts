import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  test: { name: 'repo', include: ['**/*.test.ts'], testTimeout: 120_000 },
})
