import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  test: { name: 'plan-jiaxiang-2024', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
})
