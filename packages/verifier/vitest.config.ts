import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  test: { name: 'verifier', include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
})
