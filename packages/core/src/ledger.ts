import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { planPolicy } from './authorization/policy.js'
import type { Authorize } from './authorization/authorize.js'
import { checkPrincipal, type Principal } from './attestation.js'
import { refined } from './codecs.js'
import type { Entry } from './envelope.js'
import { duplicate, integrityFailed, validationFailed, type LedgerError } from './errors.js'
import { upcast } from './stream-fold.js'
import type { Plan } from './plan/define.js'
import { appendBatch, type Appending, type BatchResult } from './record/append.js'
import { checkCodes, codeProblem } from './record/codes.js'
import { permitted } from './record/authorization.js'
import { decodeAll } from './record/decode.js'
import { knownStreams } from './record/histories.js'
import type { Decoded, RecordInput } from './record/input.js'
import { resolve } from './record/resolve.js'
import type { EventStore, Page } from './store.js'

export type { BatchResult } from './record/append.js'
export type { RecordInput } from './record/input.js'

/** How many inputs one `recordBatch` takes; far beyond any commit, it bounds what a call can make the ledger do. */
export const MAX_BATCH = 100_000

export interface LedgerOptions {
  readonly store: EventStore
  /** the plan whose facts it records: every code an event carries must be one of the plan's */
  readonly plan: Plan
  /** epoch ms; recordedAt comes from here, never from the caller */
  readonly clock?: () => number
  /** who may record what; default the plan's own lead and responsible units (`planPolicy(plan)`) */
  readonly authorize?: Authorize
  /** how often to decide again when another writer got in first (only where the caller set no expectedRevision) */
  readonly retries?: number
  /** how many streams' histories to keep decided in memory */
  readonly cacheSize?: number
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

/** What a stream's name can be: streams are named from identifiers (`vehicle-<VIN>`, `capacity-<enterprise>/<line>`, …), never with control characters. */
const StreamName = refined(
  { zh: '流名：1 至 512 个字符，不含控制字符或孤立代理项', en: 'a stream name: a text of 1 to 512 characters without control characters or lone surrogates' },
  (u): u is string => typeof u === 'string' && u.length > 0 && u.length <= 512 && !/[\p{Cc}\p{Cs}]/u.test(u),
)

/** Entries with their data brought up to the current schema; one that cannot be is an integrity failure at its position. */
const upcastEntries = (es: ReadonlyArray<Entry>): E.Either<LedgerError, ReadonlyArray<Entry>> =>
  pipe(
    es,
    E.traverseArray((e) => pipe(upcast(e), E.mapLeft((why) => integrityFailed(e.position, why)))),
  )

/** The ledger: the record path's steps (`record/`) wired to one store, one plan, one policy and what it knows of its streams. */
export const createLedger = (options: LedgerOptions): Ledger => {
  const { store, plan, clock = Date.now, authorize = planPolicy(plan), retries = 3, cacheSize = 50_000 } = options
  const appending: Appending = { store, authorize, clock, retries, streams: knownStreams(cacheSize) }
  // One recording at a time per ledger: calls from the same process never race each other
  // into conflicts; other processes are kept apart by the store's expected revisions.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <A>(work: () => Promise<A>): Promise<A> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  /** Resolve, check the codes against the plan, authorise, then decide and append with retries. */
  const recordDecoded = async (inputs: ReadonlyArray<Decoded>, single: boolean, principal: Principal | undefined): Promise<E.Either<LedgerError, BatchResult>> => {
    const resolved = await resolve(store, inputs, single, principal)
    const planned = E.isLeft(resolved) ? resolved : checkCodes(plan, resolved.right, single)
    const allowed = E.isLeft(planned) ? planned : permitted(planned.right, authorize, single)
    return E.isLeft(allowed) ? allowed : appendBatch(appending, allowed.right, single)
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
    const checked = pipe(
      checkPrincipal(principal),
      E.flatMap((p) => {
        const unknown = p.actsFor.flatMap((unit, i) => {
          const reason = codeProblem(plan, 'unit', unit)
          return reason === undefined ? [] : [{ path: `principal.actsFor[${i}]`, reason }]
        })
        return unknown.length > 0 ? E.left(unknown) : E.right(p)
      }),
    )
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
        ? pipe(store.readStream(stream), TE.flatMapEither(upcastEntries))
        : TE.left(validationFailed([{ path: '(stream)', reason: `expected ${StreamName.name}` }])),
    readAll: (page) => pipe(store.readAll(page), TE.flatMapEither(upcastEntries)),
  }
}
