import { startServer, type TestServer } from '@policy-ledger/testkit/postgres'
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, cliAsync, jsonl, tempDir, vehicleRegistered } from './cli.test-helpers.js'
import { rejectsOf, totals } from './import.test-helpers.js'

/*
 * Importers at once on one PostgreSQL ledger, writing to the same streams:
 * a conflict with another writer is the ledger's to retry and, where it
 * outlasts that, the import's to narrow down to its line; never the end of
 * the import.
 */

const tmp = tempDir()
let server: TestServer
beforeAll(async () => {
  server = await startServer()
}, 120_000)
afterAll(async () => {
  await server.dispose()
  tmp.remove()
})

const IMPORTERS = 4
const VEHICLES = 20

/** A trade of vehicle `vin` (one of the registered ones) by an importer, its id its own as `n`. */
const traded = (importer: number, n: number, vin = n): Record<string, unknown> => ({
  id: `7d000000-0000-4000-8000-${String(importer * 1000 + n).padStart(12, '0')}`,
  type: 'UsedCarTraded',
  occurredAt: '2025-05-02T09:30:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'used-car-market', recordId: `T-${importer}-${n}` },
  data: { vin: `LSVAM4187C${String(vin).padStart(7, '0')}`, market: { name: '嘉祥二手车市场' }, price: 8_500_000 + importer, town: 'macun' },
})

describe('import: concurrent importers on PostgreSQL', () => {
  it(`${IMPORTERS} importers of the same vehicles each record every good line or find it recorded, reject only their hostile lines, and end with a summary`, async () => {
    const url = await server.database('concurrent')
    const registrations = Array.from({ length: VEHICLES }, (_, i) => vehicleRegistered(i + 1, '2025-03-01T09:30:00+08:00'))
    const files = Array.from({ length: IMPORTERS }, (_, importer) => {
      const file = tmp.path(`importer-${importer}.jsonl`)
      const trades = Array.from({ length: VEHICLES }, (_, i) => traded(importer, i + 1))
      // vehicle 1 is registered by then, so its stream is past revision 0 whoever got there first
      const stale = JSON.stringify({ ...traded(importer, 900, 1), expectedRevision: 0 })
      const twice = JSON.stringify(traded(importer, 901)).replace('"data":{', '"data":{"price":1,')
      writeFileSync(file, `${jsonl(registrations)}${jsonl(trades.slice(0, 10))}${stale}\n${jsonl(trades.slice(10))}${twice}\n`)
      return file
    })
    const hostileLines = [VEHICLES + 11, 2 * VEHICLES + 2]

    const runs = await Promise.all(files.map((file) => cliAsync('import', file, '--db', url)))
    runs.forEach((r, importer) => {
      expect(r.stderr).not.toMatch(/unexpected error/)
      expect(r.status).toBe(1)
      const sum = totals(r)
      // what the importer said, so that a failure shows which line went where
      const said = `importer ${importer}:\n${r.stdout}${r.stderr}`
      expect(sum.recorded + sum.duplicates, said).toBe(2 * VEHICLES)
      expect(sum.rejected, said).toBe(2)
      const rejects = rejectsOf(`${files[importer]}.rejects.jsonl`)
      expect(rejects.map((x) => x.line)).toEqual(hostileLines)
      expect(rejects[0]?.reason).toMatch(/expected revision 0, but the stream is at \d+/)
      expect(rejects[1]?.reason).toMatch(/the key "price" appears twice/)
    })
    expect(runs.reduce((n, r) => n + totals(r).recorded, 0)).toBe(VEHICLES + IMPORTERS * VEHICLES)

    const exported = cli('export', '--db', url, '--format', 'ndjson')
    expect(exported.status).toBe(0)
    const ids = exported.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)
    const expected = [...registrations.map((r) => r['id']), ...Array.from({ length: IMPORTERS }, (_, i) => Array.from({ length: VEHICLES }, (_, v) => traded(i, v + 1)['id'])).flat()]
    expect(new Set(ids)).toEqual(new Set(expected))
    expect(ids).toHaveLength(expected.length)
  }, 240_000)
})
