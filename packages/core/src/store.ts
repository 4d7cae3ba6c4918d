import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type { Head } from './chain.js'
import type { Entry, EntryDraft } from './envelope.js'
import type { ConcurrencyConflict, IdConflict, IntegrityFailed, StorageFailed } from './errors.js'

/**
 * The store port. Every adapter (memory, SQLite, PostgreSQL, EventStoreDB)
 * implements it and passes the same conformance suite
 * (`@policy-ledger/testkit/conformance`).
 *
 * A store keeps entries and, beside each, its delta to the tally (packed,
 * see `packDeltas`). It never decides anything about the domain: the ledger
 * has validated and decided before it appends. What a store must guarantee:
 *
 * - an append is atomic: all of the batch or none of it;
 * - under its write lock it checks each expected stream revision, refuses
 *   ids it already holds, and seals the batch with `seal` from the head it
 *   holds, so positions are gap-free and commit order is position order;
 * - reads return entries exactly as sealed (their bytes hash to `hash`).
 *
 * Everything else a store keeps (the deltas, snapshots, the columns beside
 * each body that its indexes read) is derived from the entries, and
 * `verifyStore` checks it against them: a store hands it over as stored,
 * never repaired, so that a change to it is found.
 */
export interface AppendRequest {
  readonly drafts: ReadonlyArray<Draft>
  /** the revision each touched stream must be at before the append (0: the stream must not exist) */
  readonly expected: ReadonlyArray<{ readonly stream: string; readonly revision: number }>
  /** the ledger's clock, epoch ms; `seal` keeps recordedAt increasing whatever it says */
  readonly now: number
}

export interface Draft {
  readonly entry: EntryDraft
  /** the entry's delta to the tally, packed in delta format 2 (`packDeltas`: metric, town, unit, sector, day, quantity, events) */
  readonly deltas: Float64Array
}

export type AppendError = ConcurrencyConflict | IdConflict | StorageFailed

/** The deltas of one entry, for replays that sum and never decode. */
export interface EntryDeltas {
  readonly position: number
  /** epoch ms */
  readonly recordedAt: number
  readonly deltas: Float64Array
}

/**
 * One commit's deltas as stored: its entries sit at positions `first`,
 * `first + 1`, …, share one recordedAt, and have `counts[i]` numbers each in
 * `deltas`, end to end. A replay folds a block in one loop.
 */
export interface DeltaBlock {
  readonly first: number
  /** the last position, as stored: `first + counts.length - 1` unless the row was tampered with */
  readonly last: number
  /** epoch ms */
  readonly recordedAt: number
  readonly counts: Uint32Array
  readonly deltas: Float64Array
}

/**
 * A page of the log as stored, column by column: each entry's recorded
 * hash, and its body, the canonical text that hash covers, unparsed: as
 * UTF-8 bytes (SQLite cuts views of one buffer per page), or as text.
 * Columns, not an object per entry. Both columns are as long as the page.
 */
export interface RawPage {
  readonly hashes: ReadonlyArray<string>
  readonly bodies: ReadonlyArray<Uint8Array | string>
}

/**
 * What a store keeps beside each body, column by column (each as long as
 * the page): what its reads by position, id and stream, and its checks of
 * expected revisions, go by. Each must say what the body says.
 */
export interface StoredColumns {
  readonly positions: ReadonlyArray<number>
  readonly ids: ReadonlyArray<string>
  readonly streams: ReadonlyArray<string>
  readonly revisions: ReadonlyArray<number>
  /** epoch ms, where the store keeps each entry's recordedAt beside it */
  readonly recordedAts?: ReadonlyArray<number>
}

/** One commit sealed elsewhere, to be kept as it is: a copy of another store's log (`copyLog`). */
export interface SealedCommit {
  /** consecutive entries sharing one recordedAt, the first linked to this store's head */
  readonly entries: ReadonlyArray<Entry>
  /** each entry's delta, derived again from the entries by the copier */
  readonly deltas: ReadonlyArray<Float64Array>
}

/**
 * How another thread opens a store again, read-only: import `module` (a
 * URL), call its export `export` with `options`. Plain data throughout, as
 * a worker thread cannot be handed a closure.
 */
export interface Reopen {
  readonly module: string
  readonly export: string
  readonly options: unknown
}

/** A page of the log: entries after `after`, in position order, at most `limit`. */
export interface Page {
  readonly after: number
  readonly limit: number
}

export interface EventStore {
  /** a short name for messages and benchmarks, e.g. `sqlite` */
  readonly kind: string
  readonly append: (request: AppendRequest) => TaskEither<AppendError, ReadonlyArray<Entry>>
  /** a stream's entries in revision order; empty if it does not exist */
  readonly readStream: (stream: string) => TaskEither<StorageFailed, ReadonlyArray<Entry>>
  /**
   * Optional, for speed: several streams' entries at once, each stream in
   * revision order (streams in any order); the ledger reads a batch's new
   * streams with it in one query. Without it, one `readStream` each.
   */
  readonly readStreams?: (streams: ReadonlyArray<string>) => TaskEither<StorageFailed, ReadonlyArray<Entry>>
  readonly readAll: (page: Page) => TaskEither<StorageFailed, ReadonlyArray<Entry>>
  /**
   * Optional, for speed: the entries at these positions, those the log
   * holds, in position order; what an audit reads once it knows which
   * entries it wants (a lineage's, a diff's). Without it, `readAll` pages.
   */
  readonly readPositions?: (positions: ReadonlyArray<number>) => TaskEither<StorageFailed, ReadonlyArray<Entry>>
  readonly readDeltas: (page: Page) => TaskEither<StorageFailed, ReadonlyArray<EntryDeltas>>
  /**
   * Optional, for speed: the commit blocks holding the entries after
   * `after`, in position order, until at least `limit` entries (or the end).
   * The first block may begin at or before `after`. Without it, replays use
   * `readDeltas`.
   */
  readonly readDeltaBlocks?: (page: Page) => TaskEither<StorageFailed, ReadonlyArray<DeltaBlock>>
  /**
   * Optional, for speed: the same page as `readAll`, as stored, bodies and
   * hashes. Without it, verifying parses and re-serialises.
   */
  readonly readRaw?: (page: Page) => TaskEither<StorageFailed, RawPage>
  /**
   * The columns kept beside each body of the same page as `readAll`, as
   * stored (required of a store that keeps any): `verifyStore` holds each
   * to what its body says.
   */
  readonly readColumns?: (page: Page) => TaskEither<StorageFailed, StoredColumns>
  /**
   * Optional, for verifying on several cores: how a worker thread opens this
   * store's log again, read-only. Without it, verifying runs in one thread.
   */
  readonly reopen?: Reopen
  /**
   * Optional, for speed: tally snapshots, each the whole tally at a position
   * packed as one delta (`tallyDeltas`). `readSnapshot` gives the latest one
   * at or before both bounds (undefined: none); a replay starts there. They
   * are derived data, rebuilt from the log at will: `verify` never reads them.
   */
  readonly readSnapshot?: (atOrBefore: { readonly position: number; readonly recordedAt: number }) => TaskEither<StorageFailed, EntryDeltas | undefined>
  readonly writeSnapshot?: (snapshot: EntryDeltas) => TaskEither<StorageFailed, void>
  /** every snapshot kept, position and recordedAt, in position order: what `verifyStore` checks (required of a store that keeps snapshots) */
  readonly listSnapshots?: () => TaskEither<StorageFailed, ReadonlyArray<{ readonly position: number; readonly recordedAt: number }>>
  /**
   * Optional: keep a commit sealed elsewhere exactly as it is (positions,
   * recordedAt, hashes), under the write lock, after checking with
   * `sealedProblem` that it extends this log's head. What `copyLog` writes.
   */
  readonly appendSealed?: (commit: SealedCommit) => TaskEither<AppendError | IntegrityFailed, void>
  /** the entries among these ids that the store holds */
  readonly findByIds: (ids: ReadonlyArray<string>) => TaskEither<StorageFailed, ReadonlyArray<Entry>>
  readonly head: () => TaskEither<StorageFailed, Head>
  readonly follow: (options: FollowOptions) => Subscription
  readonly close: () => Promise<void>
}

/**
 * Following the log: deliver every entry after `after` in position order,
 * then each new commit as it lands, so that a projection in another process
 * stays current. Delivery is at-least-once at the port; a subscriber that
 * saves the last position it handled and resumes `after` it sees each entry
 * exactly once. A store that goes away is retried until it is back.
 */
export interface FollowOptions {
  /** resume after this position (a saved checkpoint); 0 from the beginning */
  readonly after: number
  /** called with consecutive entries; the next call waits until this one resolves */
  readonly onEntries: (entries: ReadonlyArray<Entry>) => Promise<void>
  /** told of each failure to read; the subscription keeps trying */
  readonly onError?: (error: StorageFailed) => void
  /** most entries per call; default 500 */
  readonly batchSize?: number
}

export interface Subscription {
  /** the last position delivered and handled */
  readonly position: () => number
  /** stop following; resolves once no call to onEntries is in progress */
  readonly stop: () => Promise<void>
}
