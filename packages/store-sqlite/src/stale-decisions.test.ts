import { createLedger, type RecordInput } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { child } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

/*
 * Two writers in two processes take turns on the same vehicles. Each keeps its own cache of what it
 * decided; neither may answer from it once the other has written. The oracle is a ledger made
 * afresh for every step over a file of its own: what the stream as stored says.
 */

const actions = ['register', 'deregister', 'scrap', 'trade'] as const
type Action = (typeof actions)[number]

const eventOf = (action: Action, vin: string, step: number): RecordInput => {
  const at = { seed: `stale-${vin}-${step}`, occurredAt: `2025-01-01T08:00:00+08:00`.replace('01T', `${String((step % 28) + 1).padStart(2, '0')}T`).replace('-01-', `-${String(Math.floor(step / 28) + 1).padStart(2, '0')}-`) }
  switch (action) {
    case 'register':
      return input('VehicleRegistered', { vin, category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' }, at)
    case 'deregister':
      return input('VehicleDeregistered', { vin, reason: 'other' }, at)
    case 'scrap':
      return input(
        'VehicleScrapped',
        { vin, category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收拆解有限公司', licence: 'JX-001' }, town: 'zhifang' },
        { ...at, recordedBy: 'commerce' },
      )
    case 'trade':
      return input('UsedCarTraded', { vin, market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000, town: 'jiaxiang' }, { ...at, recordedBy: 'commerce' })
  }
}

const temp = tempDir()
const shared = temp.file('shared.db')
const oracle = temp.file('oracle.db')
const writers = [0, 1].map(() => child('./decider-child.test-helpers.ts', [shared]))

/** What a writer answers to one event. */
const ask = async (w: (typeof writers)[number], event: RecordInput): Promise<string> => {
  const before = w.lines.length
  w.process.stdin?.write(`${JSON.stringify(event)}\n`)
  while (w.lines.length === before) {
    if (w.process.exitCode !== null) throw new Error('a writer died')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return w.lines.at(-1) as string
}

beforeAll(async () => {
  // the schema is made once, before either writer opens the file
  await sqliteStore({ file: shared }).close()
  while (!writers.every((w) => w.lines.includes('ready'))) await new Promise((resolve) => setTimeout(resolve, 10))
  for (const w of writers) w.lines.length = 0
})

afterAll(async () => {
  for (const w of writers) w.process.stdin?.end()
  await Promise.all(writers.map((w) => w.exited))
  temp.remove()
})

it('two processes writing the same streams in turn answer as a fresh ledger does (property)', async () => {
  let run = 0
  let refusalsAnsweredFresh = 0
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ writer: fc.integer({ min: 0, max: 1 }), action: fc.constantFrom(...actions), vin: fc.integer({ min: 0, max: 1 }) }), { minLength: 4, maxLength: 14 }), async (steps) => {
      run++
      const answers: string[] = []
      const expected: string[] = []
      for (const [k, step] of steps.entries()) {
        const event = eventOf(step.action, vinFrom(run * 10 + step.vin), k)
        answers.push(await ask(writers[step.writer] as (typeof writers)[number], event))
        const fresh = createLedger({ plan: jiaxiang2024, store: sqliteStore({ file: oracle }) })
        const r = await fresh.record(event)()
        await fresh.store.close()
        expected.push(r._tag === 'Right' ? 'ok' : r.left.code)
      }
      expect(answers).toEqual(expected)
      // every answer is a decision on the stream, never a refused input
      expect(expected.filter((a) => a !== 'ok' && a !== 'INVARIANT_VIOLATED')).toEqual([])
      refusalsAnsweredFresh += expected.filter((a) => a === 'INVARIANT_VIOLATED').length
    }),
    { numRuns: 25 },
  )
  expect(refusalsAnsweredFresh).toBeGreaterThan(0)
})

it('P1 registers, P2 deregisters, P1 registers again: recorded, as a fresh ledger would', async () => {
  const vin = vinFrom(999_999)
  const [p1, p2] = writers as [(typeof writers)[number], (typeof writers)[number]]
  expect(await ask(p1, eventOf('register', vin, 0))).toBe('ok')
  expect(await ask(p2, eventOf('deregister', vin, 1))).toBe('ok')
  expect(await ask(p1, eventOf('register', vin, 2))).toBe('ok')
})
