import { jiaxiangSize } from '@policy-ledger/testkit'
import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, tempDir } from './cli.test-helpers.js'

/* The main job, as the README runs it: the whole synthetic county, at its default size. */

const tmp = tempDir()
afterAll(() => tmp.remove())

describe('demo', () => {
  const db = tmp.path('jiaxiang-demo.db')

  it('builds the ledger from the whole dataset and prints the Chinese progress report and a summary', { timeout: 240_000 }, () => {
    const r = cli('demo', '--db', db)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    for (const heading of ['一、总体要求', '二、实施高水平技术改造行动', '五、实施新能源车辆倍增行动', '八、实施资源回收利用行动'])
      expect(r.stdout).toContain(`\n${heading}\n`)
    expect(r.stdout).toMatch(/指标\s+数值\s+单位\s+年份\s+目标\s+状态/)
    expect(r.stdout).toMatch(/新能源汽车保有量\s+[\d,]+\s+辆\s+2025/)
    expect(r.stdout).toMatch(/已达成|进展顺利/)
    expect(r.stdout).toMatch(/存在风险|进度滞后/)
    const recorded = Number(/已记录事件 events recorded: (\d+)/.exec(r.stdout)?.[1])
    expect(recorded).toBe(jiaxiangSize())
    expect(r.stdout).toMatch(/用时 time taken: [\d.]+ s/)
    expect(r.stdout).toContain(`链头 head: position ${recorded}, sha256:`)

    const verified = cli('verify', '--db', db)
    expect(verified.status).toBe(0)
    expect(verified.stdout).toContain(`条目 entries: ${recorded}`)
    // the tally kept every 100,000 entries, each held to the entries before it by verify
    expect(verified.stdout).toContain(`快照 ${Math.floor(recorded / 100_000)} 个`)
  })

  it('replaces its own ledger when run again: the same dataset gives the same head hash', () => {
    const head = (stdout: string): string | undefined => /链头 head: (.*)/.exec(stdout)?.[1]
    const again = cli('demo', '--db', db, '--scale', '0.01')
    expect(again.status).toBe(0)
    const size = jiaxiangSize({ scale: 0.01 })
    expect(again.stdout).toContain(`已记录事件 events recorded: ${size}\n`)
    expect(cli('verify', '--db', db).stdout).toContain(`条目 entries: ${size}\n`)
    const twice = cli('demo', '--db', db, '--scale', '0.01')
    expect(head(twice.stdout)).toBe(head(again.stdout))
    expect(head(twice.stdout)).toMatch(new RegExp(`^position ${size}, sha256:[0-9a-f]{64}$`))
  })

  it('refuses a file that is not a policy-ledger file, and leaves it as it was', () => {
    const other = tmp.path('thesis.db')
    writeFileSync(other, 'my thesis, not a ledger')
    const r = cli('demo', '--db', other, '--scale', '0.01')
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/thesis\.db.*is not a SQLite database.*the demo replaces only a ledger it built/)
    expect(readFileSync(other, 'utf8')).toBe('my thesis, not a ledger')
  })
})
