import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { planPolicy } from './audit/policy.js'
import type { Authorize, AuthorizeRequest } from './authorize.js'
import { attest, checkPrincipal, type Attestation, type Principal } from './attestation.js'
import { canonicalJson, type Json } from './canonical.js'
import { Count, Identifier, Instant, refined, Struct, Text, toIssues, UnitCodec, Uuid } from './codecs.js'
import { packDeltas } from './contributions.js'
import type { Entry, EntryDraft, EventInput } from './envelope.js'
import { amendmentOf, corrections, isCorrection, type Amendment, type CorrectionEvent, type CorrectionType } from './events/corrections.js'
import {
  concurrencyConflict,
  duplicate,
  idConflict,
  invariantViolated,
  notAllowed,
  validationFailed,
  type LedgerError,
} from './errors.js'
import type { Issue } from './issue.js'
import { plainCopy } from './plain.js'
import { registry, type DomainEvent, type EventType, type Registered } from './events/index.js'
import { advance, amend, emptyHistory, factOf, historyCache, historyOf, upcast, type History } from './history.js'
import type { Draft, EventStore, Page } from './store.js'

/** What a caller records: a domain event, or a correction of one, in its envelope. */
export type RecordInput = (DomainEvent | CorrectionEvent) & Omit<EventInput, 'type' | 'data'>

/** How many inputs one `recordBatch` takes; far beyond any commit, it bounds what a call can make the ledger do. */
export const MAX_BATCH = 100_000

export interface LedgerOptions {
  readonly store: EventStore
  /** epoch ms; recordedAt comes from here, never from the caller */
  readonly clock?: () => number
  /** who may record what; default the plan's own lead and responsible units (`planPolicy`) */
  readonly authorize?: Authorize
  /** how often to decide again when another writer got in first (only where the caller set no expectedRevision) */
  readonly retries?: number
  /** how many streams' histories to keep decided in memory */
  readonly cacheSize?: number
}

export interface BatchResult {
  /** entries written by this call, in position order */
  readonly recorded: ReadonlyArray<Entry>
  /** inputs recorded before with the same content: nothing was written for them */
  readonly duplicates: ReadonlyArray<Entry>
}

/** Recording on behalf of a principal the host system vouches for: the same calls as the ledger's own. */
export interface Recorder {
  /** Record one event: decode, authorise, decide, append. A duplicate is a `DUPLICATE` error carrying the entry. */
  readonly record: (input: RecordInput) => TE.TaskEither<LedgerError, Entry>
  /** Record a batch, all or nothing. Inputs recorded before (same id, same content) are skipped and reported. */
  readonly recordBatch: (inputs: ReadonlyArray<RecordInput>) => TE.TaskEither<LedgerError, BatchResult>
}

export interface Ledger extends Recorder {
  readonly store: EventStore
  /**
   * Record as this principal: each input's recordedBy must be a unit it acts for, and the principal
   * (with the department's signature, if it has a signer) is sealed into the entry. The ledger's own
   * `record` seals no principal: its recordedBy is only claimed (docs/auditing.md §7).
   */
  readonly as: (principal: Principal) => Recorder
  /** A stream's entries with their data brought up to the current schema version. */
  readonly readStream: (stream: string) => TE.TaskEither<LedgerError, ReadonlyArray<Entry>>
  readonly readAll: (page: Page) => TE.TaskEither<LedgerError, ReadonlyArray<Entry>>
}

const EventTypeCodec = refined(
  `an event type: one of ${[...registry.keys()].slice(0, 5).join(', ')}, … (see docs/events.md)`,
  (u): u is string => typeof u === 'string' && (registry.has(u) || corrections.has(u)),
)

const Envelope = Struct(
  'an event',
  {
    id: Uuid,
    type: EventTypeCodec,
    occurredAt: Instant,
    recordedBy: UnitCodec,
    source: Struct('a source', { system: Identifier, recordId: Text(200) }),
    data: t.unknown,
  },
  { correlationId: Identifier, causationId: Identifier, expectedRevision: Count },
)

/** What a stream's name can be: streams are named from identifiers (`vehicle:<VIN>`, …), never with control characters. */
const StreamName = refined(
  'a stream name: a text of 1 to 512 characters without control characters or lone surrogates',
  (u): u is string => typeof u === 'string' && u.length > 0 && u.length <= 512 && !/[\p{Cc}\p{Cs}]/u.test(u),
)

/** An input that decoded, at its place in the call. */
interface Stated {
  readonly index: number
  readonly input: RecordInput
  /** what is sealed of the principal it was recorded as, if any */
  readonly attestation?: Attestation
}

/** An input with its stream known: a domain event (known from its data), or a correction with the entry it amends. */
interface Resolved extends Stated {
  readonly registered: Registered
  readonly stream: string
  readonly amends?: { readonly entry: Entry; readonly amendment: Amendment }
}

/** A correction before the entry it names is looked up: that entry gives it its stream. */
interface Amending extends Stated {
  readonly amendment: Amendment
}

type Decoded = Resolved | Amending

const contentOf = (e: Pick<Entry, 'type' | 'occurredAt' | 'recordedBy' | 'source' | 'correlationId' | 'causationId' | 'data'>): string =>
  canonicalJson({
    type: e.type,
    occurredAt: e.occurredAt,
    recordedBy: e.recordedBy,
    source: e.source as unknown as Json,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: e.data as Json,
  })

/** The caller-stated content, canonical: what "same content" means for an id seen before. */
const statedContent = (input: RecordInput): string =>
  contentOf({ ...input, correlationId: input.correlationId ?? null, causationId: input.causationId ?? null })

/**
 * An input with its ids in their one canonical form, the lower-case UUID, however the caller wrote
 * them: `6F1C…` and `6f1c…` are one id, recorded once. (It is a plain copy, the caller's own untouched.)
 */
const canonicalIds = (input: RecordInput, correction: boolean): RecordInput => {
  const id = input.id.toLowerCase()
  if (!correction) return { ...input, id }
  const data = input.data as { readonly entryId: string }
  return { ...input, id, data: { ...data, entryId: data.entryId.toLowerCase() } } as RecordInput
}

/** Ids as a store may hold them: lower case, and upper case as an earlier release kept what it was given. */
const asStored = (ids: ReadonlyArray<string>): string[] => ids.flatMap((id) => [id, id.toUpperCase()])

/** One input decoded, or its issues; `at` is its index in a batch, undefined for a single record. */
const decodeOne = (u: unknown, index: number, at: number | undefined): E.Either<Issue[], Decoded> => {
  const envelope = Envelope.validate(u, [])
  const stated = (typeof u === 'object' && u !== null ? u : {}) as { type?: unknown; data?: unknown }
  // a type that is not text names no codec (String() of an object without a primitive form would throw)
  const type = typeof stated.type === 'string' ? stated.type : ''
  const registered = registry.get(type)
  const codec = registered?.definition.data ?? corrections.get(type)?.data
  const data = codec !== undefined && stated.data !== undefined ? codec.validate(stated.data, []) : E.right(stated.data)
  if (E.isRight(envelope) && E.isRight(data) && codec !== undefined) {
    const input = canonicalIds(envelope.right as unknown as RecordInput, registered === undefined)
    return E.right(
      registered === undefined
        ? { index, input, amendment: amendmentOf(input) }
        : { index, input, registered, stream: registered.definition.stream(input.data) },
    )
  }
  return E.left([
    ...(E.isLeft(envelope) ? toIssues(envelope.left, [], at) : []),
    ...(E.isLeft(data) ? toIssues(data.left, ['data'], at) : []),
  ])
}

/**
 * Find the entry each correction names: it gives the correction its stream
 * and the type its corrected data must have. Only recorded domain events can
 * be corrected; a corrected fact stays on its stream.
 */
const resolve = async (
  store: EventStore,
  decoded: ReadonlyArray<Decoded>,
  single: boolean,
  principal: Principal | undefined,
): Promise<E.Either<LedgerError, ReadonlyArray<Resolved>>> => {
  const ids = decoded.flatMap((d) => ('amendment' in d ? [d.amendment.entryId] : []))
  // a batch without corrections, the usual case, is resolved as it stands
  if (ids.length === 0) return E.right(decoded as ReadonlyArray<Resolved>)
  const found = await store.findByIds(asStored(ids))()
  if (E.isLeft(found)) return found
  const byId = new Map(found.right.map((e) => [e.id.toLowerCase(), upcast(e)]))
  const issues: Issue[] = []
  const resolved: Resolved[] = []
  for (const d of decoded) {
    if (!('amendment' in d)) {
      resolved.push(d)
      continue
    }
    const { amendment } = d
    const issue = (path: string, reason: string): void => {
      issues.push({ ...(single ? {} : { index: d.index }), path, reason })
    }
    const entry = byId.get(amendment.entryId)
    const registered = entry === undefined ? undefined : registry.get(entry.type)
    if (entry === undefined) issue('data.entryId', `no recorded event has the id ${amendment.entryId}`)
    else if (registered === undefined) issue('data.entryId', `entry ${entry.id} is itself a ${entry.type}; correct or void the original event instead`)
    else {
      if (amendment.data !== undefined) {
        const checked = registered.definition.data.validate(amendment.data, [])
        if (E.isLeft(checked)) {
          issues.push(...toIssues(checked.left, ['data', 'data'], single ? undefined : d.index))
          continue
        }
        const stream = registered.definition.stream(amendment.data)
        if (stream !== entry.stream)
          issue('data.data', `a correction keeps the fact on its stream ${entry.stream}, but this data belongs on ${stream}; void the event and record a new one instead`)
      }
      // the correction names the entry by its id as recorded (an earlier release kept upper case as given),
      // and what the principal attests is what is sealed
      const stated =
        entry.id === amendment.entryId
          ? E.right(d)
          : attestedBy(principal, { ...d, input: { ...d.input, data: { ...(d.input.data as object), entryId: entry.id } } as RecordInput })
      if (E.isLeft(stated)) issue('principal.signer', stated.left)
      else
        resolved.push({
          index: d.index,
          input: stated.right.input,
          ...attested(stated.right),
          registered,
          stream: entry.stream,
          amends: { entry, amendment: { ...amendment, entryId: entry.id } },
        })
    }
  }
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(resolved)
}

const attested = (s: Stated): { readonly attestation?: Attestation } => (s.attestation === undefined ? {} : { attestation: s.attestation })

/** The schema version an input's data is recorded at: its type's, or its correction's. */
const versionOf = (type: string): number => (corrections.get(type) ?? registry.get(type)?.definition)?.version ?? 1

/** What the principal states by an input: sealed with it, signed if the principal has a signer; or why the signer failed. */
const attestedBy = (principal: Principal | undefined, d: Decoded): E.Either<string, Decoded> => {
  if (principal === undefined) return E.right(d)
  const { input } = d
  const statement = { ...input, correlationId: input.correlationId ?? null, causationId: input.causationId ?? null, version: versionOf(input.type) }
  return pipe(
    attest(statement, principal),
    E.map((attestation) => ({ ...d, attestation })),
  )
}

/**
 * Validate inputs, each taken as a plain copy first (what is sealed is what
 * was validated); a batch with any bad input is refused whole, with every
 * issue named. Recorded as a principal, each is attested as it decodes.
 */
const decodeAll = (inputs: ReadonlyArray<unknown>, single: boolean, principal?: Principal): E.Either<LedgerError, Decoded[]> => {
  const issues: Issue[] = []
  const decoded: Decoded[] = []
  for (let i = 0; i < inputs.length; i++) {
    const at = single ? undefined : i
    const r = pipe(
      plainCopy(inputs[i]),
      E.mapLeft((issue) => [at === undefined ? issue : { ...issue, index: at }]),
      E.flatMap((copy) => decodeOne(copy, i, at)),
      E.flatMap((d) => pipe(attestedBy(principal, d), E.mapLeft((reason) => [{ ...(at === undefined ? {} : { index: at }), path: 'principal.signer', reason }]))),
    )
    if (E.isLeft(r)) issues.push(...r.left)
    else decoded.push(r.right)
  }
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(decoded)
}

/** What a batch comes to: the drafts to append, the revisions they were decided against, the histories after them. */
interface Decided {
  readonly drafts: Draft[]
  readonly expected: Map<string, number>
  readonly after: History[]
}

/** Why a batch was refused, and the stream it was decided on when that stream's history came from the cache. */
interface Refusal {
  readonly error: LedgerError
  readonly cached?: string
}

/** Why the principal an input is recorded as may not act for its recordedBy, or undefined. */
const principalRefusal = (d: Resolved): string | undefined => {
  const p = d.attestation?.principal
  const { recordedBy } = d.input
  return p === undefined || p.actsFor.includes(recordedBy)
    ? undefined
    : `记录人 ${p.id} 无权代表 ${recordedBy}（可代表 ${p.actsFor.join('、')}） — principal ${p.id} may not act for ${recordedBy} (it acts for ${p.actsFor.join(', ')})`
}

/**
 * The fact a policy is asked about before deciding: a new fact as stated, a correction as the fact
 * it leaves standing. A void leaves nothing standing: it is judged, with every correction, on the
 * fact as it stands when the stream is decided (`decide`).
 */
const authorizeRequest = (d: Resolved): AuthorizeRequest | undefined => {
  const { recordedBy } = d.input
  if (d.amends === undefined) return { type: d.input.type as EventType, recordedBy, data: d.input.data }
  const { entry, amendment } = d.amends
  return amendment.data === undefined ? undefined : { type: entry.type as EventType, recordedBy, data: amendment.data, correction: d.input.type as CorrectionType }
}

export const createLedger = (options: LedgerOptions): Ledger => {
  const { store, clock = Date.now, authorize = planPolicy(), retries = 3, cacheSize = 50_000 } = options
  const cache = historyCache(cacheSize)
  // One recording at a time per ledger: calls from the same process never race each other
  // into conflicts; other processes are kept apart by the store's expected revisions.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <A>(work: () => Promise<A>): Promise<A> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  const remember = (h: History): void => {
    cache.set(h.stream, h)
  }

  /** Whether the cache answers for a stream: a caller who pinned another revision than the cached one may have seen another process's commit. */
  const cachedFor = (stream: string, pinned: number | undefined): History | undefined => {
    const cached = cache.get(stream)
    return cached !== undefined && (pinned === undefined || pinned === cached.revision) ? cached : undefined
  }

  /** A stream's history from its stored entries. */
  const historyFrom = (stream: string, r: Registered, entries: ReadonlyArray<Entry>): E.Either<LedgerError, History> => {
    const h = entries.length === 0 ? emptyHistory(stream, r.aggregate) : historyOf(stream, r.aggregate, entries)
    // a stored history that no longer folds means the rules changed under it: say so rather than guess
    return 'reason' in h ? E.left(invariantViolated(stream, `stored history no longer holds: ${h.reason}`)) : E.right(h)
  }

  /** Keys whose history stands on the stream an earlier release named them by (see `streams.ts`): key name → stored name. */
  const aliases = new Map<string, string>()

  /**
   * Where a key's history stands when its own stream is empty: on the stream an earlier release named it
   * by, if that stream holds this key's facts; nowhere (a new stream) if it holds another key's alone. A
   * stream that came to hold two keys' facts cannot be decided against, and says so.
   */
  const placeLegacy = (stream: string, legacy: string, entries: ReadonlyArray<Entry>): E.Either<LedgerError, string | undefined> => {
    const voided = new Set(entries.filter((e) => e.type === 'EventVoided').map((e) => amendmentOf(e).entryId))
    const facts = entries.filter((e) => !isCorrection(e.type) && !voided.has(e.id))
    const mine = facts.filter((e) => registry.get(e.type)?.definition.stream(upcast(e).data) === stream)
    if (mine.length === 0) return E.right(undefined)
    if (mine.length === facts.length) return E.right(legacy)
    const stray = facts.find((e) => !mine.includes(e)) as Entry
    return E.left(
      invariantViolated(
        legacy,
        `recorded before stream names were made unambiguous, this stream holds facts of more than one aggregate (${stream} and that of entry ${stray.id}); new facts cannot be decided against it: see docs/events.md, "Streams"`,
      ),
    )
  }

  /**
   * What the streams of a batch are decided against, as far as known before deciding: each input on
   * the stream its history is on, the cache's histories, and the stored entries of the streams it
   * cannot answer, read in one query where the store can (new streams come back empty). A stream in
   * none of these is read when it is decided.
   */
  const prepare = async (
    batch: ReadonlyArray<Resolved>,
  ): Promise<
    E.Either<LedgerError, { readonly batch: ReadonlyArray<Resolved>; readonly cached: ReadonlyMap<string, History>; readonly stored: ReadonlyMap<string, ReadonlyArray<Entry>> }>
  > => {
    const cached = new Map<string, History>()
    const uncached = new Set<string>()
    /** a key not yet placed whose earlier name differs: its history may stand there */
    const legacy = new Map<string, string>()
    for (const d of batch) {
      const stream = aliases.get(d.stream) ?? d.stream
      // a stream is decided against what its first input finds
      if (cached.has(stream) || uncached.has(stream)) continue
      const h = cachedFor(stream, d.input.expectedRevision)
      if (h !== undefined) {
        cached.set(stream, h)
        continue
      }
      uncached.add(stream)
      const earlier = d.amends === undefined && stream === d.stream ? d.registered.definition.stream.legacy(d.input.data) : stream
      if (earlier !== stream) legacy.set(stream, earlier)
    }
    const onStored = (): ReadonlyArray<Resolved> =>
      aliases.size === 0
        ? batch
        : batch.map((d): Resolved => {
            const stream = aliases.get(d.stream)
            return stream === undefined ? d : { ...d, stream }
          })
    if (legacy.size === 0 && (store.readStreams === undefined || uncached.size < 2)) return E.right({ batch: onStored(), cached, stored: new Map() })
    const names = [...new Set([...uncached, ...legacy.values()])]
    const stored = new Map<string, Entry[]>(names.map((s) => [s, []]))
    if (store.readStreams !== undefined) {
      const read = await store.readStreams(names)()
      if (E.isLeft(read)) return read
      for (const e of read.right) stored.get(e.stream)?.push(e)
    } else
      for (const name of names) {
        const read = await store.readStream(name)()
        if (E.isLeft(read)) return read
        stored.set(name, [...read.right])
      }
    for (const [stream, earlier] of legacy) {
      if ((stored.get(stream)?.length ?? 0) > 0) continue
      const placed = placeLegacy(stream, earlier, stored.get(earlier) ?? [])
      if (E.isLeft(placed)) return placed
      if (placed.right !== undefined) aliases.set(stream, placed.right)
    }
    return E.right({ batch: onStored(), cached, stored })
  }

  /**
   * Decide every new input against its stream: the drafts to append, or why not. Another process may
   * have written to a stream since this ledger cached it: an acceptance from a stale cache is caught
   * by the store's expected revision, and a refusal is given only against the stream as stored, so a
   * refusal decided on a cached history forgets it and decides again on what the store holds.
   */
  const decide = async (batch: ReadonlyArray<Resolved>, single: boolean): Promise<E.Either<LedgerError, Decided>> => {
    for (;;) {
      const decision = await decideOnce(batch, single)
      if (E.isRight(decision) || decision.left.cached === undefined) return pipe(decision, E.mapLeft(({ error }) => error))
      cache.delete(decision.left.cached)
    }
  }

  /** One decision; a refusal says the stream it was decided on when that stream's history came from the cache. */
  const decideOnce = async (
    batch: ReadonlyArray<Resolved>,
    single: boolean,
  ): Promise<E.Either<Refusal, Decided>> => {
    const working = new Map<string, History>()
    const expected = new Map<string, number>()
    const drafts: Draft[] = []
    const prepared = await prepare(batch)
    if (E.isLeft(prepared)) return E.left({ error: prepared.left })
    const { cached, stored } = prepared.right
    const refuse = (stream: string, error: LedgerError): E.Either<Refusal, never> =>
      E.left(cached.has(stream) ? { error, cached: stream } : { error })
    for (const d of prepared.right.batch) {
      let h = working.get(d.stream)
      if (h === undefined) {
        h = cached.get(d.stream)
        if (h === undefined) {
          // only a stream neither cached nor read with the batch waits on the store here
          const prefetched = stored.get(d.stream)
          const entries = prefetched === undefined ? await store.readStream(d.stream)() : E.right(prefetched)
          if (E.isLeft(entries)) return E.left({ error: entries.left })
          const loaded = historyFrom(d.stream, d.registered, entries.right)
          if (E.isLeft(loaded)) return E.left({ error: loaded.left })
          h = loaded.right
        }
        expected.set(d.stream, h.revision)
      }
      const at = single ? undefined : d.index
      if (d.input.expectedRevision !== undefined && d.input.expectedRevision !== h.revision)
        return refuse(d.stream, concurrencyConflict(d.stream, d.input.expectedRevision, h.revision))
      if (d.amends !== undefined && h.voided.has(d.amends.entry.id))
        return refuse(d.stream, invariantViolated(d.stream, `event ${d.amends.entry.id} was voided before; a voided event cannot be voided or corrected again`, at))
      // a correction is judged on the fact as it stands too, not only as it would stand: a unit may not take
      // another's fact into its area by correcting it, nor void one that an earlier correction moved away
      if (d.amends !== undefined) {
        const { entry } = d.amends
        const standing = h.facts.find((f) => f.id === entry.id)?.data ?? entry.data
        const why = authorize({ type: entry.type as EventType, recordedBy: d.input.recordedBy, data: standing, correction: d.input.type as CorrectionType })
        if (why !== undefined) return refuse(d.stream, notAllowed(d.input.recordedBy, d.input.type, why, at))
      }
      const advanced =
        d.amends === undefined ? advance(h, d.registered.aggregate, factOf(d.input)) : amend(h, d.registered.aggregate, d.amends.amendment)
      if ('reason' in advanced) {
        const { fact: refused, reason } = advanced
        const why = refused.id === d.input.id ? reason : `it would make ${refused.type} ${refused.id} of ${refused.occurredAt} impossible: ${reason}`
        return refuse(d.stream, invariantViolated(d.stream, why, at))
      }
      const { id, type, occurredAt, recordedBy, source, correlationId, causationId, data } = d.input
      const entry: EntryDraft = {
        id,
        type,
        version: versionOf(type),
        stream: d.stream,
        revision: advanced.history.revision,
        occurredAt,
        recordedBy,
        source,
        correlationId: correlationId ?? null,
        causationId: causationId ?? null,
        data,
        ...attested(d),
      }
      drafts.push({ entry, deltas: packDeltas(advanced.delta) })
      working.set(d.stream, advanced.history)
    }
    return E.right({ drafts, expected, after: [...working.values()] })
  }

  const recordDecoded = async (inputs: ReadonlyArray<Decoded>, single: boolean, principal: Principal | undefined): Promise<E.Either<LedgerError, BatchResult>> => {
    const resolved = await resolve(store, inputs, single, principal)
    if (E.isLeft(resolved)) return resolved
    const decoded = resolved.right
    for (const d of decoded) {
      const request = authorizeRequest(d)
      const why = principalRefusal(d) ?? (request === undefined ? undefined : authorize(request))
      if (why !== undefined) return E.left(notAllowed(d.input.recordedBy, d.input.type, why, single ? undefined : d.index))
    }
    // the same id twice in one batch: once is enough if the content agrees
    const firstById = new Map<string, Resolved>()
    for (const d of decoded) {
      const first = firstById.get(d.input.id)
      if (first === undefined) firstById.set(d.input.id, d)
      else if (statedContent(first.input) !== statedContent(d.input)) return E.left(idConflict(d.input.id, d.index))
    }
    // Most batches are all new: append them as they stand, and look their ids up only if that fails.
    // The store refuses ids it holds, so a success here is the answer the full path would give; any
    // failure is answered by the full path, so callers never see the shortcut.
    const optimistic = await decideAndAppend([...firstById.values()], single)
    if (E.isRight(optimistic)) return E.right({ recorded: optimistic.right, duplicates: [] })
    if (optimistic.left.error.code === 'CONCURRENCY_CONFLICT') for (const stream of optimistic.left.streams ?? []) cache.delete(stream)
    for (let attempt = 0; ; attempt++) {
      const known = await store.findByIds(asStored([...firstById.keys()]))()
      if (E.isLeft(known)) return known
      const duplicates: Entry[] = []
      for (const entry of known.right) {
        const d = firstById.get(entry.id.toLowerCase()) as Resolved
        if (contentOf(upcast(entry)) !== statedContent(d.input)) return E.left(idConflict(entry.id, single ? undefined : d.index))
        duplicates.push(entry)
      }
      const seen = new Set(duplicates.map((e) => e.id.toLowerCase()))
      const fresh = [...firstById.values()].filter((d) => !seen.has(d.input.id))
      if (fresh.length === 0) return E.right({ recorded: [], duplicates })

      const appended = await decideAndAppend(fresh, single)
      if (E.isRight(appended)) return E.right({ recorded: appended.right, duplicates })
      const { error: err, streams } = appended.left
      if (streams === undefined) return E.left(err)
      const callerPinned = fresh.some((d) => d.input.expectedRevision !== undefined)
      // another writer got in first: forget what we knew of those streams and decide again
      if ((err.code === 'CONCURRENCY_CONFLICT' || err.code === 'ID_CONFLICT') && !callerPinned && attempt < retries) {
        for (const stream of streams) cache.delete(stream)
        continue
      }
      if (err.code === 'CONCURRENCY_CONFLICT') for (const stream of streams) cache.delete(stream)
      return E.left(err)
    }
  }

  /** Decide and append; a refused append says which streams it expected, for the caller to forget or retry. */
  const decideAndAppend = async (
    fresh: ReadonlyArray<Resolved>,
    single: boolean,
  ): Promise<E.Either<{ readonly error: LedgerError; readonly streams?: ReadonlyArray<string> }, ReadonlyArray<Entry>>> => {
    const decision = await decide(fresh, single)
    if (E.isLeft(decision)) return E.left({ error: decision.left })
    const { drafts, expected, after } = decision.right
    const appended = await store.append({
      drafts,
      expected: [...expected].map(([stream, revision]) => ({ stream, revision })),
      now: clock(),
    })()
    if (E.isLeft(appended)) return E.left({ error: appended.left, streams: [...expected.keys()] })
    after.forEach(remember)
    return appended
  }

  // inputs are copied and decoded at the call, not when the task runs: a caller may change them afterwards
  const recordBatchAs = (principal: Principal | undefined) => (inputs: ReadonlyArray<RecordInput>): TE.TaskEither<LedgerError, BatchResult> => {
    const refused = (reason: string) => E.left(validationFailed([{ path: '(input)', reason }]))
    const decoded = !Array.isArray(inputs)
      ? refused('expected a list of events')
      : // a sparse list may claim billions of inputs: its length is judged before any is read
        inputs.length > MAX_BATCH
        ? refused(`a batch of ${inputs.length} inputs; at most ${MAX_BATCH} are recorded in one call`)
        : decodeAll(inputs, false, principal)
    return () => (E.isLeft(decoded) ? Promise.resolve(decoded) : serially(() => recordDecoded(decoded.right, false, principal)))
  }

  const recordAs = (principal: Principal | undefined) => (input: RecordInput): TE.TaskEither<LedgerError, Entry> => {
    const decoded = decodeAll([input], true, principal)
    return pipe(
      () => (E.isLeft(decoded) ? Promise.resolve(decoded) : serially(() => recordDecoded(decoded.right, true, principal))),
      TE.flatMapEither((r) => {
        const entry = r.recorded[0]
        if (entry !== undefined) return E.right(entry)
        return E.left(duplicate(r.duplicates[0] as Entry))
      }),
    )
  }

  /** A principal that does not check out refuses every call, naming what is wrong with it. */
  const as = (principal: Principal): Recorder => {
    const checked = checkPrincipal(principal)
    if (E.isRight(checked)) return { record: recordAs(checked.right), recordBatch: recordBatchAs(checked.right) }
    const refused = TE.left(validationFailed(checked.left))
    return { record: () => refused, recordBatch: () => refused }
  }

  return {
    store,
    record: recordAs(undefined),
    recordBatch: recordBatchAs(undefined),
    as,
    // a name no stream can have is refused here, before a store is asked to bind it
    readStream: (stream) =>
      StreamName.is(stream)
        ? pipe(store.readStream(stream), TE.map((es) => es.map(upcast)))
        : TE.left(validationFailed([{ path: '(stream)', reason: `expected ${StreamName.name}` }])),
    readAll: (page) => pipe(store.readAll(page), TE.map((es) => es.map(upcast))),
  }
}
