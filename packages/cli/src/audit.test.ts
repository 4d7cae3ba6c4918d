import { checkpointHash, entryBody, GENESIS_HASH, hashBody, type SignedCheckpoint, type UnsealedEntry } from '@policy-ledger/core'
import { spawnSync } from 'node:child_process'
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, jsonl, openSqlite, root, tempDir, vehicleRegistered } from './cli.test-helpers.js'

/*
 * The auditor's commands, run as the other CLI tests run theirs: a ledger
 * built by hand with a late report for asof and diff, and a small
 * synthetic county (the demo at a hundredth of its size) for the rest.
 */

const tmp = tempDir()
const db = tmp.path('small.db')
const late = tmp.path('late.db')
/** an instant between the first import and the late one */
let between = ''
const lateId = String(vehicleRegistered(2, '2025-02-01T09:30:00+08:00')['id'])

const write = (name: string, content: string): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}

beforeAll(async () => {
  expect(cli('demo', '--db', db, '--scale', '0.01').status).toBe(0)
  expect(cli('import', write('first.jsonl', jsonl([vehicleRegistered(1, '2025-03-01T09:30:00+08:00')])), '--db', late).status).toBe(0)
  between = new Date().toISOString()
  await new Promise((resolve) => setTimeout(resolve, 20))
  // reported late: it occurred before the first, and was recorded after
  expect(cli('import', write('late.jsonl', jsonl([vehicleRegistered(2, '2025-02-01T09:30:00+08:00')])), '--db', late).status).toBe(0)
})
afterAll(() => tmp.remove())

const ok = (...args: string[]): string => {
  const r = cli(...args)
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return r.stdout
}

interface JsonReport {
  knownAt: { position: number; requested?: string | null }
  occurredBy: string
  indicators: Array<{ id: string; value: number | null; events: number }>
}
const indicator = (r: JsonReport, id: string) => r.indicators.find((i) => i.id === id)
const asof = (...args: string[]): JsonReport => JSON.parse(ok('asof', '--format', 'json', '--year', '2025', ...args)) as JsonReport

const verifyOf = (file: string, ...args: string[]) => cli('verify', '--db', file, ...args)
/** The third party's verifier on a bundle folder, as its bin runs. */
const thirdParty = (dir: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'packages/verifier/src/main.ts', dir, ...args], { cwd: root, encoding: 'utf8' })
const countOf = (stdout: string): number => Number(/条目 entries: (\d+)/.exec(stdout)?.[1])

describe('asof', () => {
  it('before and after a late report differs as it should, on both axes, and states both instants', () => {
    const then = asof('--db', late, '--known-at', between)
    const now = asof('--db', late)
    expect(then.knownAt).toMatchObject({ position: 1, requested: between })
    expect(now.knownAt.requested).toBeUndefined()
    expect(indicator(then, 'vehicles.nev-fleet')?.value).toBe(1)
    expect(indicator(now, 'vehicles.nev-fleet')?.value).toBe(2)
    // by 15 February only the late one had happened: known now, and not known then
    expect(indicator(asof('--db', late, '--occurred-by', '2025-02-15'), 'vehicles.nev-fleet')?.value).toBe(1)
    const table = ok('asof', '--db', late, '--known-at', between, '--occurred-by', '2025-02-15')
    expect(table).toContain(`发生截至 occurred by 2025-02-15 · 已知截至 known at ${between}，即 第 1 条`)
    expect(table).toMatch(/新能源汽车保有量\s+—\s+辆/)
  })
})

describe('diff', () => {
  it('names the changed indicator, before → after, and the entry recorded in between that caused it', () => {
    const d = JSON.parse(ok('diff', '--db', late, '--from', between, '--year', '2025', '--format', 'json')) as {
      from: string
      to: string | null
      changes: Array<{ id: string; changed: boolean; before: { value: number | null }; after: { value: number | null }; causes: Array<{ id: string }> }>
    }
    expect(d).toMatchObject({ from: between, to: null })
    const fleet = d.changes.find((c) => c.id === 'vehicles.nev-fleet')
    expect(fleet).toMatchObject({ changed: true, before: { value: 1 }, after: { value: 2 } })
    expect(fleet?.causes.map((c) => c.id)).toEqual([lateId])
    for (const c of d.changes) expect(c.changed || c.causes.length > 0).toBe(true)

    // the table opens with one line per indicator; the entries behind a change are listed when it is narrowed to it
    const summary = ok('diff', '--db', late, '--from', between, '--year', '2025')
    expect(summary).toMatch(/新能源汽车保有量 vehicles\.nev-fleet\s+1 辆（1 件 events）\s+2 辆（2 件 events）\s+1\n/)
    expect(summary).not.toContain(lateId)
    const table = ok('diff', '--db', late, '--from', between, '--year', '2025', '--indicator', 'vehicles.nev-fleet')
    expect(table).toMatch(/新能源汽车保有量 vehicles\.nev-fleet\n {2}1 辆（1 件 events） → 2 辆（2 件 events）/)
    expect(table).toContain(lateId)
    const csv = ok('diff', '--db', late, '--from', between, '--year', '2025', '--format', 'csv')
    expect(csv.split('\r\n').find((l) => l.startsWith('vehicles.nev-fleet,'))).toContain(lateId)
  })

  it('narrows to the indicators named, and refuses an unknown one and a --from later than --to (exit 2)', () => {
    const d = JSON.parse(ok('diff', '--db', late, '--from', between, '--year', '2025', '--format', 'json', '--indicator', 'vehicles.nev-fleet', '--indicator', 'vehicles.scrapped-dismantled')) as {
      changes: Array<{ id: string }>
    }
    expect(d.changes.map((c) => c.id)).toEqual(['vehicles.nev-fleet'])
    expect(cli('diff', '--db', late, '--from', between, '--indicator', 'valueOf')).toMatchObject({ status: 2, stderr: expect.stringContaining('"valueOf"') })
    expect(cli('diff', '--db', late, '--from', '2025-12-31', '--to', '2025-01-01')).toMatchObject({ status: 2, stderr: expect.stringMatching(/晚于终点.*later than to/) })
  })
})

describe('show and history', () => {
  interface View {
    entry: { id: string; position: number; prevHash: string; hash: string }
    links: { hashHolds: boolean; linksToPrevious: boolean; nextLinksHere: boolean | null; previous: { hash: string } | null }
    contributions: Array<{ metric: string; quantity: number; town: { code: string } | null }>
    storedDeltas: string
  }
  it('shows one entry by position or by id, its links either side, and what it contributed, derived again', () => {
    const first = JSON.parse(ok('show', '1', '--db', late, '--format', 'json')) as View
    const second = JSON.parse(ok('show', lateId.toUpperCase(), '--db', late, '--format', 'json')) as View
    expect(second.entry).toMatchObject({ id: lateId, position: 2, prevHash: first.entry.hash })
    expect(first.links).toMatchObject({ hashHolds: true, linksToPrevious: true, previous: null, nextLinksHere: true })
    expect(second.links).toMatchObject({ hashHolds: true, linksToPrevious: true, nextLinksHere: null })
    expect(second.storedDeltas).toBe('agree')
    expect(second.contributions).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'vehicles.nev.in-service', quantity: 1, town: expect.objectContaining({ code: 'zhifang' }) })]))
    const text = ok('show', '2', '--db', late)
    expect(text).toMatch(/新能源汽车保有量 vehicles\.nev\.in-service\s+\+1\s+2025-02-01\s+纸坊镇 zhifang/)
    expect(text).toContain('一致 holds')
    expect(cli('show', '3', '--db', late)).toMatchObject({ status: 2, stderr: expect.stringContaining('台账中没有位置 3') })
  })

  it('gives everything recorded about one vehicle by its VIN, and what it counts for now', () => {
    const things = JSON.parse(ok('history', 'LSVAM4187C0000002', '--db', late, '--format', 'json')) as Array<{ stream: string; records: Array<{ entry: { id: string } }>; standing: Array<{ metric: string; quantity: number }> }>
    expect(things.map((t) => t.stream)).toEqual(['vehicle-LSVAM4187C0000002'])
    expect(things[0]?.records.map((r) => r.entry.id)).toEqual([lateId])
    expect(things[0]?.standing).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'vehicles.nev.in-service', quantity: 1 })]))
    expect(ok('history', 'vehicle-LSVAM4187C0000002', '--db', late)).toContain('现在计入 what it counts for now')
    expect(cli('history', 'LSVAM4187C0000009', '--db', late)).toMatchObject({ status: 2, stderr: expect.stringContaining('台账中没有关于 LSVAM4187C0000009 的记录') })
  })
})

describe('lineage', () => {
  it('lists the entries behind a value: as many as the report counts events, exportable as CSV', () => {
    const id = 'vehicles.scrapped-dismantled'
    const events = indicator(asof('--db', db), id)?.events ?? 0
    expect(events).toBeGreaterThan(10)
    const l = JSON.parse(ok('lineage', id, '--db', db, '--year', '2025', '--format', 'json')) as { reading: { events: number }; entries: Array<{ type: string }> }
    expect(l.reading.events).toBe(events)
    expect(l.entries).toHaveLength(events)
    expect(new Set(l.entries.map((e) => e.type))).toEqual(new Set(['VehicleScrapped']))

    const csv = tmp.path('lineage.csv')
    ok('lineage', id, '--db', db, '--year', '2025', '--format', 'csv', '--out', csv)
    const text = readFileSync(csv, 'utf8')
    expect(text.startsWith('\uFEFF位置 position,')).toBe(true)
    expect(text.trim().split('\r\n')).toHaveLength(events + 1)
  })

  it('names an indicator id that is not the plan’s (exit 2)', () => {
    expect(cli('lineage', 'vehicles.flying-cars', '--db', db)).toMatchObject({ status: 2, stderr: expect.stringMatching(/indicator: 须为方案的指标编号.*expected one of the plan's indicator ids.*vehicles\.flying-cars/) })
  })

  it('names an id that every object answers to as not the plan’s either (exit 2): valueOf once ended in exit 4', () => {
    for (const id of ['valueOf', 'constructor', '__proto__'])
      expect({ id, ...cli('lineage', id, '--db', db) }).toMatchObject({ id, status: 2, stderr: expect.stringContaining(id) })
  })
})

describe('keygen, checkpoint, verify --checkpoints', () => {
  const priv = tmp.path('ledger-key.pem')
  const pub = tmp.path('ledger-key.pub.pem')
  const checkpoints = tmp.path('checkpoints.ndjson')
  let n = 0
  let sizes: number[] = []
  /** the file's lines as written */
  let lines: string[] = []

  beforeAll(() => {
    ok('keygen', '--out-private', priv, '--out-public', pub)
    ok('checkpoint', '--db', db, '--key', priv, '--out', checkpoints, '--month-ends')
    ok('checkpoint', '--db', db, '--key', priv, '--out', checkpoints)
    lines = readFileSync(checkpoints, 'utf8').trim().split('\n')
    sizes = lines.map((l) => (JSON.parse(l) as { size: number }).size)
    n = countOf(ok('verify', '--db', db))
  })

  it('writes the private key for its owner only, and never overwrites a key', () => {
    expect(statSync(priv).mode & 0o777).toBe(0o600)
    expect(readFileSync(pub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const before = readFileSync(priv, 'utf8')
    expect(cli('keygen', '--out-private', priv, '--out-public', tmp.path('other.pem'))).toMatchObject({ status: 2, stderr: expect.stringMatching(/ledger-key\.pem: 文件已存在，未覆盖/) })
    expect(readFileSync(priv, 'utf8')).toBe(before)
  })

  it('signs each month’s end and the head; verify holds the chain against them, with the key that signed them only', () => {
    expect(sizes.length).toBeGreaterThan(12)
    expect(sizes.at(-1)).toBe(n)
    expect(verifyOf(db, '--checkpoints', checkpoints, '--key', priv)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--key .*: 这是私钥.*this is a private key: verifying needs only the public key/),
    })
    const v = ok('verify', '--db', db, '--checkpoints', checkpoints, '--key', pub)
    expect(v).toMatch(/^OK/)
    expect(v).toContain(`签名检查点 signed checkpoints held: ${sizes.length}`)
    const stranger = tmp.path('stranger')
    ok('keygen', '--out-private', `${stranger}.pem`, '--out-public', `${stranger}.pub.pem`)
    expect(verifyOf(db, '--checkpoints', checkpoints, '--key', `${stranger}.pub.pem`)).toMatchObject({ status: 1, stderr: expect.stringMatching(/do not verify with .*stranger\.pub\.pem.*names key/) })
  })

  it('chains each checkpoint to the one before it in the file, and carries the series on', () => {
    const signed = lines.map((l) => JSON.parse(l) as SignedCheckpoint)
    expect(signed.map((c) => c.seq)).toEqual(signed.map((_, i) => i + 1))
    expect(signed.map((c) => c.prev)).toEqual([GENESIS_HASH, ...signed.slice(0, -1).map(checkpointHash)])
    const more = tmp.path('more.ndjson')
    copyFileSync(checkpoints, more)
    // every month's end lies before the head signed last: none is signed again, out of order
    expect(ok('checkpoint', '--db', db, '--key', priv, '--out', more, '--month-ends')).toMatch(/^已签发 signed 0 checkpoint\(s\).*month end\(s\) at or before the file's last checkpoint, not signed again/)
    expect(ok('checkpoint', '--db', db, '--key', priv, '--out', more)).toContain(`序列 series: 第 ${signed.length + 1} 个，各自指向前一个 checkpoint(s) ${signed.length + 1} of the series`)
    const next = JSON.parse(readFileSync(more, 'utf8').trim().split('\n').at(-1) ?? '') as SignedCheckpoint
    expect(next).toMatchObject({ seq: signed.length + 1, prev: checkpointHash(signed.at(-1) as SignedCheckpoint), size: n })
    expect(ok('verify', '--db', db, '--checkpoints', more, '--key', pub)).toContain(`签名检查点 signed checkpoints held: ${signed.length + 1}`)
  })

  it('verify names a checkpoint left out of the file, and checkpoint will not carry such a file on', () => {
    const gapped = write('gapped.ndjson', lines.filter((_, i) => i !== 2).map((l) => `${l}\n`).join(''))
    expect(verifyOf(db, '--checkpoints', gapped, '--key', pub)).toMatchObject({ status: 1, stderr: expect.stringMatching(/^policy-ledger: 检查点不成立 .*gapped\.ndjson: .*checkpoint 3 of the series is missing/) })
    const before = readFileSync(gapped, 'utf8')
    expect(cli('checkpoint', '--db', db, '--key', priv, '--out', gapped)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/gapped\.ndjson: 用此密钥签署的检查点不成立，不在其后追加 \/ its checkpoints signed with this key do not hold, so none is added after them: .*checkpoint 3 of the series is missing/),
    })
    expect(readFileSync(gapped, 'utf8')).toBe(before)
  })

  it('catches a tail forged with SQL and re-hashed end to end, which the chain alone misses', () => {
    const forged = tmp.path('forged.db')
    copyFileSync(db, forged)
    const sqlite = openSqlite(forged)
    const from = Math.floor(n / 2)
    let prevHash = (sqlite.prepare('SELECT hash FROM entries WHERE position = ?').get(from - 1) as { hash: string }).hash
    for (let p = from; p <= n; p++) {
      const { body } = sqlite.prepare('SELECT body FROM entries WHERE position = ?').get(p) as { body: string }
      const entry = JSON.parse(body) as UnsealedEntry
      // a change that moves no figure and leaves the data valid: nothing but a signed checkpoint can tell it from the original
      const changed: UnsealedEntry = { ...entry, prevHash, ...(p === from ? { source: { ...entry.source, recordId: 'FORGED-0001' } } : {}) }
      const newBody = entryBody(changed)
      prevHash = hashBody(newBody)
      sqlite.prepare('UPDATE entries SET body = ?, hash = ? WHERE position = ?').run(newBody, prevHash, p)
    }
    sqlite.close()

    const alone = verifyOf(forged)
    expect(alone.status).toBe(0)
    expect(alone.stdout).toContain('without signed checkpoints')
    const signed = verifyOf(forged, '--checkpoints', checkpoints, '--key', pub)
    expect(signed.status).toBe(1)
    const caughtAt = Math.min(...sizes.filter((s) => s >= from))
    expect(signed.stdout).toContain(`位置 position: ${caughtAt}\n`)
    expect(signed.stdout).toContain('内容被改动 content changed')
  })

  it('catches a log cut short: by the rows derived from the cut entries, or, if those went too, as log-truncated', () => {
    const cut = tmp.path('cut.db')
    copyFileSync(db, cut)
    const sqlite = openSqlite(cut)
    expect(sqlite.prepare('DELETE FROM entries WHERE position > ?').run(n - 10).changes).toBe(10)
    sqlite.close()
    // the commit rows still hold the cut entries' deltas: found without any checkpoint
    const alone = verifyOf(cut)
    expect(alone.status).toBe(1)
    expect(alone.stdout).toContain(`位置 position: ${n - 9}\n`)
    expect(alone.stdout).toContain('派生数据与记录不符 derived data does not match the entries')

    // cut at a commit's end, its rows cut with it: the log is whole by itself, and only a checkpoint can tell
    const clean = tmp.path('cut-clean.db')
    copyFileSync(db, clean)
    const rows = openSqlite(clean)
    const end = (rows.prepare('SELECT max(last_position) AS end FROM commits WHERE last_position <= ?').get(n - 10) as { end: number }).end
    rows.prepare('DELETE FROM entries WHERE position > ?').run(end)
    rows.prepare('DELETE FROM commits WHERE last_position > ?').run(end)
    rows.prepare('DELETE FROM snapshots WHERE position > ?').run(end)
    rows.close()
    expect(countOf(verifyOf(clean).stdout)).toBe(end)
    const signed = verifyOf(clean, '--checkpoints', checkpoints, '--key', pub)
    expect(signed.status).toBe(1)
    expect(signed.stdout).toContain(`位置 position: ${end + 1}\n`)
    expect(signed.stdout).toContain('日志被截断 log truncated')
  })

  it('exports a bundle that policy-ledger-verify passes, and fails once one byte is changed', () => {
    const dir = tmp.path('bundle')
    const out = ok('bundle', '--db', db, '--out', dir, '--checkpoints', checkpoints, '--key', pub)
    expect(out).toContain(`policy-ledger-verify ${dir} --key ${pub}`)
    expect(out).not.toContain('注意 note')
    const passed = thirdParty(dir, '--key', pub)
    expect(passed.status).toBe(0)
    expect(passed.stdout).toContain('OK 审计包校验通过 bundle verified')
    expect(passed.stdout).toContain(`条目 entries: ${n}`)
    expect(passed.stdout).toContain(`已核对的签名检查点 checkpoints checked: ${sizes.length}`)
    expect(passed.stdout).toContain(`a checkpoint signed by the key given stands at entry ${n} (the bundle's last), and the signer's series up to it is complete`)

    const entries = `${dir}/entries.ndjson`
    const bytes = readFileSync(entries)
    const at = bytes.indexOf('"town":"') + 8
    bytes[at] = (bytes[at] as number) ^ 0x01
    writeFileSync(entries, bytes)
    const failed = thirdParty(dir, '--key', pub)
    expect(failed.status).toBe(1)
    expect(failed.stdout).toMatch(/^FAILED/)
  })

  it('a bundle whose last entries no checkpoint signs: bundle says so, the verifier fails with --key, and passes with --size', () => {
    const signedTo = sizes.at(-2) as number
    expect(signedTo).toBeLessThan(n)
    const dir = tmp.path('bundle-behind')
    const out = ok('bundle', '--db', db, '--out', dir, '--checkpoints', write('behind.ndjson', lines.slice(0, -1).map((l) => `${l}\n`).join('')), '--key', pub)
    expect(out).toContain(`the last signed checkpoint stands at entry ${signedTo} and the ${n - signedTo} entries after it are signed by none`)
    const failed = thirdParty(dir, '--key', pub)
    expect(failed.status).toBe(1)
    expect(failed.stdout).toContain(`缺少 missing: 第 ${n} 条处没有所给公钥签署的检查点`)
    const sized = thirdParty(dir, '--key', pub, '--size', String(signedTo))
    expect(sized.status).toBe(0)
    expect(sized.stdout).toContain(`the ${n - signedTo} entries after entry ${signedTo} lie beyond the size expected (--size)`)
  })

  it('a bundle without checkpoints: bundle says what it cannot prove, and the verifier without a key claims no key', () => {
    const dir = tmp.path('bundle-bare')
    expect(ok('bundle', '--db', db, '--out', dir)).toContain('the bundle holds no signed checkpoint: a third party can tell only that the entries hang together')
    const bare = thirdParty(dir)
    expect(bare.status).toBe(0)
    expect(bare.stdout).toMatch(/^OK 仅链完整 chain only: .* that proves nothing about who made them\n/)
    expect(bare.stdout).toContain('the bundle holds no public key and none was given (--key): no signature was checked')
    expect(bare.stdout).not.toContain("bundle's own")
    expect(thirdParty(dir, '--key', pub)).toMatchObject({ status: 1, stdout: expect.stringContaining(`缺少 missing: 第 ${n} 条处没有所给公钥签署的检查点`) })
  })
})

describe('void and correct', () => {
  const voided = tmp.path('voided.db')
  const id = 'vehicles.scrapped-dismantled'
  const behind = (): { reading: { value: number }; entries: Array<{ id: string }> } => JSON.parse(ok('lineage', id, '--db', voided, '--year', '2025', '--format', 'json'))
  let target = ''
  let count = 0

  it('a void takes one off the indicator, and the chain still verifies', () => {
    copyFileSync(db, voided)
    const before = behind()
    target = before.entries[0]?.id ?? ''
    const args = ['--db', voided, '--id', '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b17', '--entry', target, '--reason', '回收企业重复报送 reported twice', '--recorded-by', 'commerce']
    const recorded = ok('void', ...args)
    expect(recorded).toContain('已记录 recorded EventVoided')
    expect(recorded).toContain(`更正对象 amends: ${target}`)
    count = Number(/位置 position: (\d+)/.exec(recorded)?.[1])
    expect(behind().reading.value).toBe(before.reading.value - 1)
    // run again: the same void, nothing new — its id written in upper case is the same id
    expect(ok('void', ...args)).toMatch(/was recorded before.*nothing new was written/)
    expect(ok('void', ...args.map((a) => (a === '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b17' ? a.toUpperCase() : a)))).toMatch(/was recorded before.*nothing new was written/)
    expect(countOf(ok('verify', '--db', voided))).toBe(count)
  })

  it('a refused correction exits 1 with the ledger’s reason, and writes nothing', () => {
    const sqlite = openSqlite(voided)
    const { body } = sqlite.prepare('SELECT body FROM entries WHERE id = ?').get(target) as { body: string }
    sqlite.close()
    const corrected = write('corrected.json', JSON.stringify({ ...(JSON.parse(body) as { data: object }).data, town: 'macun' }))
    const r = cli('correct', '--db', voided, '--id', '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b18', '--entry', target, '--reason', '更正镇街 town corrected', '--recorded-by', 'commerce', '--data', `@${corrected}`)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^policy-ledger: 已拒绝（与台账中已记录的事实不符） refused \(INVARIANT_VIOLATED\): .*void/)
    expect(countOf(ok('verify', '--db', voided))).toBe(count)
    expect(cli('correct', '--db', voided, '--id', '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b19', '--entry', target, '--reason', 'x', '--recorded-by', 'commerce', '--data', '{"vin":')).toMatchObject({ status: 2, stderr: expect.stringMatching(/--data 不是有效的 JSON.*--data is not valid JSON/) })
    // read as strictly as an import line: a key twice is refused, not the last one taken
    expect(
      cli('correct', '--db', voided, '--id', '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b19', '--entry', target, '--reason', 'x', '--recorded-by', 'commerce', '--data', '{"town":"macun","town":"jiaxiang"}'),
    ).toMatchObject({ status: 2, stderr: expect.stringMatching(/同一对象中有重复的键.*town/) })
    expect(countOf(ok('verify', '--db', voided))).toBe(count)
  })
})

it('lists the auditor’s commands in its help, each with the exit statuses', () => {
  const help = ok('--help')
  for (const command of ['asof', 'diff', 'lineage', 'keygen', 'checkpoint', 'bundle', 'void', 'correct']) expect(help).toMatch(new RegExp(`\\n  ${command} `))
  expect(ok('correct', '--help')).toContain('退出状态 Exit status')
})
