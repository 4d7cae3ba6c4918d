import { defineProject } from 'vitest/config'

export default defineProject({
  ssr: { resolve: { conditions: ['@policy-ledger/source'] } },
  test: {
    name: 'store-postgres',
    include: ['src/**/*.test.ts'],
    // one PostgreSQL server for the whole package, started once (or DATABASE_URL)
    globalSetup: ['src/global-setup.test-helpers.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
