import { createLedger, GENESIS_HASH, hashEntry, type Entry } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { dropSchema, freshSchema, openStore, right } from './fixtures.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const url = inject('databaseUrl')
const here = dirname(fileURLToPath(import.meta.url))


interface Report {
  readonly positions: number[]
  readonly conflicts: number
  readonly otherErrors: string[]
}

/** A writer process and the lines it prints. */
const writer = (schema: string, name: string, count: number) => {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@policy-ledger/source', join(here, 'writer-process.test-helpers.ts'), url, schema, name, String(count)],
    { cwd: join(here, '..') },
  )
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const line = async (): Promise<string> => {
    const next = await lines.next()
    if (next.done === true) throw new Error(`writer ${name} ended early: ${stderr}`)
    return next.value
  }
  return {
    ready: async () => expect(await line()).toBe('ready'),
    go: () => child.stdin.write('go\n'),
    report: async (): Promise<Report> => {
      const report = JSON.parse(await line()) as Report
      const [code] = (await once(child, 'exit')) as [number]
      expect(code, stderr).toBe(0)
      return report
    },
  }
}

describe('postgres: two processes appending to one database', () => {
  const schema = freshSchema('procs')
  afterAll(() => dropSchema(url, schema))

  it('never forks a stream or repeats a position; losers get CONCURRENCY_CONFLICT and succeed on retry', async () => {
    const store = openStore(url, schema)
    const ledger = createLedger({ plan: jiaxiang2024, store })
    for (const n of [1, 2])
      right(
        await ledger.record(
          input(
            'VehicleRegistered',
            { vin: vinFrom(n), category: 'passenger-car', fuelType: 'petrol', emissionStandard: 'china-6b', use: 'non-commercial', town: 'zhifang' },
            { occurredAt: '2025-03-01T09:00:00+08:00', seed: `procs-${n}` },
          ),
        )(),
      )
    const count = 60
    const writers = [writer(schema, 'a', count), writer(schema, 'b', count)]
    await Promise.all(writers.map((w) => w.ready()))
    writers.forEach((w) => w.go())
    const reports = await Promise.all(writers.map((w) => w.report()))

    expect(reports.flatMap((r) => r.otherErrors)).toEqual([])
    expect(reports.map((r) => r.positions.length)).toEqual([count, count])
    // they did race: some appends lost and were tried again
    expect(reports.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0)
    const claimed = reports.flatMap((r) => r.positions).sort((x, y) => x - y)
    expect(claimed).toEqual(Array.from({ length: 2 * count }, (_, i) => i + 3))

    const log: ReadonlyArray<Entry> = right(await store.readAll({ after: 0, limit: 1000 })())
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: 2 * count + 2 }, (_, i) => i + 1))
    log.forEach((e, i) => {
      const { hash, ...unsealed } = e
      expect(hashEntry(unsealed)).toBe(hash)
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1]?.hash)
    })
    for (const n of [1, 2]) {
      const revisions = log.filter((e) => e.stream === `vehicle-${vinFrom(n)}`).map((e) => e.revision)
      expect(revisions).toEqual(Array.from({ length: count + 1 }, (_, i) => i + 1))
    }
    await store.close()
  })
})
