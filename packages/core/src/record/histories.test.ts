import { describe, expect, it } from 'vitest'
import { uuid, vin } from '../audit/log.test-helpers.js'
import { registry } from '../events/index.js'
import { emptyHistory, type History } from '../stream-fold.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { knownStreams, prepare } from './histories.js'
import { assessed, leftOf, op, resolvedOn, rightOf, withLegacyStream } from './steps.test-helpers.js'

/** A memory store that notes the streams it is asked to read, a list per query. */
const counting = () => {
  const store = memoryStore()
  const { readStreams } = store
  if (readStreams === undefined) throw new Error('the memory store reads many streams at once')
  const asked: string[][] = []
  const counted: EventStore = {
    ...store,
    readStream: (s) => (asked.push([s]), store.readStream(s)),
    readStreams: (names) => (asked.push([...names]), readStreams(names)),
  }
  return { store: counted, asked }
}

/** A vehicle's history as a cache may hold it, at `revision`. */
const vehicleHistory = (car: string, revision: number): History => {
  const registered = registry.get('VehicleRegistered')
  if (registered === undefined) throw new Error('no VehicleRegistered')
  return { ...emptyHistory(`vehicle-${car}`, registered.aggregate), revision }
}

describe('what a batch’s streams are decided against', () => {
  it('finds a key’s history on the stream an earlier release named it by, and remembers where', async () => {
    const store = await withLegacyStream([assessed(1, 'E-7', 'L-1', 100)])
    const streams = knownStreams(100)
    const batch = await resolvedOn(store, [assessed(2, 'E-7', 'L-1', 200)])
    expect(batch[0]?.stream).toBe('capacity-E-7/L-1')
    const prepared = rightOf(await prepare(store, streams, batch))
    expect(prepared.batch[0]?.stream).toBe('capacity-E-7-L-1')
    expect(prepared.stored.get('capacity-E-7-L-1')?.map((e) => e.id)).toEqual([uuid(1)])
    expect([...streams.aliases]).toEqual([['capacity-E-7/L-1', 'capacity-E-7-L-1']])
  })

  it('gives the other key the old name confused a stream of its own', async () => {
    const store = await withLegacyStream([assessed(1, 'E-7', 'L-1', 100)])
    const streams = knownStreams(100)
    const prepared = rightOf(await prepare(store, streams, await resolvedOn(store, [assessed(2, 'E', '7-L-1', 200)])))
    expect(prepared.batch[0]?.stream).toBe('capacity-E/7-L-1')
    expect(streams.aliases.size).toBe(0)
  })

  it('refuses an old stream two keys came to share, naming it and the stray entry', async () => {
    const store = await withLegacyStream([assessed(1, 'E-7', 'L-1', 100), assessed(2, 'E', '7-L-1', 110)])
    const error = leftOf(await prepare(store, knownStreams(100), await resolvedOn(store, [assessed(3, 'E-7', 'L-1', 200)])))
    expect(error).toMatchObject({ code: 'INVARIANT_VIOLATED', stream: 'capacity-E-7-L-1' })
    expect(error.message).toBe(
      'capacity-E-7-L-1: recorded before stream names were made unambiguous, this stream holds facts of more than one aggregate (capacity-E-7/L-1 and that of entry 00000000-0000-4000-8000-000000000002); new facts cannot be decided against it: see docs/events.md, "Streams"',
    )
  })

  it('answers from the cache where it can, and reads the rest in one query where the store can', async () => {
    const { store, asked } = counting()
    const streams = knownStreams(100)
    // a single uncached stream is left to be read when it is decided
    const one = rightOf(await prepare(store, streams, await resolvedOn(store, [op('register', 1, 0, 1)])))
    expect(one.stored.size).toBe(0)
    expect(asked).toEqual([])
    streams.cache.set(`vehicle-${vin(1)}`, vehicleHistory(vin(1), 0))
    const three = await resolvedOn(store, [op('register', 1, 0, 1), op('register', 2, 0, 2), op('register', 3, 0, 3)])
    const prepared = rightOf(await prepare(store, streams, three))
    expect([...prepared.cached.keys()]).toEqual([`vehicle-${vin(1)}`])
    expect(asked).toEqual([[`vehicle-${vin(2)}`, `vehicle-${vin(3)}`]])
    expect([...prepared.stored]).toEqual([
      [`vehicle-${vin(2)}`, []],
      [`vehicle-${vin(3)}`, []],
    ])
  })

  it('does not answer from the cache for a caller who pinned another revision', async () => {
    const streams = knownStreams(100)
    const store = memoryStore()
    streams.cache.set(`vehicle-${vin(1)}`, vehicleHistory(vin(1), 1))
    const pinned = await resolvedOn(store, [{ ...op('trade', 1, 5, 2), expectedRevision: 2 }])
    expect(rightOf(await prepare(store, streams, pinned)).cached.size).toBe(0)
    const agreeing = await resolvedOn(store, [{ ...op('trade', 1, 5, 2), expectedRevision: 1 }])
    expect(rightOf(await prepare(store, streams, agreeing)).cached.size).toBe(1)
  })
})
