import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  // property tests run hundreds of cases each: on a busy two-core machine one can take longer than vitest's 5 s default
  test: { name: 'core', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
})
