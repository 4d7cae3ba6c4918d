import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, jsonl, root, tempDir, vehicleRegistered } from './cli.test-helpers.js'

/*
 * --plan: the commands that read indicators read them by the plan file
 * given, checked whole before any ledger is opened.
 */

const tmp = tempDir()
const db = tmp.path('plan.db')
const example = join(root, 'docs/plans/example-plan.json')
beforeAll(() => {
  const inputs = [vehicleRegistered(1, '2023-05-01T09:30:00+08:00'), vehicleRegistered(2, '2023-06-01T09:30:00+08:00'), vehicleRegistered(3, '2025-03-01T09:30:00+08:00')]
  const file = tmp.path('fleet.jsonl')
  writeFileSync(file, jsonl(inputs))
  const r = cli('import', file, '--db', db)
  expect(r.status, r.stderr).toBe(0)
})
afterAll(() => tmp.remove())

/** The example plan, spoilt by `spoil`, written to a file of its own. */
const spoilt = (name: string, spoil: (plan: { measures: Array<{ lead: string[] }>; indicators: Array<{ id: string; formula: unknown }> }) => void): string => {
  const plan = JSON.parse(readFileSync(example, 'utf8'))
  spoil(plan)
  const file = tmp.path(name)
  writeFileSync(file, JSON.stringify(plan))
  return file
}

describe('--plan', () => {
  it('reports by the plan given: its document, its indicators, its years', () => {
    const r = cli('report', '--db', db, '--plan', example, '--year', '2026', '--format', 'json')
    expect(r.status, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { plan: { id: string }; year: number; indicators: Array<{ id: string; value: number | null }> }
    expect(report.plan.id).toBe('示政发〔2024〕1号')
    expect(report.indicators.map((i) => i.id)).toEqual(['vehicles.nev-fleet', 'vehicles.nev-fleet-growth', 'charging.town-coverage'])
    expect(report.indicators[0]?.value).toBe(3)
    const table = cli('report', '--db', db, '--plan', example, '--year', '2026')
    expect(table.stdout).toContain('示例县新能源汽车推广方案（示政发〔2024〕1号）')
    expect(table.stdout).toContain('二、推广新能源汽车')
  })

  it('refuses a plan that does not hang together, exit 2, naming each problem’s path and the code meant, and opens no ledger', () => {
    const bad = spoilt('bad.json', (p) => {
      ;(p.measures[0] as { lead: string[] }).lead = ['public-securty']
      ;(p.indicators[0] as { formula: unknown }).formula = { stock: ['vehicles.nev.in-servise'] }
    })
    const none = tmp.path('never-made.db')
    for (const args of [
      ['report', '--db', none],
      ['asof', '--db', none],
      ['diff', '--db', none, '--from', '2025-01-01'],
      ['lineage', 'vehicles.nev-fleet', '--db', none],
      ['export', '--db', none, '--format', 'csv'],
    ]) {
      const r = cli(...args, '--plan', bad)
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toContain("measures[0].lead[0]: 'public-securty' 不是 示政发〔2024〕1号 的单位；是否指 'public-security'？")
      expect(r.stderr).toContain("indicators[0].formula.stock[0]: 'vehicles.nev.in-servise' 不是已知的指标口径（metric）；是否指 'vehicles.nev.in-service'？")
      expect(existsSync(none)).toBe(false)
    }
  })

  it('refuses a plan file that is missing or not JSON, exit 2', () => {
    const garbled = tmp.path('garbled.json')
    writeFileSync(garbled, '{"code": ')
    for (const file of [tmp.path('absent.json'), garbled]) {
      const r = cli('report', '--db', db, '--plan', file)
      expect(r.status, r.stderr).toBe(2)
      expect(r.stderr).toContain('--plan')
    }
  })

  it('names an indicator the plan given does not have', () => {
    const r = cli('lineage', 'charging.public-piles', '--db', db, '--plan', example, '--year', '2025')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('charging.public-piles')
  })

  it('records under the plan given: 某市’s towns and units pass, and Jiaxiang’s default refuses them, naming its own plan and the line', () => {
    const moushi = join(root, 'packages/core/src/plan/fixtures/moushi-2024.json')
    const own: Record<string, unknown> = vehicleRegistered(50, '2026-03-01T09:30:00+08:00')
    const inputs = [{ ...own, recordedBy: 'town-ms-07', data: { ...(own['data'] as object), town: 'ms-07' } }]
    const file = tmp.path('moushi.jsonl')
    writeFileSync(file, jsonl(inputs))
    const other = tmp.path('moushi.db')
    const refused = cli('import', file, '--db', other, '--rejects', tmp.path('moushi.rejects.jsonl'))
    expect(refused.status).toBe(1)
    const reason = (JSON.parse(readFileSync(tmp.path('moushi.rejects.jsonl'), 'utf8').split('\n')[0] ?? '{}') as { reason?: string }).reason
    expect(reason).toContain("'town-ms-07' 不是 嘉政发〔2024〕5号 的单位")
    expect(reason).toContain("'ms-07' is not a town of 嘉政发〔2024〕5号")
    const recorded = cli('import', file, '--db', other, '--plan', moushi)
    expect(recorded.status, recorded.stderr).toBe(0)
    const report = cli('report', '--db', other, '--plan', moushi, '--year', '2026', '--format', 'json')
    expect((JSON.parse(report.stdout) as { indicators: Array<{ id: string; value: number | null }> }).indicators.find((i) => i.id === 'vehicles.nev-fleet')?.value).toBe(1)
  })
})
