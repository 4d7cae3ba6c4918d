import { parse } from 'csv-parse/sync'
import { spawnSync } from 'node:child_process'
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formulaPayloads } from '@policy-ledger/testkit'
import { cli, jsonl, openSqlite, root, tempDir, vehicleRegistered, type Run } from './cli.test-helpers.js'

/*
 * No command destroys a file it was not asked to create (docs/cli.md,
 * "Output files"), and the CSVs it writes are safe to open in a
 * spreadsheet. Every command that writes a file is run against each
 * target it must refuse, and the target is read back byte for byte.
 */

const tmp = tempDir()
const db = tmp.path('ledger.db')
const input = tmp.path('payloads.jsonl')
const OLD = 'an earlier file, to be kept\n'

/** Every event's source record id is one of the payloads a spreadsheet would run. */
const payloadEvents = formulaPayloads.map((recordId, n) => ({ ...vehicleRegistered(n + 1, '2025-03-01T10:00:00+08:00'), source: { system: 'vehicle-registry', recordId } }))

beforeAll(() => {
  writeFileSync(input, jsonl(payloadEvents))
  expect(cli('import', input, '--db', db).status).toBe(0)
})
afterAll(() => tmp.remove())

/** A file's bytes, or none. */
const bytesOf = (path: string): Buffer | undefined => (existsSync(path) ? readFileSync(path) : undefined)

/** Temporary files left in the test's folders (there must be none). */
const leftovers = (dir = tmp.path('')): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.tmp$/.test(name))

let serial = 0
const fresh = (name: string): string => tmp.path(`${++serial}-${name}`)

/** A refusal naming the option and the path, then why: in Chinese (`zh`), then, after ` / `, in English. */
const refusal = (option: string, path: string, zh: RegExp): RegExp =>
  new RegExp(`^policy-ledger: ${option.replace(/[()]/g, '\\$&')} ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${zh.source}.*? / [a-z]`, 'm')

/** Each command that writes a file, with the option that names it; `to(path)` the command's arguments writing there. */
interface Writer {
  readonly name: string
  readonly option: string
  readonly to: (path: string) => ReadonlyArray<string>
  /** the status when it writes (import: 1, lines were rejected) */
  readonly ok: number
}

const bad = tmp.path('bad.jsonl')
const writers: ReadonlyArray<Writer> = [
  { name: 'report', option: '--out', to: (p) => ['report', '--db', db, '--out', p], ok: 0 },
  { name: 'report --format xlsx', option: '--out', to: (p) => ['report', '--db', db, '--format', 'xlsx', '--out', p], ok: 0 },
  { name: 'asof', option: '--out', to: (p) => ['asof', '--db', db, '--known-at', '2099-01-01', '--format', 'csv', '--out', p], ok: 0 },
  { name: 'export ndjson', option: '--out', to: (p) => ['export', '--db', db, '--format', 'ndjson', '--out', p], ok: 0 },
  { name: 'export csv', option: '--out', to: (p) => ['export', '--db', db, '--format', 'csv', '--out', p], ok: 0 },
  { name: 'export xlsx', option: '--out', to: (p) => ['export', '--db', db, '--format', 'xlsx', '--out', p], ok: 0 },
  { name: 'export sdmx-csv', option: '--out', to: (p) => ['export', '--db', db, '--format', 'sdmx-csv', '--out', p], ok: 0 },
  { name: 'lineage', option: '--out', to: (p) => ['lineage', 'vehicles.nev-fleet', '--db', db, '--year', '2025', '--format', 'csv', '--out', p], ok: 0 },
  { name: 'diff', option: '--out', to: (p) => ['diff', '--db', db, '--from', '2020-01-01', '--format', 'csv', '--out', p], ok: 0 },
  { name: 'import --rejects', option: '--rejects', to: (p) => ['import', bad, '--db', db, '--rejects', p], ok: 1 },
]

/** Run, and see that the files kept are byte for byte as they were and no temporary file is left. */
const runKeeping = (args: ReadonlyArray<string>, kept: ReadonlyArray<string>): Run => {
  const before = kept.map(bytesOf)
  const r = cli(...args)
  expect(kept.map(bytesOf)).toEqual(before)
  expect(leftovers()).toEqual([])
  return r
}

describe('every command that writes a file refuses what it must not overwrite', () => {
  beforeAll(() => writeFileSync(bad, '{"not": "an event"}\n'))

  describe.each(writers)('$name', ({ option, to, ok }) => {
    it('refuses the ledger, however it is written, even with --force', () => {
      for (const path of [db, join(tmp.path(''), '.', 'ledger.db'), `${db}-wal`, `${db}-shm`]) {
        const r = runKeeping([...to(path), '--force'], [db, `${db}-wal`, `${db}-shm`])
        expect(r.status).toBe(2)
        expect(r.stderr).toMatch(refusal(option, path, /这是台账本身/))
        expect(r.stderr).toMatch(/it is the ledger itself .*not even with --force/)
      }
      const r = cli('verify', '--db', db)
      expect([r.status, r.stdout]).toEqual([0, expect.stringMatching(/OK/)])
    })

    it('refuses a symbolic link, even with --force, and leaves its target as it was', () => {
      const target = fresh('target.txt')
      const link = fresh('link.csv')
      writeFileSync(target, OLD)
      symlinkSync(target, link)
      for (const force of [[], ['--force']]) {
        const r = runKeeping([...to(link), ...force], [target])
        expect(r.status).toBe(2)
        expect(r.stderr).toMatch(refusal(option, link, /这是符号链接/))
      }
      expect(readFileSync(target, 'utf8')).toBe(OLD)
    })

    it('refuses a file that exists, and replaces it, whole, with --force', () => {
      const path = fresh('existing.out')
      writeFileSync(path, OLD)
      const refused = runKeeping(to(path), [path])
      expect(refused.status).toBe(2)
      expect(refused.stderr).toMatch(refusal(option, path, /文件已存在，未覆盖（确要覆盖请加 --force）/))
      const forced = cli(...to(path), '--force')
      expect(forced.status).toBe(ok)
      expect(readFileSync(path, 'utf8')).not.toBe(OLD)
      expect(readFileSync(path).length).toBeGreaterThan(0)
      expect(leftovers()).toEqual([])
    })
  })

  it('a hard link to the ledger is the ledger', () => {
    const other = fresh('ledger-by-another-name.csv')
    linkSync(db, other)
    const r = runKeeping(['report', '--db', db, '--format', 'csv', '--out', other, '--force'], [db])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(refusal('--out', other, /这是台账本身/))
  })

  it('import never writes its rejects over an input or the ledger, given or by default, and checks before it records', () => {
    const r = runKeeping(['import', input, bad, '--db', db, '--rejects', input, '--force'], [input, bad, db])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(refusal('--rejects', input, /这是本命令的输入（FILE /))
    // the default rejects file of one input is another input
    const rejectsOfBad = `${bad}.rejects.jsonl`
    writeFileSync(rejectsOfBad, '{"not": "an event either"}\n')
    const byDefault = runKeeping(['import', bad, rejectsOfBad, '--db', db, '--force'], [bad, rejectsOfBad, db])
    expect(byDefault.status).toBe(2)
    expect(byDefault.stderr).toMatch(refusal('--rejects (default)', rejectsOfBad, /这是本命令的输入/))
    // the default rejects file is the ledger: `import x.jsonl --db x.jsonl.rejects.jsonl`
    const named = fresh('events.jsonl')
    writeFileSync(named, '{"not": "an event"}\n')
    expect(cli('import', input, '--db', `${named}.rejects.jsonl`).status).toBe(0)
    const itself = runKeeping(['import', named, '--db', `${named}.rejects.jsonl`, '--force'], [`${named}.rejects.jsonl`])
    expect(itself.status).toBe(2)
    expect(itself.stderr).toMatch(refusal('--rejects (default)', `${named}.rejects.jsonl`, /这是台账本身/))
    // refused before anything was recorded: the ledger holds what it held
    expect(cli('export', '--db', db, '--format', 'ndjson').stdout.trim().split('\n')).toHaveLength(payloadEvents.length)
  })

  it('import replaces a rejects file an earlier import wrote, without --force; any other file only with it', () => {
    const events = fresh('again.jsonl')
    writeFileSync(events, '{"not": "an event"}\n')
    const rejects = `${events}.rejects.jsonl`
    expect(cli('import', events, '--db', db).status).toBe(1)
    const first = readFileSync(rejects, 'utf8')
    expect(first).toMatch(/"code":"READ_FAILED"|"reason"/)
    expect(cli('import', events, '--db', db).status).toBe(1)
    expect(readFileSync(rejects, 'utf8')).toBe(first)
    writeFileSync(rejects, OLD)
    const r = runKeeping(['import', events, '--db', db], [rejects])
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(refusal('--rejects (default)', rejects, /文件已存在，未覆盖（确要覆盖请加 --force）/))])
  })

  it('import does not follow a symbolic link at its default rejects path', () => {
    const events = fresh('linked.jsonl')
    const target = fresh('elsewhere.txt')
    writeFileSync(events, '{"not": "an event"}\n')
    writeFileSync(target, OLD)
    symlinkSync(target, `${events}.rejects.jsonl`)
    const r = runKeeping(['import', events, '--db', db, '--force'], [target, events])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(refusal('--rejects (default)', `${events}.rejects.jsonl`, /这是符号链接/))
  })

  it('says why an output cannot be written, and creates nothing', () => {
    const inFile = join(fresh('a-file'), 'x.csv')
    writeFileSync(inFile.slice(0, -'/x.csv'.length), OLD)
    const r = runKeeping(['report', '--db', db, '--out', inFile], [])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(refusal('--out', inFile, /无法写入（ENOTDIR）/))
  })
})

describe('the commands that never replace a file, or append to one', () => {
  const priv = tmp.path('key.pem')
  const pub = tmp.path('key.pub')
  const checkpoints = tmp.path('checkpoints.ndjson')
  beforeAll(() => {
    expect(cli('keygen', '--out-private', priv, '--out-public', pub).status).toBe(0)
  })

  it('keygen: never over a file, not through a link; the private key readable by its owner only', () => {
    const link = fresh('key-link.pem')
    const target = fresh('key-target.txt')
    writeFileSync(target, OLD)
    symlinkSync(target, link)
    expect(runKeeping(['keygen', '--out-private', link, '--out-public', fresh('p.pub')], [target]).stderr).toMatch(refusal('--out-private', link, /这是符号链接/))
    const r = runKeeping(['keygen', '--out-private', fresh('new.pem'), '--out-public', pub], [priv, pub])
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(refusal('--out-public', pub, /文件已存在，未覆盖(?!（)/))])
    const made = spawnSync('stat', ['-c', '%a', priv], { encoding: 'utf8' }).stdout.trim()
    expect(made).toBe('600')
  })

  it('checkpoint: appends, the file as it was kept at its head; never the ledger, the key or a link', () => {
    expect(cli('checkpoint', '--db', db, '--key', priv, '--out', checkpoints).status).toBe(0)
    const first = readFileSync(checkpoints, 'utf8')
    expect(cli('checkpoint', '--db', db, '--key', priv, '--out', checkpoints).status).toBe(0)
    const both = readFileSync(checkpoints, 'utf8')
    expect(both.startsWith(first)).toBe(true)
    expect(both.trim().split('\n')).toHaveLength(2)
    for (const [path, zh] of [[db, /这是台账本身/], [priv, /这是本命令的输入（--key /]] as const) {
      const r = runKeeping(['checkpoint', '--db', db, '--key', priv, '--out', path], [db, priv])
      expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(refusal('--out', path, zh))])
    }
    const link = fresh('checkpoints-link.ndjson')
    symlinkSync(checkpoints, link)
    expect(runKeeping(['checkpoint', '--db', db, '--key', priv, '--out', link], [checkpoints]).stderr).toMatch(refusal('--out', link, /这是符号链接/))
  })

  it('bundle: into a new or empty directory only, whole; never through a link', () => {
    const full = fresh('full')
    mkdirSync(full)
    writeFileSync(join(full, 'notes.txt'), OLD)
    const r = runKeeping(['bundle', '--db', db, '--out', full], [join(full, 'notes.txt')])
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(refusal('--out', full, /目录不为空，未写入；请选一个新的或空的目录(?!（)/))])
    expect(readdirSync(full)).toEqual(['notes.txt'])
    const link = fresh('bundle-link')
    const empty = fresh('empty')
    mkdirSync(empty)
    symlinkSync(empty, link)
    expect(runKeeping(['bundle', '--db', db, '--out', link], []).stderr).toMatch(refusal('--out', link, /这是符号链接/))
    expect(readdirSync(empty)).toEqual([])
    expect(runKeeping(['bundle', '--db', db, '--out', db], [db]).stderr).toMatch(refusal('--out', db, /这是台账本身/))
    expect(cli('bundle', '--db', db, '--out', empty).status).toBe(0)
    expect(readdirSync(empty).sort()).toEqual(['checkpoints.ndjson', 'entries.ndjson', 'manifest.json', 'public-key.pem'])
    expect(leftovers()).toEqual([])
  })

  it('export open-sdg: a new or empty directory, or with --force the files of the same names; never through a link', () => {
    const site = fresh('site')
    expect(cli('export', '--db', db, '--format', 'open-sdg', '--out', site).status).toBe(0)
    const fleet = join(site, 'indicator_vehicles-nev-fleet.csv')
    writeFileSync(fleet, OLD)
    writeFileSync(join(site, 'other.txt'), OLD)
    const refused = runKeeping(['export', '--db', db, '--format', 'open-sdg', '--out', site], [fleet])
    expect(refused.stderr).toMatch(refusal('--out', site, /目录不为空，未写入；请选一个新的或空的目录（或加 --force 替换其中同名的文件）/))
    expect(cli('export', '--db', db, '--format', 'open-sdg', '--out', site, '--force').status).toBe(0)
    expect(readFileSync(fleet, 'utf8')).toMatch(/^Year,Units,Value\r\n.*2025,辆,6\r\n/s)
    expect(readFileSync(join(site, 'other.txt'), 'utf8')).toBe(OLD)
    const link = fresh('site-link')
    symlinkSync(site, link)
    expect(runKeeping(['export', '--db', db, '--format', 'open-sdg', '--out', link, '--force'], [fleet]).stderr).toMatch(refusal('--out', link, /这是符号链接/))
  })
})

describe('a failed or interrupted export leaves the old file and no temporary file', () => {
  it('a store that fails half-way through the log: the old file stays whole', () => {
    // more entries than one page of the export (10,000), the last page unreadable
    const big = tmp.path('big.db')
    const events = tmp.path('big.jsonl')
    writeFileSync(events, jsonl(Array.from({ length: 10_050 }, (_, n) => vehicleRegistered(100 + n, '2025-03-01T10:00:00+08:00'))))
    expect(cli('import', events, '--db', big).status).toBe(0)
    const sqlite = openSqlite(big)
    expect(sqlite.prepare('UPDATE entries SET body = ? WHERE position = ?').run('{ not json', 10_020).changes).toBe(1)
    sqlite.close()
    const out = tmp.path('log.ndjson')
    writeFileSync(out, OLD)
    const r = runKeeping(['export', '--db', big, '--format', 'ndjson', '--out', out, '--force'], [out])
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/readAll failed/)
    expect(readFileSync(out, 'utf8')).toBe(OLD)
  })

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'])('interrupted by %s half-way through the write: the old file stays whole', (signal) => {
    const out = fresh('interrupted.csv')
    writeFileSync(out, OLD)
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@policy-ledger/source', 'packages/cli/src/output-child.test-helpers.ts', out, signal], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect([child.signal, child.stderr]).toEqual([signal, ''])
    expect(readFileSync(out, 'utf8')).toBe(OLD)
    expect(leftovers()).toEqual([])
  })
})

describe('the CSVs the commands write are safe to open: formulas from the caller stay text', () => {
  /** Every cell of a CSV the command wrote, read by a real CSV parser. */
  const cellsOf = (args: ReadonlyArray<string>): string[] => {
    const out = fresh('payloads.csv')
    expect(cli(...args, '--out', out).status).toBe(0)
    return (parse(readFileSync(out, 'utf8'), { bom: true, relax_column_count: true }) as string[][]).flat()
  }

  it.each([
    ['lineage', ['lineage', 'vehicles.nev-fleet', '--db', db, '--year', '2025', '--format', 'csv']],
    ['diff', ['diff', '--db', db, '--from', '2020-01-01', '--format', 'csv']],
  ])('%s --format csv: each source record id is text behind a quote, never the formula', (_, args) => {
    const cells = cellsOf(args)
    for (const payload of formulaPayloads) {
      expect(cells).toContain(`'${payload}`)
      expect(cells).not.toContain(payload)
    }
  })
})
