#!/usr/bin/env node
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { verifyBundle, type Report } from './bundle.js'

/*
 * policy-ledger-verify <bundle-folder> [--key <public-key.pem>] [--json]
 *
 * Exit status: 0 the bundle verifies; 1 it does not; 2 it could not be read.
 */

const USAGE = '用法 usage: policy-ledger-verify <bundle-folder> [--key <public-key.pem>] [--json]\n'

const problemZh: Record<string, string> = {
  'content-changed': '内容被改动 content changed',
  'link-broken': '链接断开 link broken',
  'position-missing': '位置缺失 position missing',
  'entries-reordered': '顺序被打乱 entries reordered',
  'log-truncated': '日志被截断 log truncated',
}

const describe = (r: Report): string => {
  const out: string[] = []
  out.push(r.ok ? 'OK 审计包校验通过 bundle verified' : 'FAILED 审计包校验未通过 bundle does not verify')
  if (r.chain.ok) out.push(`  条目 entries: ${r.chain.count}`, `  链头 head: ${r.chain.headHash}`, `  已核对的签名检查点 checkpoints checked: ${r.chain.checkpoints}`)
  else out.push(`  位置 position: ${r.chain.position}`, `  问题 problem: ${problemZh[r.chain.problem] ?? r.chain.problem}`, `  详情 detail: ${r.chain.detail}`)
  for (const c of r.checkpoints.invalid) out.push(`  检查点无效 invalid checkpoint (line ${c.index + 1}): ${c.reason}`)
  for (const f of r.files) out.push(`  文件 file ${f.file}: ${f.problem}`)
  if (r.key === 'bundle')
    out.push('  注意 note: 使用了审计包自带的公钥；请用另行取得的公钥 (--key) 校验。 The bundle\'s own key was used; verify with a key obtained apart (--key).')
  return `${out.join('\n')}\n`
}

const main = (args: ReadonlyArray<string>): number => {
  const json = args.includes('--json')
  const keyAt = args.indexOf('--key')
  const keyFile = keyAt === -1 ? undefined : args[keyAt + 1]
  const folder = args.filter((a, i) => !a.startsWith('--') && (keyAt === -1 || i !== keyAt + 1))[0]
  if (folder === undefined || (keyAt !== -1 && keyFile === undefined)) {
    process.stderr.write(USAGE)
    return 2
  }
  let files: Record<string, string>
  let key: string | undefined
  try {
    files = Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'utf8')]))
    key = keyFile === undefined ? undefined : readFileSync(keyFile, 'utf8')
  } catch (e) {
    process.stderr.write(`无法读取 cannot read: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  const report = verifyBundle(files, key)
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : describe(report))
  return report.ok ? 0 : 1
}

process.exitCode = main(process.argv.slice(2))
