import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { createLedger, hashBody, verifyStore, type Entry, type RawPage } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { expect, it, onTestFinished } from 'vitest'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'

const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

it('reads several streams in one query as readStream reads each, and a ledger with nothing cached decides on them', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const store = sqliteStore({ file: temp.file() })
  onTestFinished(() => store.close())
  const cars = registrations(3, 0, 5)
  const vins = cars.map((c) => (c.data as { vin: string }).vin)
  const first = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([...cars, traded(vins[0] as string, 1), traded(vins[2] as string, 2)])())
  const streams = [...new Set(first.recorded.map((e) => e.stream))]
  expect(streams.length).toBe(5)

  const each = (await Promise.all([...streams, 'vehicle-none'].map(async (s) => right(await store.readStream(s)())))).flat()
  const together = right(await (store.readStreams as NonNullable<typeof store.readStreams>)([...streams, 'vehicle-none'].reverse())())
  const byStream = (es: ReadonlyArray<Entry>) => [...es].sort((a, b) => a.stream.localeCompare(b.stream) || a.revision - b.revision)
  expect(together).toEqual(byStream(each))
  expect(together.filter((e) => e.stream === first.recorded[5]?.stream).map((e) => e.revision)).toEqual([1, 2])

  // a fresh ledger has nothing cached: it reads the batch's streams together and decides against them
  const again = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([traded(vins[0] as string, 3), traded(vins[1] as string, 4), traded(vins[0] as string, 5)])())
  expect(again.recorded.map((e) => [e.stream, e.revision])).toEqual([
    [first.recorded[0]?.stream, 3],
    [first.recorded[1]?.stream, 2],
    [first.recorded[0]?.stream, 4],
  ])
  // and a duplicate batch is still answered as duplicates, nothing written
  const dup = right(await createLedger({ plan: jiaxiang2024, store }).recordBatch([traded(vins[0] as string, 3)])())
  expect(dup).toMatchObject({ recorded: [], duplicates: [{ id: again.recorded[0]?.id }] })
})

it('reads raw pages exactly as the rows are stored, whatever a tampered row holds, and verify names the first tampered row', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const writer = sqliteStore({ file })
  right(await createLedger({ plan: jiaxiang2024, store: writer }).recordBatch(registrations(8, 0, 12))())
  await writer.close()
  const db = new Database(file)
  onTestFinished(() => {
    db.close()
  })
  // a forger's file: the table rebuilt without its NOT NULLs, so that a row can hold NULL
  db.exec(`CREATE TABLE loose (position INTEGER PRIMARY KEY, id TEXT, stream TEXT, revision INTEGER, hash TEXT, body TEXT);
           INSERT INTO loose SELECT position, id, stream, revision, hash, body FROM entries;
           DROP TABLE entries; ALTER TABLE loose RENAME TO entries`)
  const store = sqliteStore({ file, readonly: true })
  onTestFinished(() => store.close())
  const readRaw = store.readRaw as NonNullable<typeof store.readRaw>
  // a NULL is read as empty text
  const stored = (after: number, limit: number) => {
    const rows = db
      .prepare<[number, number], { hash: string; body: string }>(
        "SELECT coalesce(hash, '') AS hash, coalesce(body, '') AS body FROM entries WHERE position > ? ORDER BY position LIMIT ?",
      )
      .all(after, limit)
    return { hashes: rows.map((r) => r.hash), bodies: rows.map((r) => r.body) }
  }
  const asText = ({ hashes, bodies }: RawPage) => ({ hashes, bodies: bodies.map((b) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8'))) })
  const update = (set: string) => (p: number) => db.prepare(`UPDATE entries SET ${set} WHERE position = ?`).run(p)
  // raw newlines (never in canonical JSON) in a hash or a body, bytes that are not UTF-8, NULLs, a row moved
  const newlineInHash = update('hash = hash || char(10)')
  const newlineInBody = update("body = replace(body, 'zhifang', 'zhi' || char(10) || 'fang')")
  const notUtf8 = update("body = CAST(CAST(body AS BLOB) || x'ff' AS TEXT)")
  const tamperings = [
    newlineInHash,
    newlineInBody,
    notUtf8,
    update("body = replace(body, 'zhifang', char(10) || char(10))"),
    update("hash = hash || '中'"),
    update('hash = NULL'),
    update('body = NULL'),
    update('position = position + 100'),
  ]
  expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 12 })
  // bytes that are not UTF-8, hashed as they lie: a reader of the text gets something else, so verify must too
  notUtf8(12)
  const forged = db.prepare<[], Buffer>('SELECT CAST(body AS BLOB) FROM entries WHERE position = 12').pluck().get() as Buffer
  db.prepare('UPDATE entries SET hash = ? WHERE position = 12').run(hashBody(forged))
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 12, problem: 'content-changed' })
  // the next row's record spliced into a body, that row's body made NULL: the page still holds twelve hashes and bodies
  db.prepare("UPDATE entries SET body = body || char(10) || (SELECT '12 ' || hash || char(10) || body FROM entries WHERE position = 12) WHERE position = 11").run()
  update('body = NULL')(12)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 11, problem: 'content-changed' })
  newlineInHash(9)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 9, problem: 'content-changed' })
  newlineInBody(4)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 4, problem: 'content-changed' })
  notUtf8(2)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 2, problem: 'content-changed' })
  await fc.assert(
    fc.asyncProperty(fc.nat(tamperings.length - 1), fc.integer({ min: 1, max: 12 }), fc.nat(12), fc.integer({ min: 1, max: 13 }), async (how, at, after, limit) => {
      ;(tamperings[how] as (p: number) => unknown)(at)
      expect(asText(right(await readRaw({ after, limit })()))).toEqual(stored(after, limit))
    }),
    { numRuns: 80 },
  )
})
