import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { bundleOf, checkpointLines, entryLines, rehash, signer } from './fabricate.test-helpers.js'
import { verifyBundle, type Files, type Report } from './index.js'

const run = promisify(execFile)
const main = join(import.meta.dirname, 'main.ts')
const root = mkdtempSync(join(tmpdir(), 'policy-ledger-verify-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Run the bin as a user would, from its TypeScript source through tsx. */
const verify = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', main, ...args])
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const folderOf = (files: Files): string => {
  const dir = mkdtempSync(join(root, 'bundle-'))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}
const keyFile = (pem: string, name: string): string => {
  const file = join(root, `${name}.pem`)
  writeFileSync(file, pem)
  return file
}

const owner = signer()
const stranger = signer()
const ownerKey = keyFile(owner.publicKey, 'owner')
const entries = entryLines(6)
/** The owner's series over the intact log: checkpoints 1, 2, 3 at 2, 4 and 6 entries. */
const series = checkpointLines(entries, [2, 4, 6], owner)
const intact = bundleOf(entries, series, owner.publicKey)
const edit = (lines: ReadonlyArray<string>, at: number, f: (line: string) => string): string[] => lines.map((l, i) => (i === at ? f(l) : l))

const CHAIN_ONLY = 'OK 仅链完整 chain only: 条目前后相连；这不能证明由谁制作 / the entries hang together; that proves nothing about who made them'

interface Case {
  readonly name: string
  readonly files: Files
  /** the key the auditor gives; none: no --key */
  readonly key?: 'owner' | 'none'
  readonly size?: number
  readonly code: 0 | 1
  readonly says: ReadonlyArray<string | RegExp>
  readonly never?: ReadonlyArray<string>
  readonly report: object
}

const cases: ReadonlyArray<Case> = [
  {
    name: 'an intact bundle, with the key: signed at its last entry, the series whole',
    files: intact,
    code: 0,
    says: ['OK 审计包校验通过 bundle verified', '条目 entries: 6', '已核对的签名检查点 checkpoints checked: 3', "a checkpoint signed by the key given stands at entry 6 (the bundle's last), and the signer's series up to it is complete"],
    never: ['注意 note'],
    report: { ok: true, key: 'given', completeness: { size: 6, unchained: 0, problems: [] } },
  },
  {
    name: "an intact bundle, without a key: the chain only, and the bundle's own key is all the signatures show",
    files: intact,
    key: 'none',
    code: 0,
    says: [CHAIN_ONLY, '已核对的签名检查点 checkpoints checked: 3', "the checkpoints were checked only with the bundle's own public-key.pem: that shows the bundle agrees with itself, not who signed it"],
    never: ['OK 审计包校验通过', '签名覆盖 signed'],
    report: { ok: true, key: 'bundle', completeness: { unchained: 0, problems: [] } },
  },
  {
    name: 'an unsigned bundle, with the key',
    files: bundleOf(entries, [], ''),
    code: 1,
    says: ['FAILED 审计包校验未通过 bundle does not verify', "缺少 missing: 第 6 条处没有所给公钥签署的检查点 / no checkpoint signed by the key given stands at entry 6 (the bundle's last)"],
    report: { ok: false, key: 'given', completeness: { size: 6, problems: [{ problem: 'no-checkpoint-at-end', size: 6 }] } },
  },
  {
    name: 'an unsigned bundle with an empty public-key.pem, without a key: no key is claimed',
    files: bundleOf(entries, [], ''),
    key: 'none',
    code: 0,
    says: [CHAIN_ONLY, 'the bundle holds no public key and none was given (--key): no signature was checked'],
    never: ["bundle's own", '已核对的签名检查点'],
    report: { ok: true, key: 'none', checkpoints: { valid: 0, invalid: [], unchecked: 0 } },
  },
  {
    name: 'checkpoints in a bundle without its key, without a key: left unchecked, and said so',
    files: bundleOf(entries, series, ''),
    key: 'none',
    code: 0,
    says: [CHAIN_ONLY, 'no signature was checked（3 个检查点未核对 / 3 checkpoint(s) left unchecked）'],
    never: ["bundle's own"],
    report: { ok: true, key: 'none', checkpoints: { valid: 0, unchecked: 3 } },
  },
  {
    name: 'a bundle signed with another key, with the key',
    files: bundleOf(entries, checkpointLines(entries, [2, 4, 6], stranger), stranger.publicKey),
    code: 1,
    says: [/检查点无效 invalid checkpoint \(line 1\): it names key [0-9a-f]{16}, not the key used/, '缺少 missing: 第 6 条处没有所给公钥签署的检查点'],
    report: { ok: false, checkpoints: { valid: 0, invalid: [{ index: 0 }, { index: 1 }, { index: 2 }] }, completeness: { problems: [{ problem: 'no-checkpoint-at-end' }] } },
  },
  {
    name: "a bundle signed with another key, without a key: its own key agrees with it, which is all it shows",
    files: bundleOf(entries, checkpointLines(entries, [2, 4, 6], stranger), stranger.publicKey),
    key: 'none',
    code: 0,
    says: [CHAIN_ONLY, "checked only with the bundle's own public-key.pem"],
    report: { ok: true, key: 'bundle' },
  },
  {
    name: 'cut between checkpoints: entries 5 and 6 and the checkpoint at 6 gone, the manifest fixed',
    files: bundleOf(entries.slice(0, 5), series.slice(0, 2), owner.publicKey),
    code: 1,
    says: ['条目 entries: 5', '缺少 missing: 第 5 条处没有所给公钥签署的检查点'],
    report: { ok: false, chain: { ok: true, count: 5 }, completeness: { size: 5, problems: [{ problem: 'no-checkpoint-at-end', size: 5 }] } },
  },
  {
    name: 'cut at a checkpoint: it proves only as far as it goes …',
    files: bundleOf(entries.slice(0, 4), series.slice(0, 2), owner.publicKey),
    code: 0,
    says: ['OK 审计包校验通过 bundle verified', 'stands at entry 4'],
    report: { ok: true, completeness: { size: 4, problems: [] } },
  },
  {
    name: '… which the size the auditor expects (--size) shows',
    files: bundleOf(entries.slice(0, 4), series.slice(0, 2), owner.publicKey),
    size: 6,
    code: 1,
    says: ['缺少 missing: 第 6 条处没有所给公钥签署的检查点', '缺少 missing: 审计包只有 4 条，少于预期的 6 条 / the bundle holds 4 entries; --size expects 6'],
    report: { ok: false, completeness: { size: 6, problems: [{ problem: 'no-checkpoint-at-end', size: 6 }, { problem: 'entries-short', size: 6, count: 4 }] } },
  },
  {
    name: 'a bundle longer than --size: signed there, the rest said to lie beyond',
    files: intact,
    size: 4,
    code: 0,
    says: ['stands at entry 4 (--size)', 'the 2 entries after entry 4 lie beyond the size expected (--size)'],
    report: { ok: true, completeness: { size: 4, problems: [] } },
  },
  {
    name: 'an entry edited, the tail re-hashed, checkpoints.ndjson emptied, the manifest fixed',
    files: bundleOf(rehash(edit(entries, 3, (l) => l.replace('"price":400', '"price":4000')), 3), [], owner.publicKey),
    code: 1,
    says: ['FAILED', '缺少 missing: 第 6 条处没有所给公钥签署的检查点'],
    never: ['checkpoints checked: 0\n  签名覆盖'],
    report: { ok: false, chain: { ok: true }, completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 6 }] } },
  },
  {
    name: 'an entry edited and the tail re-hashed, the checkpoints kept: caught at the first one after it',
    files: bundleOf(rehash(edit(entries, 2, (l) => l.replace('"price":300', '"price":3000')), 2), series, owner.publicKey),
    code: 1,
    says: ['位置 position: 4', '内容被改动 content changed'],
    report: { ok: false, chain: { ok: false, position: 4, problem: 'content-changed' } },
  },
  {
    name: 'only the later checkpoints dropped',
    files: bundleOf(entries, series.slice(0, 1), owner.publicKey),
    code: 1,
    says: ['缺少 missing: 第 6 条处没有所给公钥签署的检查点'],
    report: { ok: false, completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 6 }] } },
  },
  {
    name: 'a middle checkpoint dropped',
    files: bundleOf(entries, [series[0] as string, series[2] as string], owner.publicKey),
    code: 1,
    says: ['缺少 missing: 签署方检查点序列中的第 2 个 / checkpoint 2 of the series is missing (the series runs to 3)'],
    report: { ok: false, chain: { ok: true }, completeness: { problems: [{ problem: 'checkpoint-missing', seq: 2, through: 2 }] } },
  },
  {
    name: 'two middle checkpoints dropped, named as one gap',
    files: bundleOf(entries, checkpointLines(entries, [1, 2, 4, 6], owner).filter((_, i) => i === 0 || i === 3), owner.publicKey),
    code: 1,
    says: ['缺少 missing: 签署方检查点序列中的第 2–3 个 / checkpoints 2–3 of the series are missing (the series runs to 4)'],
    report: { ok: false, completeness: { problems: [{ problem: 'checkpoint-missing', seq: 2, through: 3 }] } },
  },
  {
    name: 'checkpoints signed before they were chained: accepted, with a warning that completeness cannot be proven',
    files: bundleOf(entries, checkpointLines(entries, [2, 4, 6], owner, false), owner.publicKey),
    code: 0,
    says: ['OK 审计包校验通过 bundle verified', 'stands at entry 6 (the bundle\'s last)\n', '3 of the checkpoints are unchained (signed before checkpoints named the one before them): that none of them was left out cannot be proven'],
    never: ['series up to it is complete'],
    report: { ok: true, completeness: { size: 6, unchained: 3, problems: [] } },
  },
  {
    name: 'an empty folder',
    files: {},
    code: 1,
    says: ['FAILED', '文件 file entries.ndjson: 审计包中缺少此文件 / missing from the bundle', '文件 file manifest.json: 审计包中缺少此文件 / missing from the bundle', '缺少 missing: 第 0 条处没有所给公钥签署的检查点'],
    report: { ok: false, files: [{ file: 'entries.ndjson' }, { file: 'checkpoints.ndjson' }, { file: 'public-key.pem' }, { file: 'manifest.json' }] },
  },
  {
    name: 'a bundle of no entries, without a key',
    files: bundleOf([], [], ''),
    key: 'none',
    code: 1,
    says: ['FAILED', '文件 file entries.ndjson: 不含任何条目 / holds no entries'],
    never: ["bundle's own"],
    report: { ok: false, key: 'none', files: [{ file: 'entries.ndjson', problem: '不含任何条目 / holds no entries' }] },
  },
  {
    name: 'an entry line with a key beyond the envelope’s (its hash untouched)',
    files: bundleOf(edit(entries, 2, (l) => l.replace('{', '{"forged":true,')), series, owner.publicKey),
    code: 1,
    says: ['位置 position: 3', "line 3 of entries.ndjson has keys beyond the envelope's: forged"],
    report: { ok: false, chain: { ok: false, position: 3, problem: 'content-changed' } },
  },
  {
    name: 'an entry line with a key written twice (JSON.parse would keep the second)',
    files: bundleOf(edit(entries, 1, (l) => l.replace('{', '{"recordedBy":"finance",')), series, owner.publicKey),
    code: 1,
    says: ['位置 position: 2', /line 2 of entries\.ndjson is not strict JSON at column \d+: the key "recordedBy" appears twice in one object/],
    report: { ok: false, chain: { ok: false, position: 2, problem: 'content-changed' } },
  },
  {
    name: 'an entry line nested 20,000 deep',
    files: bundleOf(edit(entries, 2, (l) => l.replace(/"data":\{[^}]*\}/, `"data":${'['.repeat(20_000)}${']'.repeat(20_000)}`)), series, owner.publicKey),
    code: 1,
    says: ['位置 position: 3', /line 3 of entries\.ndjson is not strict JSON at column \d+: nested deeper than 64 levels/],
    report: { ok: false, chain: { ok: false, position: 3, problem: 'content-changed' } },
  },
  {
    name: 'a checkpoint line and the manifest nested 20,000 deep',
    files: { ...intact, 'checkpoints.ndjson': `${'['.repeat(20_000)}${']'.repeat(20_000)}\n${series.slice(1).join('\n')}\n`, 'manifest.json': '['.repeat(20_000) },
    code: 1,
    says: ['检查点无效 invalid checkpoint (line 1): not a signed checkpoint: the line is not strict JSON at column 65: nested deeper than 64 levels', '文件 file manifest.json: 不是 policy-ledger-audit-bundle/1 清单 / not a policy-ledger-audit-bundle/1 manifest (column 65: nested deeper than 64 levels)'],
    report: { ok: false, checkpoints: { valid: 2, invalid: [{ index: 0 }] }, files: [{ file: 'manifest.json' }] },
  },
  {
    name: 'an entry line that is not JSON',
    files: bundleOf(edit(entries, 1, (l) => l.slice(0, 40)), series, owner.publicKey),
    code: 1,
    says: ['位置 position: 2', /line 2 of entries\.ndjson is not strict JSON/],
    report: { ok: false, chain: { ok: false, position: 2, problem: 'content-changed' } },
  },
  {
    name: 'an entry line that is not UTF-8',
    files: (() => {
      const bytes = Buffer.from(intact['entries.ndjson'] as string)
      bytes[bytes.indexOf('fabricated', bytes.indexOf('\n') + 1)] = 0xff
      return { ...intact, 'entries.ndjson': bytes }
    })(),
    code: 1,
    says: ['位置 position: 2', 'line 2 of entries.ndjson is not UTF-8'],
    report: { ok: false, chain: { ok: false, position: 2, problem: 'content-changed' } },
  },
]

describe('policy-ledger-verify proves only what it says', () => {
  for (const c of cases)
    it(c.name, async () => {
      const key = c.key === 'none' ? undefined : owner.publicKey
      const report: Report = verifyBundle(c.files, key, c.size === undefined ? {} : { size: c.size })
      expect(report).toMatchObject(c.report)
      expect(report.ok).toBe(c.code === 0)
      const args = [folderOf(c.files), ...(key === undefined ? [] : ['--key', ownerKey]), ...(c.size === undefined ? [] : ['--size', String(c.size)])]
      const r = await verify(...args)
      expect(r.stderr).toBe('')
      expect(r.code).toBe(c.code)
      for (const s of c.says) {
        if (typeof s === 'string') expect(r.stdout).toContain(s)
        else expect(r.stdout).toMatch(s)
      }
      for (const s of c.never ?? []) expect(r.stdout).not.toContain(s)
    })

  it('prints the report as JSON with --json, exit status as ever', async () => {
    const files = bundleOf(entries, [series[0] as string, series[2] as string], owner.publicKey)
    const r = await verify(folderOf(files), '--key', ownerKey, '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual(verifyBundle(files, owner.publicKey))
  })

  it('refuses what it cannot read (status 2), saying why', async () => {
    const dir = folderOf(intact)
    const refused = async (args: string[], why: RegExp) => {
      const r = await verify(...args)
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(why)
    }
    await refused([], /one bundle folder/)
    await refused([dir, '--size', '6'], /--size needs --key/)
    await refused([dir, '--key', ownerKey, '--size', '0'], /--size 0: a whole number of entries, from 1/)
    await refused([dir, '--key', ownerKey, '--size', 'six'], /--size six/)
    await refused([dir, '--key', ownerKey, '--fast'], /--fast/)
    await refused([dir, '--key', keyFile('not a key', 'garbage')], /not a public key in PEM/)
    const { privateKey } = generateKeyPairSync('ed25519')
    await refused([dir, '--key', keyFile(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'private')], /这是私钥.*a private key: verifying needs only the public key/)
    await refused([join(root, 'no-such-folder'), '--key', ownerKey], /无法读取 cannot read: .*no-such-folder/)
  })
})
