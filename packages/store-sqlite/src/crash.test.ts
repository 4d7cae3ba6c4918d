import type { Entry, EventStore } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, it, onTestFinished } from 'vitest'
import { expectIntactChain } from './chain.test-helpers.js'
import { child, registrations } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

const KILLS = 24

interface Batch {
  readonly run: number
  readonly from: number
  readonly count: number
}

const readLog = async (store: EventStore): Promise<Entry[]> => {
  const page = await store.readAll({ after: 0, limit: 1_000_000 })()
  if (E.isLeft(page)) throw new Error(page.left.message)
  return [...page.right]
}

it(`keeps every acknowledged batch whole, and no batch in part, across ${KILLS} kill -9s`, { timeout: 120_000 }, async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const tried: Batch[] = []
  const acked: Batch[] = []
  let inFlightAtKill = 0
  for (let run = 1; run <= KILLS; run++) {
    const c = child('./crash-child.test-helpers.ts', [file, String(run)])
    while (!c.lines.some((l) => l.startsWith('ack'))) {
      if (c.process.exitCode !== null) break
      await sleep(5)
    }
    await sleep(Math.random() * 300)
    c.process.kill('SIGKILL')
    expect(await c.exited).toBeNull() // killed, not exited on its own (an append error would exit 1)
    for (const line of c.lines) {
      const [what, from, count] = line.split(' ')
      const batch = { run, from: Number(from), count: Number(count) }
      if (what === 'try') tried.push(batch)
      else if (what === 'ack') acked.push(batch)
      else throw new Error(`child ${run} said: ${line}`)
    }
    if (c.lines.at(-1)?.startsWith('try')) inFlightAtKill++
  }

  const store = sqliteStore({ file, readonly: true })
  const log = await readLog(store)
  const deltas = await store.readDeltas({ after: 0, limit: 1_000_000 })()
  await store.close()
  // every entry's deltas beside it, commit blocks whole
  expect(E.isRight(deltas) && deltas.right.map((d) => d.position)).toEqual(log.map((e) => e.position))
  expectIntactChain(log)
  const at = new Map(log.map((e) => [e.id, e]))
  let present = 0
  for (const b of tried) {
    const found = registrations(b.run, b.from, b.count).map((i) => at.get(i.id))
    const whole = found.every((e) => e !== undefined)
    // all of a batch or none of it; if there, one commit: consecutive positions, one recordedAt
    expect(whole || found.every((e) => e === undefined)).toBe(true)
    if (whole) {
      present += b.count
      const positions = found.map((e) => e?.position ?? 0)
      expect(positions).toEqual(positions.map((_, i) => (positions[0] ?? 0) + i))
      expect(new Set(found.map((e) => e?.recordedAt)).size).toBe(1)
    }
  }
  for (const b of acked) expect(registrations(b.run, b.from, b.count).every((i) => at.has(i.id))).toBe(true)
  expect(present).toBe(log.length) // nothing in the file that no child tried
  expect(acked.length).toBeGreaterThanOrEqual(KILLS)
  expect(inFlightAtKill).toBeGreaterThan(0) // some kills landed while an append was under way

  const db = new Database(file, { readonly: true })
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  db.close()
})
