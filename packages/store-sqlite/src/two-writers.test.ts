import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type Entry } from '@policy-ledger/core'
import { vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it, onTestFinished } from 'vitest'
import { expectIntactChain } from './chain.test-helpers.js'
import { child, registrations } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

const ATTEMPTS = 60

it('two processes appending to the same streams with pinned revisions never fork a stream or repeat a position', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const store = sqliteStore({ file })
  const seeded = await createLedger({ plan: jiaxiang2024, store }).recordBatch(registrations(0, 0, 3))()
  expect(E.isRight(seeded)).toBe(true)
  const vins = [0, 1, 2].map(vinFrom)

  const writers = [1, 2].map((w) => child('./writer-child.test-helpers.ts', [file, String(w), String(ATTEMPTS), ...vins]))
  while (!writers.every((w) => w.lines.includes('ready'))) {
    if (writers.some((w) => w.process.exitCode !== null)) throw new Error('a writer died before it was ready')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  for (const w of writers) w.process.stdin?.write('go\n')
  const exits = await Promise.all(writers.map((w) => w.exited))
  expect(writers.map((w) => w.lines.at(-1))).toEqual(['done', 'done'])
  expect(exits).toEqual([0, 0])

  const page = await store.readAll({ after: 0, limit: 10_000 })()
  await store.close()
  if (E.isLeft(page)) throw new Error(page.left.message)
  const log: ReadonlyArray<Entry> = page.right
  expect(log).toHaveLength(3 + 2 * ATTEMPTS) // every attempt landed once, none twice
  expectIntactChain(log)
  for (const vin of vins) {
    const revisions = log.filter((e) => e.stream === `vehicle-${vin}`).map((e) => e.revision)
    expect(revisions).toEqual(revisions.map((_, i) => i + 1))
  }
  // what each writer was told matches the file, and the losers of a race retried and won
  const byId = new Map(log.map((e) => [e.id, e]))
  let conflicts = 0
  for (const w of writers) {
    const oks = w.lines.filter((l) => l.startsWith('ok '))
    expect(oks).toHaveLength(ATTEMPTS)
    for (const line of oks) {
      const [, id, stream, revision, lost] = line.split(' ')
      expect(byId.get(id ?? '')).toMatchObject({ stream, revision: Number(revision) })
      conflicts += Number(lost)
    }
  }
  expect(conflicts).toBeGreaterThan(0)
})
