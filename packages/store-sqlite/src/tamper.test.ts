import { createLedger, entryBody, type Entry } from '@policy-ledger/core'
import { tamperMatrix } from '@policy-ledger/testkit/tamper'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync, existsSync } from 'node:fs'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

// one ledger file recorded through the real store; each case tampers with a copy of it, by SQL on its rows
tamperMatrix('sqlite', async () => {
  const temp = tempDir()
  const base = temp.file('base.db')
  const store = sqliteStore({ file: base })
  const cars = registrations(7, 0, 4)
  const recorded = await createLedger({ store }).recordBatch([...cars, ...cars.slice(0, 3).map((c, k) => traded((c.data as { vin: string }).vin, k))])()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
  const log: ReadonlyArray<Entry> = recorded.right.recorded
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
      return {
        store: copy,
        rows: {
          rewrite: async (position, { entry, hash }) => {
            if (entry !== undefined) db.prepare('UPDATE entries SET body = ? WHERE position = ?').run(entryBody(entry), position)
            if (hash !== undefined) db.prepare('UPDATE entries SET hash = ? WHERE position = ?').run(hash, position)
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
        dispose: async () => {
          await copy.close()
          db.close()
        },
      }
    },
    dispose: async () => temp.remove(),
  }
})
