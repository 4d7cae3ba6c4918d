import type { Command } from 'commander'
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './cli.test-helpers.js'
import { exitStatus } from './failure.js'
import { commandExamples, program } from './program.js'
import { runCommand } from './run.js'

/*
 * What a person reads from the command itself: Chinese first, English
 * after, once; `--version`; and each command's help ending with examples
 * that the command takes as they are written. In-process (`runCommand`,
 * what main.ts runs), so every case costs no process.
 */

const temp = tempDir()
afterAll(temp.remove)

const run = async (...args: ReadonlyArray<string>): Promise<{ readonly status: number; readonly out: string; readonly err: string }> => {
  let out = ''
  let err = ''
  const status = await runCommand(args, (m) => (err += `policy-ledger: ${m}\n`), { writeOut: (s) => (out += s), writeErr: (s) => (err += s) })
  return { status, out, err }
}

/**
 * A line a person reads opens in Chinese: a Han character comes before its
 * first English word, leaving aside what it quotes or names (an option, a
 * path, a product's name).
 */
const opensInChinese = (line: string): boolean => {
  const said = line.replace(/^policy-ledger: /, '').replace(/"[^"]*"|'[^']*'|--[\w-]+|\S*\/\S*|SQLite|PostgreSQL/g, ' ')
  const han = said.search(/\p{Script=Han}/u)
  const english = said.search(/\b[a-z]{3,}\b/)
  return han !== -1 && (english === -1 || han < english)
}

const commandNamed = (name: string): Command => {
  const found = program(() => undefined).commands.find((c) => c.name() === name)
  if (found === undefined) throw new Error(`no command ${name}`)
  return found
}

describe('every command has examples it takes as written', () => {
  const commands = program(() => undefined).commands.map((c) => c.name()).filter((n) => n !== 'help')

  it.each(commands)('%s: two or three examples, every option one of its own and every mandatory option there', (name) => {
    const lines = commandExamples[name] ?? []
    expect(lines.length, name).toBeGreaterThanOrEqual(2)
    expect(lines.length, name).toBeLessThanOrEqual(3)
    const command = commandNamed(name)
    const own = new Set(command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)))
    const mandatory = command.options.filter((o) => o.mandatory).map((o) => o.long)
    for (const line of lines) {
      const [first, ...words] = line.split(' ')
      expect(first, line).toBe(name)
      const flags = words.filter((w) => w.startsWith('-')).map((w) => w.split('=')[0])
      for (const flag of flags) expect(own, `${line}: ${flag}`).toContain(flag)
      for (const flag of mandatory) expect(flags, `${line} lacks ${flag}`).toContain(flag)
    }
  })

  it.each(commands)('%s --help shows them under 示例 Examples', async (name) => {
    const r = await run(name, '--help')
    expect(r.status).toBe(exitStatus.ok)
    expect(r.out).toContain('示例 Examples:')
    for (const line of commandExamples[name] ?? []) expect(r.out).toContain(`  policy-ledger ${line}`)
    expect(r.out).toMatch(/^用法 Usage: policy-ledger /)
    expect(r.out).toContain('选项 Options:')
  })
})

it('--version prints the package version', async () => {
  const { version } = createRequire(import.meta.url)('../package.json') as { version: string }
  for (const flag of ['--version', '-V']) {
    const r = await run(flag)
    expect(r.status).toBe(exitStatus.ok)
    expect(r.out).toBe(`policy-ledger ${version}\n`)
  }
})

describe('usage errors, Chinese first and said once', () => {
  const db = temp.path('none.db')
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, RegExp]> = [
    ['an unknown option', ['report', '--db', db, '--yaer', '2025'], /未知选项 --yaer .*unknown option '--yaer'/],
    ['an unknown command, with the one meant', ['reprot'], /未知命令 reprot[\s\S]*是否指 report？/],
    ['a value not among the choices', ['report', '--db', db, '--format', 'pdf'], /选项 --format <FORMAT> 的取值 'pdf' 无效，可选：table, json, csv, xlsx, html/],
    ['a mandatory option left out', ['report'], /缺少必需的选项 --db <FILE\|URL>/],
    ['an option without its value', ['report', '--db'], /选项 --db <FILE\|URL> 缺少取值/],
    ['an argument left out', ['lineage', '--db', db], /缺少必需的参数 INDICATOR_ID/],
    ['too many arguments', ['show', '1', '2', '--db', db], /show 的参数过多：应为 1 个，收到 2 个/],
    ['a year that is not one', ['report', '--db', db, '--year', '20x5'], /--year <YYYY> '20x5'：应为四位数的年份/],
    ['a date that is not one', ['report', '--db', db, '--known-at', '2025/13/1'], /--known-at <DATETIME> '2025\/13\/1'：应为日期/],
    ['a scale that is not positive', ['demo', '--db', db, '--scale', '-1'], /--scale <N> '-1'：应为正数/],
  ]

  it.each(cases)('%s', async (_, args, says) => {
    const r = await run(...args)
    expect(r.status).toBe(exitStatus.usage)
    expect(r.err).toMatch(says)
    const lines = r.err.trim().split('\n')
    for (const line of lines) expect(opensInChinese(line), line).toBe(true)
    // our own reasons are bilingual already: Commander's English frame is not said over them
    expect(r.err).not.toMatch(/is invalid\. .*[\u4e00-\u9fff]/)
    expect(r.err.match(/run with --help for usage/g) ?? []).toHaveLength(1)
  })

  it('dates are taken in the same forms as the import takes them', async () => {
    for (const day of ['2025-03-01', '2025/3/1', '2025.3.1', '2025年3月1日']) {
      const r = await run('report', '--db', db, '--known-at', day)
      // past the option: the ledger named is missing, which is the store's answer, not a usage error
      expect(r.status, `${day}: ${r.err}`).toBe(exitStatus.store)
    }
  })
})

describe('the store, Chinese first', () => {
  it('an empty file as --db is said to be empty, with what to do, not how the library opens it', async () => {
    const empty = temp.path('empty.db')
    writeFileSync(empty, '')
    const r = await run('report', '--db', empty)
    expect(r.status).toBe(exitStatus.store)
    expect(r.err).toMatch(/是空文件，还不是台账/)
    expect(r.err).not.toMatch(/without readonly/)
    expect(opensInChinese(r.err.trim())).toBe(true)
  })

  it('a file that is not there, and one that is not a database', async () => {
    const text = temp.path('notes.db')
    writeFileSync(text, 'these are notes, not a ledger\n'.repeat(200))
    for (const [file, says] of [
      [temp.path('missing.db'), /文件不存在/],
      [text, /不是 SQLite 数据库/],
    ] as const) {
      const r = await run('report', '--db', file)
      expect(r.status).toBe(exitStatus.store)
      expect(r.err).toMatch(says)
      expect(opensInChinese(r.err.trim()), r.err).toBe(true)
    }
  })
})
