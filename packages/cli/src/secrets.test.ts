import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { root } from './cli.test-helpers.js'

/*
 * No secret in any message, whatever the shape of the connection string: passwords holding @ / : %,
 * spaces and non-ASCII, written raw (as a person types them) and percent-encoded, given as
 * `--db URL` and as `--db=URL`, against a port nobody listens on. The real command, whole.
 */

const passwords = ['p@ss/w:rdS3cr3t', 'a:b:c:Secret9', '100%sure%2Fx', 'pass word  sp', '密码口令Zz9', 'q?x#y'] as const

const run = async (args: ReadonlyArray<string>): Promise<{ status: number; said: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--conditions=@policy-ledger/source', 'packages/cli/src/main.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
    })
    return { status: 0, said: stdout + stderr }
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string }
    return { status: code, said: stdout + stderr }
  }
}

/** The pieces of a password a leak would show: itself, encoded, and each part between the characters that split URLs. */
const pieces = (password: string): string[] => [password, encodeURIComponent(password), ...password.split(/[@/:?#%\s]+/).filter((p) => p.length >= 4)]

const cases: Array<{ readonly password: string; readonly args: ReadonlyArray<string> }> = passwords.flatMap((password) => [
  { password, args: ['report', '--db', `postgres://ledger:${password}@127.0.0.1:1/jiaxiang`] },
  { password, args: ['verify', `--db=postgres://ledger:${encodeURIComponent(password)}@127.0.0.1:1/jiaxiang`] },
])
// shapes that are not URLs at all: a slash missing, libpq's keyword form; taken for SQLite paths, and still never shown
cases.push(
  { password: 'S3cr3t-Typo9', args: ['report', '--db', 'postgres:/ledger:S3cr3t-Typo9@127.0.0.1:1/jiaxiang'] },
  { password: 'S3cr3t-Kw0rd', args: ['report', '--db=host=127.0.0.1 port=1 password=S3cr3t-Kw0rd'] },
)
// commander's own messages quote what was typed: an option given a connection string by mistake
const quoted = passwords.slice(0, 3).map((password) => ({ password, args: ['report', '--db', 'ledger.db', '--format', `esdb://admin:${password}@127.0.0.1:1?tls=false`] }))

it(`names the server and shows no piece of the password, in ${cases.length + quoted.length} runs of the command`, async () => {
  const runs = await Promise.all([...cases, ...quoted].map(async (c) => ({ ...c, ...(await run(c.args)) })))
  for (const r of runs) {
    expect(r.status, r.said).toBeGreaterThan(0)
    expect(r.status, r.said).not.toBe(4)
    expect(r.said).toMatch(/127\.0\.0\.1|percent-encode|argument '\*\*\*' is invalid|SQLite 台账 ledger "\*\*\*": 文件不存在/)
    for (const piece of pieces(r.password)) expect(r.said, `${r.args.join(' ')} showed ${piece}`).not.toContain(piece)
  }
}, 120_000)
