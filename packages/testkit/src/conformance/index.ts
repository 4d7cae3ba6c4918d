import {
  copyLog,
  createLedger,
  EMPTY_HEAD,
  entryBody,
  entriesAt,
  entryOf,
  generateDepartmentKeys,
  GENESIS_HASH,
  memoryStore,
  parseKeyring,
  seal,
  signerFromPem,
  writeSnapshots,
  hashEntry,
  metricByName,
  packDeltas,
  sameSeries,
  seriesKey,
  unpackDeltas,
  verifyStore,
  breakdown,
  loadTally,
  report,
  type AppendRequest,
  type Entry,
  type EntryDraft,
  type EventStore,
  type LedgerError,
  type Plan,
  type RecordInput,
  type SealedEntry,
} from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { input } from '../fixtures.js'
import { manyTownPlan } from '../plans.js'
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
  /** the plan the suite's ledgers record under; default Jiaxiang's, whose codes its events carry */
  readonly plan?: Plan
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
 * A draft the domain knows nothing of: a made-up type and data, as a store
 * must keep whatever a ledger hands it. The cases on the port run on these
 * alone, with no deltas, so that a store is checked without the domain.
 */
const probe = (stream: number, revision: number, tag = ''): EntryDraft => ({
  id: uuidFrom(`probe/${stream}/${revision}/${tag}`),
  type: 'ConformanceProbe',
  version: 1,
  stream: `probe-${stream}`,
  revision,
  occurredAt: '2025-06-01T10:00:00+08:00',
  recordedBy: 'industry-it',
  source: { system: 'conformance', recordId: `${stream}/${revision}/${tag}` },
  correlationId: null,
  causationId: null,
  data: { revision, tag, 说明: '与领域无关的条目', nested: { n: [1, 2.5, -0.125, null, true], empty: {} } },
})

/** The first draft of each of these streams, or the next at `revision`. */
const probes = (streams: ReadonlyArray<number>, revision = 1): EntryDraft[] => streams.map((n) => probe(n, revision))

/** Where each stream must stand before these drafts: just before the first of its drafts among them. */
const expectedOf = (drafts: ReadonlyArray<EntryDraft>): AppendRequest['expected'] => {
  const at = new Map<string, number>()
  for (const d of drafts) if (!at.has(d.stream)) at.set(d.stream, d.revision - 1)
  return [...at].map(([stream, revision]) => ({ stream, revision }))
}

/** An append of drafts as a ledger would ask for it, without deltas. */
const appending = (drafts: ReadonlyArray<EntryDraft>, now = Date.now(), expected = expectedOf(drafts)): AppendRequest => ({
  drafts: drafts.map((entry) => ({ entry, deltas: new Float64Array() })),
  expected,
  now,
})

/** Append each batch in turn; each must land. */
const put = async (store: EventStore, ...batches: ReadonlyArray<ReadonlyArray<EntryDraft>>): Promise<void> => {
  for (const batch of batches) right(await store.append(appending(batch))())
}

/** A commit sealed elsewhere, as another store hands it over. */
const sealedCommit = (entries: ReadonlyArray<SealedEntry | Entry>) => ({ entries: entries.map((e) => ('body' in e ? entryOf(e) : e)), deltas: entries.map(() => new Float64Array()) })

/**
 * The store conformance suite. Every adapter runs it unchanged; an adapter is
 * done when it passes. The port's own guarantees are checked on opaque
 * drafts, a made-up type and data with no deltas, so that they hold of a
 * store whatever the domain; a ledger on top of the store is checked with
 * domain events.
 */
export const storeConformance = (name: string, open: () => Promise<StoreUnderTest>, options: ConformanceOptions = {}): void => {
  const runs = options.propertyRuns ?? 15
  const plan = options.plan ?? jiaxiang2024
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

    describe('the port, on opaque drafts', () => {
      it('appends and reads back a stream in revision order, its type and data as given', async () => {
        const { store } = await fresh()
        const a = [1, 2, 3].map((r) => probe(1, r))
        await put(store, [...a.slice(0, 1), probe(2, 1)], a.slice(1, 2), a.slice(2))
        const stream = right(await store.readStream('probe-1')())
        expect(stream.map((e) => [e.revision, e.position, e.id, e.type])).toEqual(a.map((d, k) => [k + 1, [1, 3, 4][k], d.id, 'ConformanceProbe']))
        expect(stream.map((e) => e.data)).toEqual(a.map((d) => d.data))
        expect(right(await store.readStream('probe-none')())).toEqual([])
      })

      it('reads the whole log in global order from any position, and its head', async () => {
        const { store } = await fresh()
        expect(right(await store.head()())).toMatchObject({ position: 0, hash: GENESIS_HASH })
        await put(store, probes([1, 2, 3, 4, 5]), probes([1, 2, 3], 2), [probe(4, 2)])
        const log = await readEverything(store)
        expect(log.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
        for (const after of [0, 3, 8, 9, 20]) {
          const page = right(await store.readAll({ after, limit: 4 })())
          expect(page.map((e) => e.position)).toEqual(log.slice(after, after + 4).map((e) => e.position))
        }
        expect(right(await store.head()())).toMatchObject({ position: 9, hash: log[8]?.hash, recordedAt: Date.parse(log[8]?.recordedAt ?? '') })
      })

      it('reads the entries at given positions, as the log has them, by readPositions where it offers it', async () => {
        const { store } = await fresh()
        await put(store, probes([1, 2, 3, 4, 5]), probes([1, 2, 3], 2))
        const log = await readEverything(store)
        const asked = [8, 3, 3, 1, 0, -2, 1.5, 20, 5, 6]
        const wanted = [1, 3, 5, 6, 8]
        for (const pageSize of [1, 2, 1_000]) {
          const found = right(await entriesAt(store, asked, pageSize)())
          expect([...found.keys()].sort((a, b) => a - b)).toEqual(wanted)
          for (const p of wanted) expect(found.get(p)).toEqual(log[p - 1])
        }
        if (store.readPositions !== undefined) expect(right(await store.readPositions([6, 1, 99, 3])())).toEqual([1, 3, 6].map((p) => log[p - 1]))
      })

      it('hands over a raw page, where it offers them, as the hash of each entry and the bytes it covers', async () => {
        const { store } = await fresh()
        const { readRaw } = store
        if (readRaw === undefined) return
        await put(store, probes([1, 2, 3, 4, 5]), probes([1, 2, 3], 2))
        const log = await readEverything(store)
        for (const after of [0, 3, 7, 8, 20]) {
          const raw = right(await readRaw({ after, limit: 4 })())
          const expected = log.slice(after, after + 4)
          expect(raw.hashes).toEqual(expected.map((e) => e.hash))
          expect(raw.bodies.map((b) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8')))).toEqual(expected.map(({ hash: _hash, ...e }) => entryBody(e)))
        }
      })

      it('keeps a commit sealed elsewhere exactly as sealed, and refuses one that does not extend its head', async () => {
        const { store } = await fresh()
        const { appendSealed } = store
        expect(appendSealed).toBeDefined()
        if (appendSealed === undefined) return
        // sealed with core's `seal`, as another store's log would have been
        const first = seal(EMPTY_HEAD, probes([1, 2, 3]), Date.UTC(2025, 5, 1))
        const second = seal(first.head, probes([1, 2], 2), Date.UTC(2025, 5, 2))
        const third = seal(second.head, [probe(1, 3)], Date.UTC(2025, 5, 3))
        right(await appendSealed(sealedCommit(first.entries))())
        right(await appendSealed(sealedCommit(second.entries))())
        // positions, recordedAt and hashes as they were
        expect(await readEverything(store)).toEqual(sealedCommit([...first.entries, ...second.entries]).entries)
        expect(right(await store.head()())).toEqual(second.head)
        // a commit whose positions are taken, one that skips a position, one not linked: refused, nothing written
        const next = sealedCommit(third.entries).entries[0] as Entry
        for (const entries of [sealedCommit(second.entries).entries, [{ ...next, position: 7 }], [{ ...next, prevHash: first.head.hash }]])
          expect(left(await appendSealed(sealedCommit(entries))())).toMatchObject({ code: 'INTEGRITY_FAILED' })
        expect(right(await store.head()())).toEqual(second.head)
        right(await appendSealed(sealedCommit(third.entries))())
        expect(right(await store.head()())).toEqual(third.head)
        // and an append extends the copy
        expect(right(await store.append(appending([probe(2, 3)]))())).toMatchObject([{ position: 7, prevHash: third.head.hash }])
      })

      it('refuses a stale expected revision, behind the stream or ahead of it, and writes nothing', async () => {
        const { store } = await fresh()
        await put(store, [probe(1, 1)])
        const before = right(await store.head()())
        for (const revision of [0, 2]) {
          const conflict = left(await store.append(appending([probe(1, 2)], Date.now(), [{ stream: 'probe-1', revision }]))())
          expect(conflict.code).toBe('CONCURRENCY_CONFLICT')
        }
        expect(right(await store.head()())).toEqual(before)
        await put(store, [probe(1, 2)])
        expect(right(await store.readStream('probe-1')()).map((e) => e.revision)).toEqual([1, 2])
      })

      it('refuses an id it already holds, in another stream too, and writes nothing', async () => {
        const { store } = await fresh()
        const first = probe(1, 1)
        await put(store, [first])
        const before = right(await store.head()())
        expect(left(await store.append(appending([{ ...probe(2, 1), id: first.id }]))()).code).toBe('ID_CONFLICT')
        expect(right(await store.head()())).toEqual(before)
        expect(right(await store.readStream('probe-2')())).toEqual([])
      })

      it('writes a batch whole or not at all', async () => {
        const { store } = await fresh()
        const first = probe(1, 1)
        await put(store, [first])
        // a batch whose second stream is stale, or whose second id is held, leaves the first draft unwritten too
        const stale = appending([probe(3, 1), probe(1, 2)], Date.now(), [
          { stream: 'probe-3', revision: 0 },
          { stream: 'probe-1', revision: 0 },
        ])
        expect(left(await store.append(stale)())).toMatchObject({ code: 'CONCURRENCY_CONFLICT' })
        expect(left(await store.append(appending([probe(3, 1), { ...probe(4, 1), id: first.id }]))())).toMatchObject({ code: 'ID_CONFLICT' })
        expect((await readEverything(store)).map((e) => e.id)).toEqual([first.id])
        expect(right(await store.readStream('probe-3')())).toEqual([])
      })

      it('stamps recordedAt from its own clock, one for a commit, increasing with every commit whatever the clock says', async () => {
        const { store } = await fresh()
        const start = Date.parse('2026-01-01T00:00:00Z')
        let now = start
        for (const batch of [probes([1, 2]), [probe(3, 1)], [probe(4, 1)]]) right(await store.append(appending(batch, (now -= 1000)))())
        const log = await readEverything(store)
        expect(log).toHaveLength(4)
        const at = log.map((e) => Date.parse(e.recordedAt))
        // the clock's time while it is later than the head's
        expect(at[0]).toBe(start - 1000)
        expect(at[1]).toBe(at[0])
        expect(at[2]).toBeGreaterThan(at[1] as number)
        expect(at[3]).toBeGreaterThan(at[2] as number)
      })

      it('keeps an intact hash chain over canonical bytes', async () => {
        const { store } = await fresh()
        await put(store, probes([1, 2, 3]), [probe(2, 2)])
        const log = await readEverything(store)
        expectIntactChain(log)
        expect(log[0]?.prevHash).toBe(GENESIS_HASH)
        expect(log.every((e) => /^sha256:[0-9a-f]{64}$/.test(e.hash))).toBe(true)
      })

      it('finds entries by id, as they are read in the log', async () => {
        const { store } = await fresh()
        await put(store, probes([1, 2]))
        const found = right(await store.findByIds([probe(2, 1).id, uuidFrom('nobody')])())
        expect(found).toEqual((await readEverything(store)).slice(1))
      })

      it('never forks a stream or repeats a position under concurrent writers', async () => {
        const subject = await fresh()
        const writers = [subject.store, await subject.another()]
        await put(subject.store, probes([1, 2, 3]))
        // each writer reads the stream, then appends after it: a stale read must be refused
        const attempt = async (k: number) => {
          const store = writers[k % 2] as EventStore
          const stream = (k % 3) + 1
          const stood = right(await store.readStream(`probe-${stream}`)()).length
          return store.append(appending([probe(stream, stood + 1, `writer-${k}`)]))()
        }
        const outcomes = await Promise.all(Array.from({ length: 24 }, (_, k) => attempt(k)))
        const ok = outcomes.filter(E.isRight).length
        // the first append to land on each stream read it as it stood
        expect(ok).toBeGreaterThanOrEqual(3)
        expect(outcomes.filter(E.isLeft).every((o) => E.isLeft(o) && o.left.code === 'CONCURRENCY_CONFLICT')).toBe(true)
        const log = await readEverything(subject.store)
        expect(log).toHaveLength(3 + ok)
        expectIntactChain(log)
        for (const n of [1, 2, 3]) {
          const revisions = log.filter((e) => e.stream === `probe-${n}`).map((e) => e.revision)
          expect(revisions).toEqual(revisions.map((_, i) => i + 1))
        }
      })

      it('follows the log from a checkpoint, then each new commit as it lands, every entry once', async () => {
        const subject = await fresh()
        await put(subject.store, probes([1, 2, 3]))
        const follower = await subject.another()
        const seen: number[] = []
        const onEntries = async (entries: ReadonlyArray<Entry>): Promise<void> => {
          seen.push(...entries.map((e) => e.position))
        }
        let subscription = follower.follow({ after: 1, onEntries, batchSize: 2 })
        await put(subject.store, [probe(1, 2)])
        await until(() => seen.length >= 3)
        await subscription.stop()
        const checkpoint = subscription.position()
        expect(checkpoint).toBe(4)
        await put(subject.store, probes([2, 3], 2))
        subscription = follower.follow({ after: checkpoint, onEntries })
        await until(() => seen.length >= 5)
        await subscription.stop()
        expect(seen).toEqual([2, 3, 4, 5, 6])
      })
    })

    describe('a ledger on the store, with domain events', () => {
      it('records, replays and reports a plan of 400 towns, each town on its own', async () => {
        const { store } = await fresh()
        const many = manyTownPlan(400)
        const ledger = createLedger({ plan: many, store })
        const inTown = (i: number) => ({ town: `t-${i + 1}`, seed: `town-${i}` })
        const nevs = many.towns.map((_, i) =>
          input(
            'VehicleRegistered',
            { vin: vinFrom(10_000 + i), category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial', town: inTown(i).town },
            { recordedBy: 'county-public-security', occurredAt: '2025-03-01T09:00:00+08:00', seed: `nev-${inTown(i).seed}` },
          ),
        )
        const piles = many.towns.map((_, i) =>
          input(
            'ChargingPileCommissioned',
            { pileId: `P-${i + 1}`, stationId: `S-${i + 1}`, operator: '国网', public: true, fast: true, powerKw: '60', town: inTown(i).town },
            { recordedBy: 'county-energy', occurredAt: '2025-04-01T09:00:00+08:00', seed: `pile-${inTown(i).seed}` },
          ),
        )
        right(await ledger.recordBatch([...nevs, ...piles])())
        expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 800 })
        const tally = right(await loadTally(store)())
        const r = right(report(many, tally, { year: 2025 }))
        expect(r.indicators.find((x) => x.id === 'vehicles.nev-fleet')?.value).toBe(400)
        expect(r.indicators.find((x) => x.id === 'charging.town-coverage')).toMatchObject({ value: 100, numerator: 400, denominator: 400 })
        const byTown = right(breakdown(many, tally, 'vehicles.nev-fleet', 'town', { year: 2025 }))
        expect(byTown.map((b) => [b.code, b.reading.value])).toEqual(many.towns.map((x) => [x.code, 1]))
      })

      it('verifies its own log', async () => {
        const { store } = await fresh()
        const ledger = createLedger({ plan, store })
        right(await ledger.recordBatch([1, 2, 3, 4, 5].map((n) => registered(n)))())
        right(await ledger.recordBatch([1, 2, 3].map((n) => traded(n, 0)))())
        const log = await readEverything(store)
        expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: log.length, headHash: log[log.length - 1]?.hash })
      })

      it('is copied as sealed, into an empty store only', async () => {
        // the source is another store altogether: a copy goes from any store to any other
        const source = memoryStore()
        let now = Date.UTC(2025, 5, 1)
        const ledger = createLedger({ plan, store: source, clock: () => (now += 1_000) })
        right(await ledger.recordBatch([1, 2, 3].map((n) => registered(n)))())
        right(await ledger.record(traded(1, 1))())
        right(await ledger.recordBatch([traded(2, 1), traded(3, 1)])())
        const original = await readEverything(source)
        const { store } = await fresh()
        expect(right(await copyLog(source, store, { pageSize: 2 })())).toEqual({ entries: 6, commits: 3, headHash: original[5]?.hash })
        // positions, recordedAt and hashes as they were: the copy is the same log, its deltas derived again
        expect(await readEverything(store)).toEqual(original)
        expect(right(await store.head()())).toEqual(right(await source.head()()))
        expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 6, headHash: original[5]?.hash })
        // a store that holds entries is no target
        expect(left(await copyLog(source, store)())).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'to' }] })
      })

      it('lists the snapshots it keeps, where it keeps any, for verifying to check', async () => {
        const { store } = await fresh()
        if (store.readSnapshot === undefined && store.writeSnapshot === undefined) return
        expect(store.listSnapshots).toBeDefined()
        const ledger = createLedger({ plan, store })
        right(await ledger.recordBatch([1, 2, 3, 4, 5].map((n) => registered(n)))())
        right(await writeSnapshots(store, 2)())
        expect(right(await (store.listSnapshots as NonNullable<EventStore['listSnapshots']>)()())).toMatchObject([{ position: 2 }, { position: 4 }])
        expect(right(await verifyStore(store)())).toMatchObject({ ok: true, count: 5, derived: { snapshots: 2 } })
      })


      it("refuses a stale expectedRevision the ledger was given, and writes nothing", async () => {
        const { store } = await fresh()
        const ledger = createLedger({ plan, store })
        right(await ledger.record(registered(1))())
        const before = right(await store.head()())
        expect(left(await ledger.record({ ...traded(1, 1), expectedRevision: 0 })()).code).toBe('CONCURRENCY_CONFLICT')
        expect(right(await store.head()())).toEqual(before)
        right(await ledger.record({ ...traded(1, 3), expectedRevision: 1 })())
      })

      it('is idempotent: the same id and content again writes nothing; other content under the same id is an error', async () => {
        const subject = await fresh()
        const { store } = subject
        const ledger = createLedger({ plan, store })
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
        const other = createLedger({ plan, store: await subject.another() })
        expect(right(await other.recordBatch(batch)()).recorded).toHaveLength(0)
        expect(right(await store.head()()).position).toBe(3)
      })


      it('refuses a batch whole when one of its inputs breaks a rule', async () => {
        const { store } = await fresh()
        const ledger = createLedger({ plan, store })
        right(await ledger.record(registered(1))())
        const scrapped = input('VehicleScrapped', { vin: vinFrom(1), category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收有限公司', licence: 'JX-2019-001' }, town: 'macun' }, { occurredAt: '2025-05-01T09:00:00+08:00', recordedBy: 'commerce' })
        // the last input would trade a scrapped car: the whole batch is refused
        const refused = left(await ledger.recordBatch([registered(2), scrapped, traded(1, 1, '2025-06-01T09:00:00+08:00')])())
        expect(refused.code).toBe('INVARIANT_VIOLATED')
        expect(right(await store.head()()).position).toBe(1)
      })

      it('lets no caller state recordedAt', async () => {
        const { store } = await fresh()
        const ledger = createLedger({ plan, store })
        const stated = left(await ledger.record({ ...registered(5), recordedAt: '1999-01-01T00:00:00Z' } as unknown as RecordInput)())
        expect(stated.code).toBe('VALIDATION_FAILED')
        expect(stated.message).toContain('recordedAt')
        expect(right(await store.head()()).position).toBe(0)
      })

      it('keeps each entry\'s delta to the tally beside it', async () => {
        const { store } = await fresh()
        const ledger = createLedger({ plan, store })
        right(await ledger.recordBatch([registered(1, 'bev'), registered(2, 'petrol')])())
        const deltas = right(await store.readDeltas({ after: 0, limit: 10 })())
        expect(deltas.map((d) => d.position)).toEqual([1, 2])
        const nev = seriesKey({ metric: 'vehicles.nev.in-service', town: 'zhifang', unit: 'public-security' })
        expect(unpackDeltas(deltas[0]?.deltas ?? new Float64Array()).find((d) => sameSeries(d, nev))?.quantity).toBe(1)
        expect(unpackDeltas(deltas[1]?.deltas ?? new Float64Array()).some((d) => sameSeries(d, nev))).toBe(false)
        expect(metricByName.has('vehicles.nev.in-service')).toBe(true)
        expect(deltas[0]?.recordedAt).toBe(Date.parse((await readEverything(store))[0]?.recordedAt ?? ''))
        // the packed form round-trips exactly
        const d = unpackDeltas(deltas[0]?.deltas ?? new Float64Array())
        expect(unpackDeltas(packDeltas(d))).toEqual(d)
      })


      it('carries an attestation verbatim: read back whole by every read, its hash re-computes, and it verifies with the keyring', async () => {
        const { store } = await fresh()
        const keys = generateDepartmentKeys('ed25519')
        const signer = signerFromPem(keys.privateKey)
        const keyring = parseKeyring({ commerce: [{ alg: 'ed25519', publicKey: keys.publicKey }] })
        const stranger = parseKeyring({ commerce: [{ alg: 'ed25519', publicKey: generateDepartmentKeys('ed25519').publicKey }] })
        if (E.isLeft(signer) || E.isLeft(keyring) || E.isLeft(stranger)) throw new Error('the test keys do not load')
        const ledger = createLedger({ plan, store })
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


      it('gives the same log for any split of a sequence into batches (property)', async () => {
        const sequence = [...[1, 2, 3, 4].map((n) => registered(n)), traded(1, 1), traded(2, 1), traded(1, 2), registered(5, 'petrol'), traded(5, 1)]
        const cuts = fc.uniqueArray(fc.integer({ min: 1, max: sequence.length - 1 }), { maxLength: sequence.length - 1 })
        let reference: ReturnType<typeof said>[] | undefined
        await fc.assert(
          fc.asyncProperty(cuts, async (cs) => {
            const { store } = await fresh()
            const ledger = createLedger({ plan, store })
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
  })
}

const until = async (done: () => boolean, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms
  while (!done()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

