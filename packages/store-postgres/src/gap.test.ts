import { createLedger, GENESIS_HASH, hashEntry, type Entry } from '@policy-ledger/core'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { registered, right, schemaPerTest, until } from './fixtures.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const url = inject('databaseUrl')


describe('postgres: the gap problem', () => {
  const scratch = schemaPerTest(url, 'gap')
  const { open } = scratch

  it('a follower and a reader of "everything after p" see every event once, in order, while several pools append at once', async () => {
    const writers = [open(), open(), open(), open()]
    const follower = open()
    const reader = open()
    right(await follower.head()()) // migrate before the race, so that the race is about appends

    const followed: number[] = []
    const subscription = follower.follow({ after: 0, batchSize: 17, onEntries: async (es) => void followed.push(...es.map((e) => e.position)) })
    // a reader paging as fast as it can: each page must start right after the last position it saw
    let writing = true
    const read: number[] = []
    const reading = (async () => {
      for (;;) {
        // the last read starts after the writers have finished, so it sees everything
        const finished = !writing
        const page = right(await reader.readAll({ after: read.length, limit: 13 })())
        page.forEach((e, i) => expect(e.position).toBe(read.length + i + 1))
        read.push(...page.map((e) => e.position))
        if (finished && page.length === 0) return
      }
    })()

    const batches = 25
    const outcomes = await Promise.all(
      writers.map(async (store, w) => {
        const ledger = createLedger({ plan: jiaxiang2024, store })
        for (let b = 0; b < batches; b++) {
          const size = 1 + ((w + b) % 3)
          right(await ledger.recordBatch(Array.from({ length: size }, (_, k) => registered('gap', w * 10_000 + b * 10 + k)))())
        }
        return Array.from({ length: batches }, (_, b) => 1 + ((w + b) % 3)).reduce((x, y) => x + y, 0)
      }),
    )
    writing = false
    const total = outcomes.reduce((x, y) => x + y, 0)
    await reading
    await until(() => followed.length >= total, 30_000)
    await subscription.stop()

    const everyPosition = Array.from({ length: total }, (_, i) => i + 1)
    expect(followed).toEqual(everyPosition)
    expect(read).toEqual(everyPosition)
    const log: ReadonlyArray<Entry> = right(await reader.readAll({ after: 0, limit: total + 10 })())
    log.forEach((e, i) => {
      const { hash, ...unsealed } = e
      expect(hashEntry(unsealed)).toBe(hash)
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1]?.hash)
    })
  })

  it('an append waits behind a writer holding the head, and is then placed after it', async () => {
    const store = open()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    right(await ledger.record(registered('gap', 1))())
    // a slow writer in another session holds the write lock
    const slow = new pg.Client({ connectionString: url })
    await slow.connect()
    try {
      await slow.query('BEGIN')
      await slow.query(`SELECT position FROM ${pg.escapeIdentifier(scratch.schema())}.head FOR UPDATE`)
      let landed = false
      const waiting = ledger.record(registered('gap', 2))().then((r) => ((landed = true), r))
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(landed).toBe(false)
      expect(right(await open().readAll({ after: 1, limit: 10 })())).toEqual([])
      await slow.query('COMMIT')
      expect(right(await waiting).position).toBe(2)
    } finally {
      await slow.end()
    }
  })
})
