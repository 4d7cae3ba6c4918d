import { writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { rejectsOf, totals } from './import.test-helpers.js'

/*
 * Sheets as department clerks fill them in Excel or WPS and save them: the
 * columns and rows Excel leaves behind, Chinese headers and names, ids the
 * import derives, and rejects that come back in the clerk's own format.
 */

const tmp = tempDir()
afterAll(() => tmp.remove())

const write = (name: string, content: string | Uint8Array): string => {
  const file = tmp.path(name)
  writeFileSync(file, content)
  return file
}

const entriesOf = (db: string): Array<{ id: string; occurredAt: string; recordedBy: string; data: Record<string, unknown> }> =>
  cli('export', '--db', db, '--format', 'ndjson')
    .stdout.split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { id: string; occurredAt: string; recordedBy: string; data: Record<string, unknown> })

describe('import CSV as Excel saves it', () => {
  const header = 'id,occurredAt,recordedBy,source.system,source.recordId,data.vin,data.reason'
  const row = (n: number, rest = ''): string => `7f000000-0000-4000-8000-${String(100 + n).padStart(12, '0')},2025-04-01,public-security,registry,D-${n},LSVAM4187C${String(n).padStart(7, '0')},scrapped${rest}`

  it('skips the empty columns at the end of the header and the rows that are only commas, and refuses a row with text beyond the header', () => {
    const db = tmp.path('excel.db')
    expect(cli('import', write('registered.jsonl', jsonl([1, 2, 3].map((n) => vehicleRegistered(n, '2025-03-01T09:30:00+08:00')))), '--db', db).status).toBe(0)
    const file = write('VehicleDeregistered.csv', [`${header},,,`, `${row(1)},,,`, ',,,,,,,,,', ' , ,', `${row(2)},,,x`, row(3), ''].join('\r\n'))
    const r = cli('import', file, '--db', db)
    expect(totals(r)).toEqual({ recorded: 2, duplicates: 0, rejected: 1 })
    expect(rejectsOf(`${file}.rejects.jsonl`).map((x) => [x.line, x.reason])).toEqual([[5, 'the row has 10 cells, the header has 7']])
    expect(entriesOf(db).filter((e) => e.data['reason'] === 'scrapped').map((e) => e.data['vin'])).toEqual(['LSVAM4187C0000001', 'LSVAM4187C0000003'])
  })
})
