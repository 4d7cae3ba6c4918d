import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  test: { name: 'testkit', include: ['src/**/*.test.ts'] },
})
