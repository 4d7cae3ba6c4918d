import {
  copyLog,
  createLedger,
  entryBody,
  generateDepartmentKeys,
  memoryStore,
  parseKeyring,
  signerFromPem,
  writeSnapshots,
  hashEntry,
  metricByName,
  packDeltas,
  seriesKey,
  unpackDeltas,
  verifyStore,
  type Entry,
  type EventStore,
  type LedgerError,
  type RecordInput,
} from '@policy-ledger/core'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { input } from '../fixtures.js'
import { uuidFrom, vinFrom } from '../ids.js'

/**
 * A store under test. `another` opens a second handle on the same
 * underlying log (another connection, another client), so that the suite can
 * race two writers; a store that lives in one object may return itself.
 */
export interface StoreUnderTest {
  readonly store: EventStore
  readonly another: () => Promise<EventStore>
  readonly dispose: () => Promise<void>
}

export interface ConformanceOptions {
  /** runs of each property; stores with costly setup may ask for fewer */
  readonly propertyRuns?: number
}

const right = <A>(e: E.Either<LedgerError, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected success, got ${e.left.code}: ${e.left.message}`)
  return e.right
}
const left = <A>(e: E.Either<LedgerError, A>): LedgerError => {
  if (E.isRight(e)) throw new Error('expected an error, got success')
  return e.left
}

const registered = (n: number, fuelType: 'bev' | 'petrol' = 'bev', occurredAt = '2025-03-01T09:00:00+08:00'): RecordInput =>
  input(
    'VehicleRegistered',
    { vin: vinFrom(n), category: 'passenger-car', fuelType, emissionStandard: fuelType === 'bev' ? 'none' : 'china-6b', use: 'non-commercial', town: 'zhifang' },
    { occurredAt, seed: `reg-${n}-${occurredAt}` },
  )
const traded = (n: number, k: number, occurredAt = '2025-04-01T09:00:00+08:00'): RecordInput =>
  input('UsedCarTraded', { vin: vinFrom(n), market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000 + k, town: 'jiaxiang' }, { occurredAt, seed: `trade-${n}-${k}`, recordedBy: 'commerce' })

/** What an entry says, without what the commit stamped on it. */
const said = (e: Entry) => ({ id: e.id, type: e.type, stream: e.stream, revision: e.revision, position: e.position, data: e.data })

const readEverything = async (store: EventStore): Promise<Entry[]> => {
  const out: Entry[] = []
  for (;;) {
    const page = right(await store.readAll({ after: out.length, limit: 7 })())
    if (page.length === 0) return out
    out.push(...page)
  }
}

const expectIntactChain = (log: ReadonlyArray<Entry>): void => {
  log.forEach((e, i) => {
    expect(e.position).toBe(i + 1)
    const { hash, ...unsealed } = e
    expect(hashEntry(unsealed)).toBe(hash)
    if (i > 0) expect(e.prevHash).toBe(log[i - 1]?.hash)
  })
}

/**
 * The store conformance suite. Every adapter runs it unchanged; an adapter is
 * done when it passes.
 */
export const storeConformance = (name: string, open: () => Promise<StoreUnderTest>, options: ConformanceOptions = {}): void => {
  const runs = options.propertyRuns ?? 15
  describe(`${name}: store conformance`, () => {
    const opened: StoreUnderTest[] = []
    const fresh = async (): Promise<StoreUnderTest> => {
      const s = await open()
      opened.push(s)
      return s
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.dispose()))
    })

    it('appends and reads back a stream in revision order', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      const inputs = [registered(1), traded(1, 1), traded(1, 2)]
      for (const i of inputs) right(await ledger.record(i)())
      const stream = right(await store.readStream(`vehicle-${vinFrom(1)}`)())
      expect(stream.map((e) => [e.revision, e.id])).toEqual(inputs.map((i, k) => [k + 1, i.id]))
      expect(stream.map((e) => e.data)).toEqual(inputs.map((i) => i.data))
      expect(right(await store.readStream('vehicle-NOSUCHSTREAM')())).toEqual([])
    })

    it('reads the whole log in global order from any position', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([1, 2, 3, 4, 5].map((n) => registered(n)))())
      right(await ledger.recordBatch([1, 2, 3].map((n) => traded(n, 0)))())
      right(await ledger.record(traded(4, 9))())
      const log = await readEverything(store)
      expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
      for (const after of [0, 3, 8, 9, 20]) {
        const page = right(await store.readAll({ after, limit: 4 })())
        expect(page.map((e) => e.position)).toEqual(log.slice(after, after + 4).map((e) => e.position))
      }
      expect(right(await store.head()()).position).toBe(9)
      expect(right(await store.head()()).hash).toBe(log[8]?.hash)
    })

    it('verifies its own log; a raw page, where it offers them, holds the hash of each entry and the bytes it covers', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([1, 2, 3, 4, 5].map((n) => registered(n)))())
      right(await ledger.recordBatch([1, 2, 3].map((n) => traded(n, 0)))())
      const log = await readEverything(store)
      expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: log.length, headHash: log[log.length - 1]?.hash })
      const { readRaw } = store
      for (const after of readRaw === undefined ? [] : [0, 3, 7, 8, 20]) {
        const raw = right(await (readRaw as NonNullable<typeof readRaw>)({ after, limit: 4 })())
        const expected = log.slice(after, after + 4)
        expect(raw.hashes).toEqual(expected.map((e) => e.hash))
        expect(raw.bodies.map((b) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8')))).toEqual(expected.map(({ hash: _hash, ...e }) => entryBody(e)))
      }
    })

    it('keeps a copied log exactly as sealed, into an empty store only, and refuses a commit that does not extend its head', async () => {
      // the source is another store altogether: a copy goes from any store to any other
      const source = memoryStore()
      let now = Date.UTC(2025, 5, 1)
      const ledger = createLedger({ store: source, clock: () => (now += 1_000) })
      right(await ledger.recordBatch([1, 2, 3].map((n) => registered(n)))())
      right(await ledger.record(traded(1, 1))())
      right(await ledger.recordBatch([traded(2, 1), traded(3, 1)])())
      const original = await readEverything(source)
      const { store } = await fresh()
      expect(right(await copyLog(source, store, { pageSize: 2 })())).toEqual({ entries: 6, commits: 3, headHash: original[5]?.hash })
      // positions, recordedAt and hashes as they were: the copy is the same log
      expect(await readEverything(store)).toEqual(original)
      expect(right(await store.head()())).toEqual(right(await source.head()()))
      expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 6, headHash: original[5]?.hash })
      // a store that holds entries is no target
      expect(left(await copyLog(source, store)())).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'to' }] })
      const appendSealed = store.appendSealed
      expect(appendSealed).toBeDefined()
      if (appendSealed === undefined) return
      // a commit of the source's again (positions taken), one that skips a position, one not linked: refused, nothing written
      const more = right(await ledger.record(traded(1, 2))())
      for (const entries of [[original[5] as Entry], [{ ...more, position: 8 }], [{ ...more, prevHash: original[0]?.hash as string }]])
        expect(left(await appendSealed({ entries, deltas: entries.map(() => new Float64Array()) })())).toMatchObject({ code: 'INTEGRITY_FAILED' })
      expect(right(await store.head()()).position).toBe(6)
      right(await appendSealed({ entries: [more], deltas: [new Float64Array()] })())
      expect(right(await store.head()()).hash).toBe(more.hash)
    })

    it('lists the snapshots it keeps, where it keeps any, for verifying to check', async () => {
      const { store } = await fresh()
      if (store.readSnapshot === undefined && store.writeSnapshot === undefined) return
      expect(store.listSnapshots).toBeDefined()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([1, 2, 3, 4, 5].map((n) => registered(n)))())
      right(await writeSnapshots(store, 2)())
      expect(right(await (store.listSnapshots as NonNullable<EventStore['listSnapshots']>)()())).toMatchObject([{ position: 2 }, { position: 4 }])
      expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 5, derived: { snapshots: 2 } })
    })

    it('refuses a stale expected revision and writes nothing', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.record(registered(1))())
      const before = right(await store.head()())
      const conflict = left(await ledger.record({ ...traded(1, 1), expectedRevision: 0 })())
      expect(conflict.code).toBe('CONCURRENCY_CONFLICT')
      // the port itself refuses, whatever a ledger believed
      const raw = left(
        await store.append({
          drafts: [{ entry: { ...draftOf(traded(1, 2)), stream: `vehicle-${vinFrom(1)}`, revision: 1 }, deltas: new Float64Array() }],
          expected: [{ stream: `vehicle-${vinFrom(1)}`, revision: 0 }],
          now: Date.now(),
        })(),
      )
      expect(raw.code).toBe('CONCURRENCY_CONFLICT')
      expect(right(await store.head()())).toEqual(before)
      right(await ledger.record({ ...traded(1, 3), expectedRevision: 1 })())
    })

    it('refuses an id it already holds and writes nothing', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      const first = right(await ledger.record(registered(1))())
      const before = right(await store.head()())
      const raw = left(
        await store.append({
          drafts: [{ entry: { ...draftOf(registered(2)), id: first.id }, deltas: new Float64Array() }],
          expected: [{ stream: `vehicle-${vinFrom(2)}`, revision: 0 }],
          now: Date.now(),
        })(),
      )
      expect(raw.code).toBe('ID_CONFLICT')
      expect(right(await store.head()())).toEqual(before)
    })

    it('is idempotent: the same id and content again writes nothing; other content under the same id is an error', async () => {
      const subject = await fresh()
      const { store } = subject
      const ledger = createLedger({ store })
      const batch = [registered(1), registered(2), traded(1, 1)]
      const first = right(await ledger.recordBatch(batch)())
      expect(first.recorded).toHaveLength(3)
      const again = right(await ledger.recordBatch(batch)())
      expect(again.recorded).toHaveLength(0)
      expect(again.duplicates.map((e) => e.id).sort()).toEqual(batch.map((i) => i.id).sort())
      const single = left(await ledger.record(registered(2))())
      expect(single.code).toBe('DUPLICATE')
      const changed = left(await ledger.record({ ...traded(1, 1), data: { ...(traded(1, 1).data as object), price: 1 } } as RecordInput)())
      expect(changed.code).toBe('ID_CONFLICT')
      // a second ledger (another process) sees the same ids
      const other = createLedger({ store: await subject.another() })
      expect(right(await other.recordBatch(batch)()).recorded).toHaveLength(0)
      expect(right(await store.head()()).position).toBe(3)
    })

    it('writes a batch whole or not at all', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.record(registered(1))())
      const scrapped = input('VehicleScrapped', { vin: vinFrom(1), category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收有限公司', licence: 'JX-2019-001' }, town: 'macun' }, { occurredAt: '2025-05-01T09:00:00+08:00', recordedBy: 'commerce' })
      // the last input would trade a scrapped car: the whole batch is refused
      const refused = left(await ledger.recordBatch([registered(2), scrapped, traded(1, 1, '2025-06-01T09:00:00+08:00')])())
      expect(refused.code).toBe('INVARIANT_VIOLATED')
      expect(right(await store.head()()).position).toBe(1)
      // at the port: a batch whose second stream is stale leaves the first unwritten too
      const raw = left(
        await store.append({
          drafts: [
            { entry: { ...draftOf(registered(3)), stream: `vehicle-${vinFrom(3)}`, revision: 1 }, deltas: new Float64Array() },
            { entry: { ...draftOf(traded(1, 5)), stream: `vehicle-${vinFrom(1)}`, revision: 1 }, deltas: new Float64Array() },
          ],
          expected: [
            { stream: `vehicle-${vinFrom(3)}`, revision: 0 },
            { stream: `vehicle-${vinFrom(1)}`, revision: 0 },
          ],
          now: Date.now(),
        })(),
      )
      expect(raw.code).toBe('CONCURRENCY_CONFLICT')
      expect((await readEverything(store)).map((e) => e.id)).toEqual([registered(1).id])
      expect(right(await store.readStream(`vehicle-${vinFrom(3)}`)())).toEqual([])
    })

    it('stamps recordedAt from its own clock, increasing with every commit, whatever the clock says', async () => {
      const { store } = await fresh()
      let now = Date.parse('2026-01-01T00:00:00Z')
      const ledger = createLedger({ store, clock: () => (now -= 1000) })
      right(await ledger.recordBatch([registered(1), registered(2)])())
      right(await ledger.record(registered(3))())
      right(await ledger.record(registered(4))())
      // a caller cannot state recordedAt
      const stated = left(await ledger.record({ ...registered(5), recordedAt: '1999-01-01T00:00:00Z' } as unknown as RecordInput)())
      expect(stated.code).toBe('VALIDATION_FAILED')
      expect(stated.message).toContain('recordedAt')
      const log = await readEverything(store)
      expect(log).toHaveLength(4)
      const at = log.map((e) => Date.parse(e.recordedAt))
      expect(at[0]).toBe(at[1])
      expect(at[2]).toBeGreaterThan(at[1] as number)
      expect(at[3]).toBeGreaterThan(at[2] as number)
    })

    it('keeps an intact hash chain over canonical bytes', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([1, 2, 3].map((n) => registered(n)))())
      right(await ledger.record(traded(2, 1))())
      const log = await readEverything(store)
      expectIntactChain(log)
      expect(log[0]?.prevHash).toMatch(/^sha256:0{64}$/)
      expect(log.every((e) => /^sha256:[0-9a-f]{64}$/.test(e.hash))).toBe(true)
    })

    it('keeps each entry\'s delta to the tally beside it', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([registered(1, 'bev'), registered(2, 'petrol')])())
      const deltas = right(await store.readDeltas({ after: 0, limit: 10 })())
      expect(deltas.map((d) => d.position)).toEqual([1, 2])
      const nev = seriesKey({ metric: 'vehicles.nev.in-service', town: 'zhifang', unit: 'public-security' })
      expect(unpackDeltas(deltas[0]?.deltas ?? new Float64Array()).find((d) => d.series === nev)?.quantity).toBe(1)
      expect(unpackDeltas(deltas[1]?.deltas ?? new Float64Array()).some((d) => d.series === nev)).toBe(false)
      expect(metricByName.has('vehicles.nev.in-service')).toBe(true)
      expect(deltas[0]?.recordedAt).toBe(Date.parse((await readEverything(store))[0]?.recordedAt ?? ''))
      // the packed form round-trips exactly
      const d = unpackDeltas(deltas[0]?.deltas ?? new Float64Array())
      expect(unpackDeltas(packDeltas(d))).toEqual(d)
    })

    it('finds entries by id', async () => {
      const { store } = await fresh()
      const ledger = createLedger({ store })
      right(await ledger.recordBatch([registered(1), registered(2)])())
      const found = right(await store.findByIds([registered(2).id, uuidFrom('nobody')])())
      expect(found.map((e) => e.id)).toEqual([registered(2).id])
    })

    it('carries an attestation verbatim: read back whole by every read, its hash re-computes, and it verifies with the keyring', async () => {
      const { store } = await fresh()
      const keys = generateDepartmentKeys('ed25519')
      const signer = signerFromPem(keys.privateKey)
      const keyring = parseKeyring({ commerce: [{ alg: 'ed25519', publicKey: keys.publicKey }] })
      const stranger = parseKeyring({ commerce: [{ alg: 'ed25519', publicKey: generateDepartmentKeys('ed25519').publicKey }] })
      if (E.isLeft(signer) || E.isLeft(keyring) || E.isLeft(stranger)) throw new Error('the test keys do not load')
      const ledger = createLedger({ store })
      right(await ledger.record(registered(1))())
      const clerk = ledger.as({ id: 'commerce-clerk-07', actsFor: ['commerce'], signer: signer.right })
      const recorded = [right(await clerk.record(traded(1, 1))()), ...right(await clerk.recordBatch([traded(1, 2), traded(1, 3)])()).recorded]
      expect(recorded.map((e) => e.attestation?.signature?.key)).toEqual(recorded.map(() => keys.hex))
      const attested = (entries: ReadonlyArray<Entry>) => entries.filter((e) => e.attestation !== undefined)
      expect(attested(await readEverything(store))).toEqual(recorded)
      expect(attested(right(await store.readStream(`vehicle-${vinFrom(1)}`)()))).toEqual(recorded)
      expect(right(await store.findByIds(recorded.map((e) => e.id))())).toEqual(recorded)
      expectIntactChain(await readEverything(store))
      // the unattested first entry stays as every entry was: required signatures find it, and only it
      expect(right(await verifyStore(store, undefined, { keyring: keyring.right })())).toMatchObject({ ok: true, count: 4 })
      expect(right(await verifyStore(store, undefined, { keyring: keyring.right, requireSignatures: true })())).toMatchObject({ ok: false, position: 1, problem: 'signature-missing' })
      // and the signatures are checked: a keyring without the department's key finds the first signed entry
      expect(right(await verifyStore(store, undefined, { keyring: stranger.right })())).toMatchObject({ ok: false, position: 2, problem: 'signature-invalid' })
    })

    it('never forks a stream or repeats a position under concurrent writers', async () => {
      const subject = await fresh()
      const a = createLedger({ store: subject.store })
      const b = createLedger({ store: await subject.another() })
      right(await a.recordBatch([1, 2, 3].map((n) => registered(n)))())
      const attempts = Array.from({ length: 24 }, (_, k) => (k % 2 === 0 ? a : b).record(traded((k % 3) + 1, k))())
      const outcomes = await Promise.all(attempts)
      const ok = outcomes.filter(E.isRight).length
      expect(outcomes.filter(E.isLeft).every((o) => E.isLeft(o) && o.left.code === 'CONCURRENCY_CONFLICT')).toBe(true)
      const log = await readEverything(subject.store)
      expect(log).toHaveLength(3 + ok)
      expectIntactChain(log)
      for (const n of [1, 2, 3]) {
        const revisions = log.filter((e) => e.stream === `vehicle-${vinFrom(n)}`).map((e) => e.revision)
        expect(revisions).toEqual(revisions.map((_, i) => i + 1))
      }
    })

    it('follows the log from a checkpoint, then each new commit as it lands, every entry once', async () => {
      const subject = await fresh()
      const ledger = createLedger({ store: subject.store })
      right(await ledger.recordBatch([1, 2, 3].map((n) => registered(n)))())
      const follower = await subject.another()
      const seen: number[] = []
      const onEntries = async (entries: ReadonlyArray<Entry>): Promise<void> => {
        seen.push(...entries.map((e) => e.position))
      }
      let subscription = follower.follow({ after: 1, onEntries, batchSize: 2 })
      right(await ledger.record(traded(1, 1))())
      await until(() => seen.length >= 3)
      await subscription.stop()
      const checkpoint = subscription.position()
      expect(checkpoint).toBe(4)
      right(await ledger.recordBatch([traded(2, 1), traded(3, 1)])())
      subscription = follower.follow({ after: checkpoint, onEntries })
      await until(() => seen.length >= 5)
      await subscription.stop()
      expect(seen).toEqual([2, 3, 4, 5, 6])
    })

    it('gives the same log for any split of a sequence into batches (property)', async () => {
      const sequence = [...[1, 2, 3, 4].map((n) => registered(n)), traded(1, 1), traded(2, 1), traded(1, 2), registered(5, 'petrol'), traded(5, 1)]
      const cuts = fc.uniqueArray(fc.integer({ min: 1, max: sequence.length - 1 }), { maxLength: sequence.length - 1 })
      let reference: ReturnType<typeof said>[] | undefined
      await fc.assert(
        fc.asyncProperty(cuts, async (cs) => {
          const { store } = await fresh()
          const ledger = createLedger({ store })
          const bounds = [0, ...[...cs].sort((x, y) => x - y), sequence.length]
          for (let i = 0; i + 1 < bounds.length; i++) right(await ledger.recordBatch(sequence.slice(bounds[i], bounds[i + 1]))())
          const log = (await readEverything(store)).map(said)
          reference ??= log
          expect(log).toEqual(reference)
        }),
        { numRuns: runs },
      )
    })
  })
}

const until = async (done: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The draft a ledger would hand a store for an input, for tests that drive the port directly. */
const draftOf = (i: RecordInput) => ({
  id: i.id,
  type: i.type,
  version: 1,
  stream: `vehicle-${(i.data as { vin: string }).vin}`,
  revision: 1,
  occurredAt: i.occurredAt,
  recordedBy: i.recordedBy,
  source: i.source,
  correlationId: null,
  causationId: null,
  data: i.data,
})
