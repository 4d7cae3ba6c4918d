import { createLedger } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import { validInputs } from '@policy-ledger/testkit/fuzz'
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root, tempDir } from './cli.test-helpers.js'

/*
 * Each command loads only what it uses: the real command in a process of
 * its own, with a module hook that writes down every module loaded. Times
 * are for `pnpm bench` (beside `node -e ''`); this holds the reason for
 * them — what a command never loads — and fails the moment an import
 * brings a heavy library back onto a path that does not need it.
 */

const temp = tempDir()
afterAll(temp.remove)

const hooks = temp.path('hooks.mjs')
const register = temp.path('register.mjs')
const db = temp.path('ledger.db')

beforeAll(async () => {
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs'\nexport async function load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context) }\n`,
  )
  writeFileSync(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
  const store = sqliteStore({ file: db })
  expect(E.isRight(await createLedger({ plan: jiaxiang2024, store }).recordBatch(validInputs().slice(0, 30))())).toBe(true)
  await store.close()
})

/** The modules the command loaded, as URLs. */
const loadedBy = (...args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const log = temp.path('loaded.txt')
  rmSync(log, { force: true })
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, '--conditions=@policy-ledger/source', 'packages/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOADED_LOG: log },
  })
  expect(r.status, r.stderr).toBe(0)
  return readFileSync(log, 'utf8').trim().split('\n')
}

const has = (loaded: ReadonlyArray<string>, library: string): boolean => loaded.some((url) => url.includes(`/node_modules/${library}/`) || url.includes(`/${library}/src/`))

// sm-crypto-v2: SM2 signatures, for a ledger whose departments sign with 国密 keys
const heavy = ['exceljs', 'echarts', '@resvg/resvg-js', 'pg', '@eventstore/db-client', 'sm-crypto-v2']

describe('each command loads only what it uses', () => {
  it('--help loads neither core nor the libraries the commands use', () => {
    const loaded = loadedBy('--help')
    expect(has(loaded, 'commander')).toBe(true)
    for (const library of [...heavy, 'better-sqlite3', 'luxon', 'io-ts', 'fp-ts']) expect(has(loaded, library), library).toBe(false)
    // of core, the module that takes secrets out of messages, and nothing else
    expect(loaded.filter((url) => url.includes('/packages/core/src/')).map((url) => url.replace(/.*\/packages\/core\/src\//, ''))).toEqual(['secrets.ts'])
  })

  it('a report on an SQLite file loads the SQLite store, and no workbook, chart, server client or SM2', () => {
    const loaded = loadedBy('report', '--db', db, '--year', '2025')
    expect(has(loaded, 'better-sqlite3')).toBe(true)
    for (const library of heavy) expect(has(loaded, library), library).toBe(false)
  })

  it('an import of JSON Lines loads no workbook reader', () => {
    const lines = temp.path('facts.jsonl')
    writeFileSync(lines, validInputs().slice(30, 40).map((input) => `${JSON.stringify(input)}\n`).join(''))
    const loaded = loadedBy('import', '--db', db, lines)
    expect(has(loaded, 'better-sqlite3')).toBe(true)
    for (const library of heavy) expect(has(loaded, library), library).toBe(false)
  })

  it('a workbook loads exceljs, and only then', () => {
    const loaded = loadedBy('export', '--db', db, '--format', 'xlsx', '--out', temp.path('indicators.xlsx'))
    expect(has(loaded, 'exceljs')).toBe(true)
    for (const library of ['pg', '@eventstore/db-client']) expect(has(loaded, library), library).toBe(false)
  })

  it('SM2 is loaded the first time an SM2 key is used, and not before', () => {
    // required, not imported, so the module hook does not see it: the CommonJS cache does
    const script = `
      import { createRequire } from 'node:module'
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((m) => m.includes('/sm-crypto-v2/'))
      const core = await import(${JSON.stringify(pathToFileURL(`${root}/packages/core/src/index.ts`).href)})
      const before = loaded()
      core.generateDepartmentKeys('sm2')
      process.stdout.write(JSON.stringify({ before, after: loaded() }))`
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true })
  })
})
