import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockedOverrides } from './packaging/locked.js'

/*
 * The packages as a county system gets them: packed into tarballs, installed
 * from those alone into a project outside the monorepo, a program type-checked
 * against their declarations (skipLibCheck off) under each module resolution,
 * then run. Third-party packages come from the offline pnpm store the
 * monorepo's install filled; npm's cache holds none of them here, so npm
 * installs the one package without dependencies (the verifier) and is shown
 * to accept the others' tarballs up to the first third-party package it lacks.
 */

const root = fileURLToPath(new URL('..', import.meta.url))
const pnpm = ['npx', '-y', 'pnpm@12.4.2'] as const
const tsc = join(root, 'node_modules/typescript/bin/tsc')
const json = (path: string): Record<string, any> => JSON.parse(readFileSync(path, 'utf8'))
const published = readdirSync(join(root, 'packages')).filter((p) => json(join(root, 'packages', p, 'package.json')).private !== true)

// the children get a clean environment: nothing of a surrounding `pnpm test` (npm_config_*) leaks into the county's project
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k)))

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}
const run = (command: string, args: ReadonlyArray<string>, cwd: string): Promise<Ran> =>
  new Promise((resolve) =>
    execFile(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    ),
  )
const ok = async (command: string, args: ReadonlyArray<string>, cwd: string): Promise<Ran> => {
  const ran = await run(command, args, cwd)
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`)
  return ran
}

/** The first ```ts block of a README: its example, compiled with the program. */
const example = (readme: string): string | undefined => /```ts\n([\s\S]*?)```/.exec(readme)?.[1]

const resolutions = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const

// made in beforeAll, so that merely collecting the tests (vitest list) leaves nothing behind
let work = ''
let tarballs = ''
let county = ''
const tarball = (p: string): string => join(tarballs, `policy-ledger-${p}-${json(join(root, 'packages', p, 'package.json')).version}.tgz`)
const unpacked = (p: string): string => join(work, 'unpacked', p, 'package')

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'policy-ledger-pack-'))
  tarballs = join(work, 'tarballs')
  county = join(work, 'county')
  await ok('npx', ['tsc', '-b'], root) // what is packed is what the sources build now
  await ok(pnpm[0], [...pnpm.slice(1), '-r', '--filter', './packages/*', 'pack', '--pack-destination', tarballs], root)
  for (const p of published) {
    mkdirSync(join(work, 'unpacked', p), { recursive: true })
    await ok('tar', ['-xzf', tarball(p), '-C', join(work, 'unpacked', p)], work)
  }

  mkdirSync(county)
  writeFileSync(join(county, 'package.json'), JSON.stringify({ name: 'county-system', private: true, type: 'module' }))
  // The monorepo's allowBuilds (better-sqlite3's build comes from the store's cache, or compiles against
  // /usr's headers: .npmrc); our packages from the tarballs, every other at the version the monorepo locks.
  const ours = Object.fromEntries(published.map((p) => [`@policy-ledger/${p}`, `file:${tarball(p)}`]))
  const overrides = { ...lockedOverrides(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8')), ...ours }
  const allowBuilds = /^allowBuilds:\n(?: .*\n)+/m.exec(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'))?.[0] ?? ''
  const block = Object.entries(overrides).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`).join('')
  writeFileSync(join(county, 'pnpm-workspace.yaml'), `${allowBuilds}overrides:\n${block}`)
  cpSync(join(root, '.npmrc'), join(county, '.npmrc'))
  const fpTs = json(join(root, 'packages/core/package.json')).dependencies['fp-ts']
  const typesNode = json(join(root, 'package.json')).devDependencies['@types/node']
  await ok(pnpm[0], [...pnpm.slice(1), 'add', '--offline', ...published.map(tarball), `fp-ts@${fpTs}`, `@types/node@${typesNode}`], county)

  cpSync(join(root, 'tests/packaging/county/main.mts'), join(county, 'main.mts'))
  const examples = published.flatMap((p) => {
    const code = example(readFileSync(join(unpacked(p), 'README.md'), 'utf8'))
    if (code === undefined) return []
    writeFileSync(join(county, `readme-${p}.mts`), code)
    return [`readme-${p}.mts`]
  })
  // the program and every README example under each resolution; nodenext's output is the program that runs
  for (const [name, options] of Object.entries(resolutions))
    writeFileSync(
      join(county, `tsconfig.${name}.json`),
      JSON.stringify({
        compilerOptions: { ...options, target: 'es2022', strict: true, skipLibCheck: false, noEmit: name !== 'nodenext', outDir: 'out' },
        files: ['main.mts', ...examples],
      }),
    )
}, 170_000)

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true })
})

describe('the tarballs', () => {
  it('are every package of packages/, testkit too (the CLI’s demo records its dataset; adapters run its conformance suite)', () => {
    expect(published).toEqual(expect.arrayContaining(['core', 'store-sqlite', 'plan-jiaxiang-2024', 'export', 'cli', 'verifier', 'testkit']))
    for (const p of published) expect(existsSync(tarball(p)), p).toBe(true)
  })

  it.each(published)('%s names released versions only, and ships what main, types, exports and bin point at', (p) => {
    const text = readFileSync(join(unpacked(p), 'package.json'), 'utf8')
    expect(text).not.toContain('workspace:')
    const manifest = JSON.parse(text)
    const targets: string[] = [manifest.main, manifest.types, ...Object.values<string>(manifest.bin ?? {})]
    for (const entry of Object.values<Record<string, string> | string>(manifest.exports))
      for (const [condition, path] of typeof entry === 'string' ? [['default', entry]] : Object.entries(entry))
        if (condition !== '@policy-ledger/source') targets.push(path as string) // the monorepo's own condition: sources, not shipped
    for (const target of targets) expect(existsSync(join(unpacked(p), target)), `${p}: ${target}`).toBe(true)
    expect(existsSync(join(unpacked(p), 'src', 'index.ts'))).toBe(false)
  })

  it.each(published)('%s has its README (install, example, docs) and the MIT LICENSE', (p) => {
    const readme = readFileSync(join(unpacked(p), 'README.md'), 'utf8')
    expect(readme).toMatch(new RegExp(`^# @policy-ledger/${p}\\b`))
    expect(readme).toContain(`npm install ${p === 'cli' ? '--global ' : p === 'testkit' ? '--save-dev ' : ''}@policy-ledger/${p}`)
    expect(readme).toMatch(/## 文档 Docs\n\n.*\]\(\.\.\/\.\.\/docs\/[a-z-]+\.md\)/)
    for (const [, doc] of readme.matchAll(/\]\(\.\.\/\.\.\/(docs\/[^)#]+)/g)) expect(existsSync(join(root, doc as string)), `${p}: ${doc}`).toBe(true)
    if (p !== 'cli') expect(example(readme)).toBeDefined()
    const licence = readFileSync(join(unpacked(p), 'LICENSE'), 'utf8')
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} policy-ledger authors\n/)
    expect(json(join(unpacked(p), 'package.json')).license).toBe('MIT')
  })
})

describe('a county system that installs them', () => {
  it('type-checks its program and every README example under node16, nodenext and bundler, skipLibCheck off', async () => {
    const checked = await Promise.all(
      Object.keys(resolutions).map(async (name) => ({ name, ...(await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], county)) })),
    )
    for (const c of checked) expect(`${c.name}: ${c.stdout}${c.stderr}`).toBe(`${c.name}: `)
  }, 170_000) // three whole programs' declarations at once: beside the rest of the suite on 2 cores, slower than alone

  it('runs it: a ledger on an SQLite file, one event recorded, the report counting it; the CLI verifies that file', async () => {
    const ledgerFile = join(county, 'county.db')
    const ran = await ok(process.execPath, ['out/main.mjs', ledgerFile], county)
    expect(ran.stdout).toContain('recorded at position 1\n')
    const scrapped = ran.stdout.split('\n').find((line) => line.startsWith('vehicles.scrapped-dismantled,') && line.includes(',2025,达到,'))
    expect(scrapped?.split(',')[5]).toBe('1') // 数值: the one vehicle
    const verified = await ok(join(county, 'node_modules/.bin/policy-ledger'), ['verify', '--db', ledgerFile], county)
    expect(verified.stdout).toMatch(/^OK 台账校验通过 ledger verified: .*county\.db\n  条目 entries: 1\n/)
  })

  it('npm installs the verifier offline (it has no dependencies), and it checks a bundle the CLI wrote', async () => {
    const ledgerFile = join(county, 'county.db')
    const bundle = join(county, 'bundle')
    await ok(join(county, 'node_modules/.bin/policy-ledger'), ['bundle', '--db', ledgerFile, '--out', bundle], county)
    const auditor = join(work, 'auditor')
    mkdirSync(auditor)
    writeFileSync(join(auditor, 'package.json'), JSON.stringify({ name: 'auditor', private: true, type: 'module' }))
    await ok('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball('verifier')], auditor)
    const verified = await run(join(auditor, 'node_modules/.bin/policy-ledger-verify'), [bundle], auditor)
    expect(verified.code, verified.stdout + verified.stderr).toBe(0)
    const changed = readFileSync(join(bundle, 'entries.ndjson'), 'utf8').replace('LSVAM4187C2184847', 'LSVAM4187C2184848')
    writeFileSync(join(bundle, 'entries.ndjson'), changed)
    expect((await run(join(auditor, 'node_modules/.bin/policy-ledger-verify'), [bundle], auditor)).code).toBe(1)
  })

  it('npm takes every tarball offline as far as its cache goes: what it lacks is a third-party package, never one of ours', async () => {
    const project = join(work, 'npm-county')
    mkdirSync(project)
    const ours = Object.fromEntries(published.map((p) => [`@policy-ledger/${p}`, `file:${tarball(p)}`]))
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'npm-county', private: true, type: 'module', dependencies: ours, overrides: ours }))
    const ran = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project)
    if (ran.code === 0) {
      // a machine whose npm cache holds the third-party packages: then npm installs it all
      expect(existsSync(join(project, 'node_modules/@policy-ledger/store-sqlite/dist/index.js'))).toBe(true)
      return
    }
    expect(ran.stderr).toContain('ENOTCACHED')
    const missing = /request to https?:\/\/\S+?\/(\S+?) failed/.exec(ran.stderr)?.[1]
    expect(missing).toBeDefined()
    expect(decodeURIComponent(missing ?? '')).not.toMatch(/^@policy-ledger\//)
    expect(ran.stderr).not.toMatch(/EUNSUPPORTEDPROTOCOL|workspace:/)
  })
})
