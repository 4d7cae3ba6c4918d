import { defineConfig } from 'vitest/config'

// Every package is a vitest project that resolves workspace imports to their
// TypeScript sources, so `pnpm test` needs no build first.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'tests/vitest.config.ts'],
  },
})
