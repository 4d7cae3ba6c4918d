import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, entryBody, generateSigningKeys, hashBody, signCheckpoint, trustCheckpoints, verifyStore, type Entry, type TrustedCheckpoints, type UnsealedEntry, type Verification, type VerifyOptions } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

/*
 * Verifying a real SQLite file on several threads must give the verdict the
 * sequential walker gives, clean or tampered, wherever the tampering falls
 * relative to the chunks the threads share out. Pages of 3 entries, so that
 * a log of a few dozen entries has chunk boundaries every third position.
 */

const PAGE = 3
const temp = tempDir()
const base = temp.file('base.db')
let log: ReadonlyArray<Entry> = []
let trusted: TrustedCheckpoints

beforeAll(async () => {
  const store = sqliteStore({ file: base })
  const cars = registrations(11, 0, 20)
  const recorded = await createLedger({ plan: jiaxiang2024, store }).recordBatch([...cars, ...cars.slice(0, 7).map((c, k) => traded((c.data as { vin: string }).vin, k))])()
  await store.close()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
  log = recorded.right.recorded
  const keys = generateSigningKeys()
  const signed = log.map((e) => signCheckpoint({ origin: 'verify-parallel', size: e.position, head: e.hash, at: e.recordedAt }, keys.privateKey))
  const trust = trustCheckpoints(signed, keys.publicKey)
  if (E.isLeft(trust)) throw new Error(trust.left.message)
  trusted = trust.right
})
afterAll(() => temp.remove())

let copies = 0
/** A copy of the base file, changed by SQL on its rows. */
const copyOf = (tamper: (db: Database.Database) => void): string => {
  const file = temp.file(`copy-${++copies}.db`)
  copyFileSync(base, file)
  const db = new Database(file)
  try {
    tamper(db)
  } finally {
    db.close()
  }
  return file
}

const verdict = async (file: string, checkpoints: TrustedCheckpoints | undefined, options: VerifyOptions): Promise<Verification> => {
  const store = sqliteStore({ file, readonly: true })
  try {
    const v = await verifyStore(store, checkpoints, { pageSize: PAGE, parallelFrom: 0, ...options })()
    if (E.isLeft(v)) throw new Error(v.left.message)
    return v.right
  } finally {
    await store.close()
  }
}

const unsealed = ({ hash: _h, ...rest }: Entry): UnsealedEntry => rest
const entryAt = (p: number): Entry => log[p - 1] as Entry
const forged = (e: UnsealedEntry): UnsealedEntry => ({ ...e, data: { ...(e.data as object), forged: true } })

/** What someone with write access to the file can do at a position, as in the tamper matrix. */
const tamperings: ReadonlyArray<{ readonly name: string; readonly apply: (db: Database.Database, p: number) => void }> = [
  { name: 'body changed', apply: (db, p) => db.prepare('UPDATE entries SET body = ? WHERE position = ?').run(entryBody(forged(unsealed(entryAt(p)))), p) },
  { name: 'hash changed', apply: (db, p) => db.prepare('UPDATE entries SET hash = ? WHERE position = ?').run(`sha256:${'f'.repeat(64)}`, p) },
  {
    name: 'body changed and re-hashed',
    apply: (db, p) => {
      const body = entryBody(forged(unsealed(entryAt(p))))
      db.prepare('UPDATE entries SET body = ?, hash = ? WHERE position = ?').run(body, hashBody(body), p)
    },
  },
  { name: 'row deleted', apply: (db, p) => db.prepare('DELETE FROM entries WHERE position = ?').run(p) },
  {
    name: 'rows swapped',
    apply: (db, p) =>
      db.transaction(() => {
        const q = p < log.length ? p + 1 : p - 1
        db.prepare('UPDATE entries SET position = -1 WHERE position = ?').run(p)
        db.prepare('UPDATE entries SET position = ? WHERE position = ?').run(p, q)
        db.prepare('UPDATE entries SET position = ? WHERE position = -1').run(q)
      })(),
  },
  { name: 'tail cut off', apply: (db, p) => db.prepare('DELETE FROM entries WHERE position >= ?').run(p) },
]

const withoutWorkers = ({ workers: _w, ...v }: Verification): Verification => v

describe('verifying a SQLite file on several threads', () => {
  it('uses worker threads on a clean file and gives the sequential verdict', async () => {
    const sequential = await verdict(base, trusted, { threads: 1 })
    expect(sequential).toMatchObject({ ok: true, count: log.length, checkpoints: log.length })
    expect(sequential.workers).toBeUndefined()
    // this thread only joins: every chunk is a worker's
    const workersOnly = await verdict(base, trusted, { threads: 2, thisThreadToo: false })
    expect(workersOnly.workers).toBeGreaterThanOrEqual(1)
    expect(withoutWorkers(workersOnly)).toEqual(sequential)
    const shared = await verdict(base, undefined, { threads: 2 })
    expect(withoutWorkers(shared)).toEqual({ ...sequential, checkpoints: 0 })
  })

  it('gives the sequential verdict for every tampering, wherever it falls among the chunks', async () => {
    const n = log.length
    // chunk boundaries (every PAGE positions) and their neighbours, the first and last, and anywhere
    const position = fc.oneof(
      fc.nat({ max: Math.floor(n / PAGE) - 1 }).chain((k) => fc.constantFrom(k * PAGE, k * PAGE + 1, k * PAGE + PAGE)).filter((p) => p >= 1),
      fc.constantFrom(1, n),
      fc.integer({ min: 1, max: n }),
    )
    let joinedOnly = 0
    let byWorkers = 0
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: tamperings.length - 1 }), position, fc.boolean(), fc.boolean(), async (which, p, signed, thisThreadToo) => {
        const file = copyOf((db) => (tamperings[which] as (typeof tamperings)[number]).apply(db, p))
        const checkpoints = signed ? trusted : undefined
        const sequential = await verdict(file, checkpoints, { threads: 1 })
        const parallel = await verdict(file, checkpoints, { threads: 2, thisThreadToo })
        expect(withoutWorkers(parallel)).toEqual(sequential)
        if (!thisThreadToo) {
          joinedOnly++
          if ((parallel.workers ?? 0) > 0) byWorkers++
        }
      }),
      { numRuns: 24 },
    )
    // the verdicts were not all this thread's alone: where only workers verified chunks, they did
    // (a tail cut short enough leaves too little to share out, hence not every time)
    expect(byWorkers).toBeGreaterThan(joinedOnly / 2)
  })
})
