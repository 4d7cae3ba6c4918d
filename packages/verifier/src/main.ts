#!/usr/bin/env node
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { verifyBundle, type EndProblem, type Report, type SeriesProblem } from './bundle.js'
import { publicKeyOf } from './checkpoints.js'

/*
 * policy-ledger-verify <bundle-folder> [--key <public-key.pem> [--size N]] [--json]
 *
 * Exit status: 0 the bundle verifies; 1 it does not; 2 it could not be read.
 */

const USAGE = '用法 usage: policy-ledger-verify <bundle-folder> [--key <public-key.pem> [--size N]] [--json]\n'
const BUNDLE_FILES = ['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem', 'manifest.json']

const problemZh: Record<string, string> = {
  'content-changed': '内容被改动 content changed',
  'link-broken': '链接断开 link broken',
  'position-missing': '位置缺失 position missing',
  'entries-reordered': '顺序被打乱 entries reordered',
  'log-truncated': '日志被截断 log truncated',
}

/** What the checkpoints leave unproven, in Chinese, then the English detail. */
const missingLine = (p: EndProblem | SeriesProblem): string => {
  const zh = (() => {
    switch (p.problem) {
      case 'no-checkpoint-at-end':
        return `缺少 missing: 第 ${p.size} 条处没有所给公钥签署的检查点`
      case 'entries-short':
        return `缺少 missing: 审计包只有 ${p.count} 条，少于预期的 ${p.size} 条`
      case 'checkpoint-missing':
        return `缺少 missing: 签署方检查点序列中的第 ${p.seq === p.through ? p.seq : `${p.seq}–${p.through}`} 个`
      case 'checkpoint-link-broken':
        return `检查点序列断开 series broken: 第 ${p.seq} 个检查点没有指向前一个`
      case 'checkpoint-forked':
        return `检查点序列分叉 series forked: 第 ${p.seq} 个检查点有不同的版本`
    }
  })()
  return `  ${zh} / ${p.detail}`
}

const CHAIN_ONLY = 'OK 仅链完整 chain only: 条目前后相连；这不能证明由谁制作 / the entries hang together; that proves nothing about who made them'

const keyNote = (r: Report): string[] => {
  if (r.key === 'bundle')
    return [
      "  注意 note: 检查点只用审计包自带的 public-key.pem 核对：这只说明审计包自身前后一致，不能证明是谁签署的；请用另行取得的公钥校验（--key） / the checkpoints were checked only with the bundle's own public-key.pem: that shows the bundle agrees with itself, not who signed it; verify with a key obtained apart (--key)",
    ]
  if (r.key === 'none')
    return [
      `  注意 note: 审计包内没有公钥，也没有给出 --key：没有核对任何签名 / the bundle holds no public key and none was given (--key): no signature was checked` +
        (r.checkpoints.unchecked > 0 ? `（${r.checkpoints.unchecked} 个检查点未核对 / ${r.checkpoints.unchecked} checkpoint(s) left unchecked）` : ''),
    ]
  return []
}

/** What the signatures prove, when they prove it: the key given signed the end, and the series up to it is whole. */
const signedLines = (r: Report, sizeGiven: boolean): string[] => {
  const { size, unchained } = r.completeness
  if (r.key !== 'given' || size === undefined || !r.chain.ok) return []
  // with unchained checkpoints among them, that the series is whole cannot be said
  const where = sizeGiven ? ['（--size 所指）', '(--size)'] : ['（最后一条）', "(the bundle's last)"]
  const whole = unchained === 0 ? ['，此前的检查点序列齐全', ", and the signer's series up to it is complete"] : ['', '']
  const out = [`  签名覆盖 signed: 所给公钥签署的检查点位于第 ${size} 条${where[0]}${whole[0]} / a checkpoint signed by the key given stands at entry ${size} ${where[1]}${whole[1]}`]
  if (r.chain.count > size)
    out.push(`  注意 note: 第 ${size} 条之后的 ${r.chain.count - size} 条在 --size 所指之外 / the ${r.chain.count - size} entries after entry ${size} lie beyond the size expected (--size)`)
  if (unchained > 0)
    out.push(
      `  注意 note: 其中 ${unchained} 个检查点是旧格式，不指向前一个检查点，无法证明没有遗漏 / ${unchained} of the checkpoints are unchained (signed before checkpoints named the one before them): that none of them was left out cannot be proven`,
    )
  return out
}

const describe = (r: Report, sizeGiven: boolean): string => {
  const out: string[] = []
  out.push(!r.ok ? 'FAILED 审计包校验未通过 bundle does not verify' : r.key === 'given' ? 'OK 审计包校验通过 bundle verified' : CHAIN_ONLY)
  if (r.chain.ok) {
    out.push(`  条目 entries: ${r.chain.count}`, `  链头 head: ${r.chain.headHash}`)
    if (r.key !== 'none') out.push(`  已核对的签名检查点 checkpoints checked: ${r.chain.checkpoints}`)
  } else out.push(`  位置 position: ${r.chain.position}`, `  问题 problem: ${problemZh[r.chain.problem] ?? r.chain.problem}`, `  详情 detail: ${r.chain.detail}`)
  for (const c of r.checkpoints.invalid) out.push(`  检查点无效 invalid checkpoint (line ${c.index + 1}): ${c.reason}`)
  for (const f of r.files) out.push(`  文件 file ${f.file}: ${f.problem}`)
  for (const p of r.completeness.problems) out.push(missingLine(p))
  if (r.ok) out.push(...signedLines(r, sizeGiven))
  out.push(...keyNote(r))
  return `${out.join('\n')}\n`
}

type Args = { readonly folder: string; readonly keyFile?: string; readonly size?: number; readonly json: boolean }

const argsOf = (args: ReadonlyArray<string>): Args | string => {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: { key: { type: 'string' }, size: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true })
  } catch (e) {
    return `命令行参数有误 / ${e instanceof Error ? e.message : String(e)}`
  }
  const { positionals, values } = parsed
  const [folder, ...more] = positionals
  if (folder === undefined || more.length > 0) return '请给出一个审计包目录 / one bundle folder, please'
  if (values.size !== undefined && (!/^[1-9]\d*$/.test(values.size) || !Number.isSafeInteger(Number(values.size)))) return `--size ${values.size}：应为从 1 起的条目数 / --size ${values.size}: a whole number of entries, from 1`
  if (values.size !== undefined && values.key === undefined) return '--size 须与 --key 同用：只有审计人员所信任的公钥签署的检查点才计入 / --size needs --key: the size counts only with a checkpoint signed by the key the auditor trusts'
  return { folder, json: values.json === true, ...(values.key === undefined ? {} : { keyFile: values.key }), ...(values.size === undefined ? {} : { size: Number(values.size) }) }
}

const main = (argv: ReadonlyArray<string>): number => {
  const args = argsOf(argv)
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}`)
    return 2
  }
  let files: Record<string, Uint8Array>
  let key: string | undefined
  try {
    const present = new Set(readdirSync(args.folder))
    files = Object.fromEntries(BUNDLE_FILES.filter((name) => present.has(name)).map((name) => [name, readFileSync(join(args.folder, name))]))
    key = args.keyFile === undefined ? undefined : readFileSync(args.keyFile, 'utf8')
  } catch (e) {
    process.stderr.write(`无法读取 cannot read: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  const checked = key === undefined ? undefined : publicKeyOf(key)
  if (typeof checked === 'string') {
    process.stderr.write(`无法使用 cannot use: --key ${args.keyFile}: ${checked}\n`)
    return 2
  }
  const report = verifyBundle(files, key, args.size === undefined ? {} : { size: args.size })
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report, args.size !== undefined))
  return report.ok ? 0 : 1
}

process.exitCode = main(process.argv.slice(2))
