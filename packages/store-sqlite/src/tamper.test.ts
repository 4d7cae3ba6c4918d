import { createLedger, entryBody, writeSnapshots, type Entry } from '@policy-ledger/core'
import { tamperMatrix, type StoredCommit } from '@policy-ledger/testkit/tamper'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync, existsSync } from 'node:fs'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const bytes = (xs: ReadonlyArray<number>, Kind: Float64ArrayConstructor | Uint32ArrayConstructor): Buffer => {
  const a = Kind.from(xs)
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}
const numbers = (b: Buffer, Kind: Float64ArrayConstructor | Uint32ArrayConstructor): number[] =>
  [...new Kind(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)]

// one ledger file recorded through the real store, in several commits, with snapshots; each case tampers with a copy of it, by SQL on its rows
tamperMatrix('sqlite', async () => {
  const temp = tempDir()
  const base = temp.file('base.db')
  const store = sqliteStore({ file: base })
  let now = Date.UTC(2025, 5, 1)
  const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => (now += 60_000) })
  const cars = registrations(7, 0, 4)
  const vin = (k: number): string => (cars[k]?.data as { vin: string }).vin
  const log: Entry[] = []
  for (const batch of [cars.slice(0, 2), [traded(vin(0), 0)], [...cars.slice(2), traded(vin(1), 1)], [traded(vin(2), 2), traded(vin(0), 3)]]) {
    const recorded = await ledger.recordBatch(batch)()
    if (E.isLeft(recorded)) throw new Error(recorded.left.message)
    log.push(...recorded.right.recorded)
  }
  const snapshots = await writeSnapshots(store, 3)()
  if (E.isLeft(snapshots)) throw new Error(snapshots.left.message)
  await store.close()
  if (existsSync(`${base}-wal`)) throw new Error('the base file was not checkpointed on close')
  let copies = 0
  return {
    log: async () => log,
    copy: async () => {
      const file = temp.file(`copy-${++copies}.db`)
      copyFileSync(base, file)
      const db = new Database(file)
      const copy = sqliteStore({ file, readonly: true })
      const putCommit = (c: StoredCommit): void => {
        db.prepare('INSERT OR REPLACE INTO commits (last_position, first_position, recorded_at, counts, deltas) VALUES (?, ?, ?, ?, ?)').run(
          c.last,
          c.first,
          c.recordedAt,
          bytes(c.counts, Uint32Array),
          bytes(c.deltas, Float64Array),
        )
      }
      return {
        store: copy,
        rows: {
          rewrite: async (position, { entry, hash }) => {
            if (entry !== undefined) db.prepare('UPDATE entries SET body = ? WHERE position = ?').run(entryBody(entry), position)
            if (hash !== undefined) db.prepare('UPDATE entries SET hash = ? WHERE position = ?').run(hash, position)
          },
          setBody: async (position, body) => {
            db.prepare('UPDATE entries SET body = ? WHERE position = ?').run(body, position)
          },
          setColumn: async (position, column, value) => {
            db.prepare(`UPDATE entries SET ${column} = ? WHERE position = ?`).run(value, position)
          },
          remove: async (from, to) => {
            db.prepare('DELETE FROM entries WHERE position BETWEEN ? AND ?').run(from, to)
          },
          swap: async (a, b) => {
            db.transaction(() => {
              db.prepare('UPDATE entries SET position = -1 WHERE position = ?').run(a)
              db.prepare('UPDATE entries SET position = ? WHERE position = ?').run(a, b)
              db.prepare('UPDATE entries SET position = ? WHERE position = -1').run(b)
            })()
          },
        },
        derived: {
          commits: async () =>
            db
              .prepare<[], { first: number; last: number; recordedAt: number; counts: Buffer; deltas: Buffer }>(
                'SELECT first_position AS first, last_position AS last, recorded_at AS recordedAt, counts, deltas FROM commits ORDER BY last_position',
              )
              .all()
              .map((r) => ({ ...r, counts: numbers(r.counts, Uint32Array), deltas: numbers(r.deltas, Float64Array) })),
          putCommit: async (c) => putCommit(c),
          deleteCommit: async (last) => {
            db.prepare('DELETE FROM commits WHERE last_position = ?').run(last)
          },
          snapshots: async () =>
            db
              .prepare<[], { position: number; recordedAt: number; deltas: Buffer }>('SELECT position, recorded_at AS recordedAt, deltas FROM snapshots ORDER BY position')
              .all()
              .map((r) => ({ ...r, deltas: numbers(r.deltas, Float64Array) })),
          putSnapshot: async (s) => {
            db.prepare('INSERT OR REPLACE INTO snapshots (position, recorded_at, deltas) VALUES (?, ?, ?)').run(s.position, s.recordedAt, bytes(s.deltas, Float64Array))
          },
          deleteSnapshot: async (position) => {
            db.prepare('DELETE FROM snapshots WHERE position = ?').run(position)
          },
        },
        dispose: async () => {
          await copy.close()
          db.close()
        },
      }
    },
    dispose: async () => temp.remove(),
  }
})
