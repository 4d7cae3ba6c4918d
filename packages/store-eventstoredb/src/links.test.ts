import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { EventStoreDBClient, NO_STREAM } from '@eventstore/db-client'
import { createLedger, EMPTY_HEAD, seal, type EntryDraft } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { toLogEvent } from './codec.js'
import { names } from './names.js'
import { readEvents } from './reads.js'
import { freshPrefix, open, right, targets } from './targets.test-helpers.js'

const registered = (n: number) =>
  input('VehicleRegistered', { vin: vinFrom(n), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: 'zhifang' }, { seed: `links-${n}` })

const draftOf = (n: number): EntryDraft => {
  const i = registered(n)
  return { id: i.id, type: i.type, version: 1, stream: `vehicle-${vinFrom(n)}`, revision: 1, occurredAt: i.occurredAt, recordedBy: i.recordedBy, source: i.source, correlationId: null, causationId: null, data: i.data }
}

for (const target of targets) {
  describe(`${target.name}: links rolled forward`, () => {
    it('a commit whose writer died before linking it is linked by the next reader or writer', async () => {
      const connectionString = await target.connectionString()
      const prefix = freshPrefix()
      const streams = names(prefix)
      // a writer that committed to the log and died before writing a single link
      const client = EventStoreDBClient.connectionString(connectionString)
      const { entries } = seal(EMPTY_HEAD, [draftOf(1), draftOf(2)], Date.now())
      await client.appendToStream(streams.log, entries.map((e) => toLogEvent(e, new Float64Array())), { expectedRevision: NO_STREAM })
      expect(await readEvents(client, streams.stream(`vehicle-${vinFrom(1)}`), { count: 10 })).toEqual([])

      const store = await open(connectionString, prefix)
      const found = right(await store.findByIds([registered(2).id])())
      expect(found.map((e) => e.position)).toEqual([2])
      expect(right(await store.readStream(`vehicle-${vinFrom(1)}`)()).map((e) => e.id)).toEqual([registered(1).id])
      // the expected revision is checked against the rolled-forward stream
      const ledger = createLedger({ plan: jiaxiang2024, store })
      const stale = await ledger.record({ ...registered(1), id: registered(3).id, expectedRevision: 0 })()
      expect(E.isLeft(stale) && stale.left.code).toBe('CONCURRENCY_CONFLICT')
      const again = await ledger.record(registered(2))()
      expect(E.isLeft(again) && again.left.code).toBe('DUPLICATE')
      const third = right(await ledger.record(registered(3))())
      expect(third.position).toBe(3)
      // each link was written once, however many times it was rolled forward
      expect(await readEvents(client, streams.stream(`vehicle-${vinFrom(1)}`), { count: 10 })).toHaveLength(1)
      expect(await readEvents(client, streams.id(registered(3).id), { count: 10 })).toHaveLength(1)
      await Promise.all([client.dispose(), store.close()])
    })
  })
}
