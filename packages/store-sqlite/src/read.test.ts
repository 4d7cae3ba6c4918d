import { createLedger, verifyStore, type Entry, type RawPage } from '@policy-ledger/core'
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
  const first = right(await createLedger({ store }).recordBatch([...cars, traded(vins[0] as string, 1), traded(vins[2] as string, 2)])())
  const streams = [...new Set(first.recorded.map((e) => e.stream))]
  expect(streams.length).toBe(5)

  const each = (await Promise.all([...streams, 'vehicle-none'].map(async (s) => right(await store.readStream(s)())))).flat()
  const together = right(await (store.readStreams as NonNullable<typeof store.readStreams>)([...streams, 'vehicle-none'].reverse())())
  const byStream = (es: ReadonlyArray<Entry>) => [...es].sort((a, b) => a.stream.localeCompare(b.stream) || a.revision - b.revision)
  expect(together).toEqual(byStream(each))
  expect(together.filter((e) => e.stream === first.recorded[5]?.stream).map((e) => e.revision)).toEqual([1, 2])

  // a fresh ledger has nothing cached: it reads the batch's streams together and decides against them
  const again = right(await createLedger({ store }).recordBatch([traded(vins[0] as string, 3), traded(vins[1] as string, 4), traded(vins[0] as string, 5)])())
  expect(again.recorded.map((e) => [e.stream, e.revision])).toEqual([
    [first.recorded[0]?.stream, 3],
    [first.recorded[1]?.stream, 2],
    [first.recorded[0]?.stream, 4],
  ])
  // and a duplicate batch is still answered as duplicates, nothing written
  const dup = right(await createLedger({ store }).recordBatch([traded(vins[0] as string, 3)])())
  expect(dup).toMatchObject({ recorded: [], duplicates: [{ id: again.recorded[0]?.id }] })
})

it('reads raw pages exactly as the rows are stored, when a tampered row breaks the page framing too, and verify names that row', async () => {
  const temp = tempDir()
  onTestFinished(temp.remove)
  const file = temp.file()
  const writer = sqliteStore({ file })
  right(await createLedger({ store: writer }).recordBatch(registrations(8, 0, 12))())
  await writer.close()
  const db = new Database(file)
  onTestFinished(() => {
    db.close()
  })
  const store = sqliteStore({ file, readonly: true })
  onTestFinished(() => store.close())
  const readRaw = store.readRaw as NonNullable<typeof store.readRaw>
  const stored = (after: number, limit: number) => {
    const rows = db.prepare<[number, number], { hash: string; body: string }>('SELECT hash, body FROM entries WHERE position > ? ORDER BY position LIMIT ?').all(after, limit)
    return { hashes: rows.map((r) => r.hash), bodies: rows.map((r) => r.body) }
  }
  const asText = ({ hashes, bodies }: RawPage) => ({ hashes, bodies: bodies.map((b) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8'))) })
  // a raw newline (never in canonical JSON) in a hash, or in a body's text; a row moved to another position
  const tamperings = [
    (p: number) => db.prepare('UPDATE entries SET hash = hash || char(10) WHERE position = ?').run(p),
    (p: number) => db.prepare("UPDATE entries SET body = replace(body, 'zhifang', 'zhi' || char(10) || 'fang') WHERE position = ?").run(p),
    (p: number) => db.prepare('UPDATE entries SET position = position + 100 WHERE position = ?').run(p),
  ]
  expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 12 })
  ;(tamperings[0] as (p: number) => unknown)(9)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 9, problem: 'content-changed' })
  ;(tamperings[1] as (p: number) => unknown)(4)
  expect(right(await verifyStore(store)())).toMatchObject({ ok: false, position: 4, problem: 'content-changed' })
  await fc.assert(
    fc.asyncProperty(fc.nat(tamperings.length - 1), fc.integer({ min: 1, max: 12 }), fc.nat(12), fc.integer({ min: 1, max: 13 }), async (how, at, after, limit) => {
      ;(tamperings[how] as (p: number) => unknown)(at)
      expect(asText(right(await readRaw({ after, limit })()))).toEqual(stored(after, limit))
    }),
    { numRuns: 60 },
  )
})
