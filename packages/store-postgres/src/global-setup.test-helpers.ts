import type { TestProject } from 'vitest/node'
// a global setup is loaded before the source condition applies: this resolves to the built testkit (`pnpm test` builds first)
import { startServer } from '@policy-ledger/testkit/postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** the server every test of this package uses (each in its own schema) */
    readonly databaseUrl: string
    /** its password, so that tests can check it never shows (empty when DATABASE_URL names the server) */
    readonly databasePassword: string
  }
}

/** One PostgreSQL for the package's tests: DATABASE_URL when set (CI with a server), else an embedded one. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['DATABASE_URL']
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given)
    project.provide('databasePassword', decodeURIComponent(new URL(given).password))
    return async () => undefined
  }
  const server = await startServer()
  project.provide('databaseUrl', server.url)
  project.provide('databasePassword', server.password)
  return server.dispose
}
