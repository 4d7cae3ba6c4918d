import { createLedger, type Entry } from '@policy-ledger/core'
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
