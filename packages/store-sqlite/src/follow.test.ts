import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, type Entry, type StorageFailed } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, it, onTestFinished } from 'vitest'
import { registrations } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

const poll = { idleMs: 5, retryMs: 20 }

const until = async (done: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await sleep(5)
  }
}

it('a follower restarted from its saved checkpoint, again and again while a writer appends, sees every entry exactly once', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const checkpointFile = temp.file('checkpoint')
  const writer = sqliteStore({ file })
  const ledger = createLedger({ plan: jiaxiang2024, store: writer })
  let total = 0
  const writing = (async () => {
    for (let from = 0; from < 2_000; ) {
      const count = 1 + Math.floor(Math.random() * 40)
      const r = await ledger.recordBatch(registrations(1, from, count))()
      if (E.isLeft(r)) throw new Error(r.left.message)
      total += count
      from += count
      await sleep(Math.random() * 4)
    }
  })()

  const seen: number[] = []
  let restarts = 0
  let writerDone = false
  void writing.then(() => (writerDone = true))
  while (!writerDone || seen.length < total) {
    // each run: a new process would read its checkpoint, open the file and follow from there
    const after = existsSync(checkpointFile) ? Number(readFileSync(checkpointFile, 'utf8')) : 0
    const follower = sqliteStore({ file, readonly: true, poll })
    const subscription = follower.follow({
      after,
      batchSize: 1 + Math.floor(Math.random() * 50),
      onEntries: async (entries) => {
        // handled and checkpointed together, as a projection commits its state with its position
        seen.push(...entries.map((e) => e.position))
        writeFileSync(checkpointFile, String(entries.at(-1)?.position))
      },
    })
    await sleep(Math.random() * 60)
    await subscription.stop()
    await follower.close()
    restarts++
  }
  await writing
  await writer.close()
  expect(restarts).toBeGreaterThan(5)
  expect(total).toBeGreaterThanOrEqual(2_000)
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1))
})

it('a follower whose file is moved away reports errors, writes nothing in its place, and resumes by itself when it is back', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const away = temp.file('moved-away.db')
  const writer = sqliteStore({ file })
  const ledger = createLedger({ plan: jiaxiang2024, store: writer })
  const record = async (from: number, count: number): Promise<void> => {
    const r = await ledger.recordBatch(registrations(2, from, count))()
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  await record(0, 10)

  const follower = sqliteStore({ file, poll })
  const seen: Entry[] = []
  const errors: StorageFailed[] = []
  const subscription = follower.follow({ after: 0, onEntries: async (es) => void seen.push(...es), onError: (e) => errors.push(e) })
  await until(() => seen.length === 10)

  renameSync(file, away)
  await until(() => errors.length >= 3)
  expect(errors.every((e) => e.code === 'STORAGE_FAILED' && e.message.includes(file) && e.message.includes('missing'))).toBe(true)
  const refused = await ledger.recordBatch(registrations(2, 10, 5))()
  expect(E.isLeft(refused) && refused.left.code).toBe('STORAGE_FAILED')
  expect(existsSync(file)).toBe(false) // neither store made a fresh ledger in its place

  renameSync(away, file)
  await record(10, 5)
  await until(() => seen.length === 15)
  await record(15, 5)
  await until(() => seen.length === 20)
  await subscription.stop()
  await Promise.all([follower.close(), writer.close()])
  expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  expect(seen.map((e) => e.id)).toEqual(registrations(2, 0, 20).map((i) => i.id))
})

it('a follower whose file is replaced by one that is not a ledger says so, and resumes when the ledger is put back', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const aside = temp.file('aside.db')
  const foreign = temp.file('shop.db')
  const writer = sqliteStore({ file })
  const ledger = createLedger({ plan: jiaxiang2024, store: writer })
  const record = async (from: number, count: number): Promise<void> => {
    const r = await ledger.recordBatch(registrations(3, from, count))()
    if (E.isLeft(r)) throw new Error(r.left.message)
  }
  await record(0, 10)
  await writer.close()
  const shop = new Database(foreign)
  shop.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)')
  shop.close()

  const follower = sqliteStore({ file, readonly: true, poll })
  const seen: Entry[] = []
  const errors: StorageFailed[] = []
  const subscription = follower.follow({ after: 0, onEntries: async (es) => void seen.push(...es), onError: (e) => errors.push(e) })
  await until(() => seen.length === 10)
  renameSync(file, aside)
  renameSync(foreign, file)
  await until(() => errors.some((e) => e.message.includes('not a policy-ledger database')))
  renameSync(file, foreign)
  renameSync(aside, file)
  const again = sqliteStore({ file })
  const more = await createLedger({ plan: jiaxiang2024, store: again }).recordBatch(registrations(3, 10, 5))()
  expect(E.isRight(more)).toBe(true)
  await until(() => seen.length === 15)
  await subscription.stop()
  await Promise.all([follower.close(), again.close()])
  expect(seen.map((e) => e.id)).toEqual(registrations(3, 0, 15).map((i) => i.id))
})
