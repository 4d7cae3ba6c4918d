import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The repository root, where the command runs from, as `pnpm policy-ledger` runs it. */
export const root = resolve(import.meta.dirname, '../../..')

export interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

const commandLine = (args: ReadonlyArray<string>): string[] => ['--import', 'tsx', '--conditions=@policy-ledger/source', 'packages/cli/src/main.ts', ...args]

/** Run the real command in a child process, from its sources, stdout a pipe (so no progress bar). */
export const cli = (...args: ReadonlyArray<string>): Run => {
  const r = spawnSync(process.execPath, commandLine(args), {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 300_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The command as `cli` runs it, without waiting for it: for several at once. */
export const cliAsync = (...args: ReadonlyArray<string>): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, commandLine(args), { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })

/** A fresh directory for one test file's ledgers and inputs. */
export const tempDir = (): { readonly path: (name: string) => string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-ledger-cli-'))
  return { path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * A library another workspace package depends on (better-sqlite3 from the
 * SQLite store, exceljs from the exports), loaded from there: the command
 * itself never needs them directly, only its tests look inside its files.
 */
export const libraryOf = (workspacePackage: string, library: string): unknown =>
  createRequire(join(root, 'packages', workspacePackage, 'package.json'))(library)

/** The part of better-sqlite3 the tests use to tamper with a ledger file. */
export interface SqliteDatabase {
  prepare(sql: string): { run(...params: unknown[]): { changes: number }; get(...params: unknown[]): unknown }
  close(): void
}
export const openSqlite = (file: string): SqliteDatabase => {
  const Database = libraryOf('store-sqlite', 'better-sqlite3') as new (file: string) => SqliteDatabase
  return new Database(file)
}

/** Event inputs as docs/events.md has them, varied by a number so each is new. */
export const vehicleRegistered = (n: number, occurredAt: string, fuelType = 'bev'): Record<string, unknown> => ({
  id: `7f000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'VehicleRegistered',
  occurredAt,
  recordedBy: 'public-security',
  source: { system: 'vehicle-registry', recordId: `REG-${n}` },
  data: { vin: `LSVAM4187C${String(n).padStart(7, '0')}`, category: 'passenger-car', fuelType, emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' },
})

export const jsonl = (inputs: ReadonlyArray<unknown>): string => inputs.map((i) => `${JSON.stringify(i)}\n`).join('')
