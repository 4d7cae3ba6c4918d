import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { GENESIS_HASH, hashEntry } from '../chain.js'
import { said } from '../codecs.js'
import { unpackDeltas, type Delta } from '../deltas.js'
import type { Entry } from '../envelope.js'
import { entryAt } from '../entries-at.js'
import { validationFailed, type IntegrityFailed, type NotFound, type StorageFailed, type ValidationFailed } from '../errors.js'
import { amendmentOf, isCorrection } from '../events/corrections.js'
import { streamName } from '../events/streams.js'
import { registry } from '../events/index.js'
import { metricByKey } from '../metrics.js'
import type { Plan } from '../plan/define.js'
import { deriver } from '../projections/rebuild.js'
import type { EventStore } from '../store.js'
import { dayToIso } from '../time.js'

/*
 * The auditor's two views of the log: one entry (`showEntry`: its chain
 * links and what it contributed) and one thing (`recordsAbout`: everything
 * recorded about a vehicle, a pile, a project, corrections included).
 *
 * What each says it contributed is derived again here from the entries of
 * its stream, which the chain covers, never read from the deltas stored
 * beside them; where those are stored, they are compared and the view says
 * whether they agree. Each view proves only what it checks itself: its own
 * entry's hash and links. That the whole log is intact is `verifyStore`'s.
 */

/** One thing an entry adds to (or, negative, takes from) a metric, in words. */
export interface ContributionRow {
  readonly metric: string
  readonly metricZh: string
  /** the metric's own unit: a number of things, 分, or a decimal ×10⁴ */
  readonly kind: 'count' | 'fen' | 'scaled'
  readonly day: string
  readonly quantity: number
  readonly events: number
  readonly town: { readonly code: string; readonly zh: string } | null
  readonly unit: { readonly code: string; readonly zh: string } | null
  readonly sector: { readonly code: string; readonly zh: string } | null
}

/** How a later correction on the stream stands to an entry. */
export interface Amended {
  readonly by: { readonly position: number; readonly id: string; readonly type: string; readonly recordedAt: string }
  readonly how: 'voided' | 'corrected'
}

/** An entry as the log holds it, beside what it did and what was done to it since. */
export interface EntryRecord {
  readonly entry: Entry
  /** for a correction, the entry it names */
  readonly amends: string | null
  /** later corrections naming this entry, in log order */
  readonly amendedBy: ReadonlyArray<Amended>
  /** what the entry changed in the tally, derived again from its stream's entries; null where it does not derive, with why */
  readonly contributions: ReadonlyArray<ContributionRow> | null
  readonly underivable: string | null
}

export interface EntryView extends EntryRecord {
  readonly links: {
    /** its hash recomputes from its own content and the hash it links to */
    readonly hashHolds: boolean
    /** the entry before it, as stored (null before the first) */
    readonly previous: { readonly position: number; readonly hash: string } | null
    /** `prevHash` is the previous entry's hash (the genesis hash for the first) */
    readonly linksToPrevious: boolean
    /** the entry after it, as stored (null: the last entry) */
    readonly next: { readonly position: number; readonly hash: string; readonly prevHash: string } | null
    readonly nextLinksHere: boolean | null
  }
  /** the deltas stored beside the entry: whether they are the ones derived again ('none': the store keeps none for it) */
  readonly storedDeltas: 'agree' | 'differ' | 'none'
}

export type EntryRef = { readonly id: string } | { readonly position: number }

export type ShowError = NotFound | StorageFailed | IntegrityFailed | ValidationFailed

/** A part of a series in words: not stated (key 0), one of the plan's by its name, or a code this plan does not have. */
const named = (codes: ReadonlyMap<number, string>, byCode: ReadonlyMap<string, { readonly zh: string }>, key: number): { code: string; zh: string } | null => {
  if (key === 0) return null
  const code = codes.get(key)
  return code === undefined ? { code: `#${key}`, zh: '本方案没有的代码 a code not of this plan' } : { code, zh: byCode.get(code)?.zh ?? code }
}

/** Deltas in words, with the plan's names. */
const rowsOf =
  (plan: Plan) =>
  (deltas: ReadonlyArray<Delta>): ReadonlyArray<ContributionRow> =>
    deltas.map((d) => {
      const metric = metricByKey.get(d.metric)
      const name = metric?.name ?? `#${d.metric}`
      return {
        metric: name,
        metricZh: metric?.zh ?? name,
        kind: metric?.kind ?? 'count',
        day: dayToIso(d.day),
        quantity: d.quantity,
        events: d.events,
        town: named(plan.codes.town, plan.townByCode, d.town),
        unit: named(plan.codes.unit, plan.unitByCode, d.unit),
        sector: named(plan.codes.sector, plan.sectorByCode, d.sector),
      }
    })

const sameNumbers = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/** A stream's entries, each with what it derives to and what later corrections did to it. */
const recordsOf = (plan: Plan, stream: ReadonlyArray<Entry>): ReadonlyArray<EntryRecord & { readonly derived: Float64Array | null }> => {
  const d = deriver()
  return stream.map((entry) => {
    const derived = d.derive(entry)
    const amendedBy = stream
      .filter((later) => later.position > entry.position && isCorrection(later.type) && amendmentOf(later).entryId.toLowerCase() === entry.id.toLowerCase())
      .map((later): Amended => ({
        by: { position: later.position, id: later.id, type: later.type, recordedAt: later.recordedAt },
        how: later.type === 'EventVoided' ? 'voided' : 'corrected',
      }))
    return {
      entry,
      amends: isCorrection(entry.type) ? amendmentOf(entry).entryId : null,
      amendedBy,
      derived: 'deltas' in derived ? derived.deltas : null,
      contributions: 'deltas' in derived ? rowsOf(plan)(unpackDeltas(derived.deltas)) : null,
      underivable: 'deltas' in derived ? null : 'problem' in derived ? derived.problem : said({ zh: `缺少 ${derived.needs} 的历史`, en: `the history of ${derived.needs} is missing` }),
    }
  })
}

const nothing = (message: string): NotFound => ({ code: 'NOT_FOUND', message })

const found = (ref: EntryRef) => (entry: Entry | undefined): E.Either<ShowError, Entry> =>
  entry === undefined
    ? E.left(nothing('id' in ref ? `台账中没有编号为 ${ref.id} 的条目 / the ledger holds no entry with the id ${ref.id}` : `台账中没有位置 ${ref.position} / the ledger has no position ${ref.position}`))
    : E.right(entry)

const refProblem = (ref: EntryRef): ValidationFailed | undefined =>
  'position' in ref && !(Number.isSafeInteger(ref.position) && ref.position >= 1)
    ? validationFailed([{ path: 'position', reason: `位置须为从 1 起的整数，收到 ${String(ref.position)} / a position is a whole number from 1, got ${String(ref.position)}` }])
    : 'id' in ref && (typeof ref.id !== 'string' || ref.id.length === 0 || ref.id.length > 200)
      ? validationFailed([{ path: 'id', reason: '条目编号须为非空文本 an entry id is a non-empty text of at most 200 characters' }])
      : undefined

/** One entry, by id or position: its links either side, what it contributed (derived again), and what was done to it since. */
export const showEntry = (plan: Plan, store: EventStore, ref: EntryRef): TE.TaskEither<ShowError, EntryView> => {
  const problem = refProblem(ref)
  if (problem !== undefined) return TE.left(problem)
  const first: TE.TaskEither<ShowError, Entry | undefined> = 'id' in ref ? pipe(store.findByIds([ref.id.toLowerCase(), ref.id]), TE.map((es) => es[0])) : entryAt(store, ref.position)
  return pipe(
    first,
    TE.flatMapEither(found(ref)),
    TE.flatMap((entry) =>
      pipe(
        TE.Do,
        TE.bindW('previous', () => entryAt(store, entry.position - 1)),
        TE.bindW('next', () => entryAt(store, entry.position + 1)),
        TE.bindW('stream', () => store.readStream(entry.stream)),
        TE.bindW('stored', () => pipe(store.readDeltas({ after: entry.position - 1, limit: 1 }), TE.map((ds) => ds.find((x) => x.position === entry.position)))),
        TE.map(({ previous, next, stream, stored }): EntryView => {
          // an entry its stream does not hold (a column changed) derives to nothing here: verify names it
          const { derived, ...record } = recordsOf(plan, stream).find((r) => r.entry.position === entry.position) ?? {
            entry,
            amends: null,
            amendedBy: [],
            derived: null,
            contributions: null,
            underivable: said({ zh: `它不在其所属流 ${entry.stream} 的条目之中`, en: `it is not among the entries of its stream ${entry.stream}` }),
          }
          const { hash, ...unsealed } = entry
          return {
            ...record,
            entry,
            links: {
              hashHolds: hashEntry(unsealed) === hash,
              previous: previous === undefined ? null : { position: previous.position, hash: previous.hash },
              linksToPrevious: entry.prevHash === (previous?.hash ?? (entry.position === 1 ? GENESIS_HASH : undefined)),
              next: next === undefined ? null : { position: next.position, hash: next.hash, prevHash: next.prevHash },
              nextLinksHere: next === undefined ? null : next.prevHash === entry.hash,
            },
            storedDeltas: stored === undefined ? 'none' : derived !== null && sameNumbers(stored.deltas, derived) ? 'agree' : 'differ',
          }
        }),
      ),
    ),
  )
}

/** Everything recorded about one thing: its stream's entries, in order, each as `showEntry` tells it (without the links). */
export interface ThingRecords {
  readonly stream: string
  readonly records: ReadonlyArray<EntryRecord>
  /** what the thing counts for now, all its entries together, derived again: each series' net quantity, dated by its last day */
  readonly standing: ReadonlyArray<ContributionRow>
}

/**
 * The streams a key can name: the key as a stream name, and the key (parts
 * joined by `/`, as a stream name joins them) under every kind of thing the
 * ledger knows: a VIN finds `vehicle-<VIN>`, `JX-QY-00001/L2` finds
 * `capacity-JX-QY-00001/L2`.
 */
export const streamsNamedBy = (key: string): ReadonlyArray<string> => {
  const kinds = new Set([...registry.values()].map((r) => r.definition.stream.kind))
  const parts = key.split('/')
  return [...new Set([key, ...[...kinds].map((kind) => streamName(kind, parts))])]
}

/** Everything recorded about the thing `key` names (a stream name, or a key such as a VIN), stream by stream; NOT_FOUND where nothing is. */
export const recordsAbout = (plan: Plan, store: EventStore, key: string): TE.TaskEither<ShowError, ReadonlyArray<ThingRecords>> => {
  if (typeof key !== 'string' || key.length === 0 || key.length > 500)
    return TE.left(validationFailed([{ path: 'key', reason: '须为非空文本 a stream name or a key such as a VIN: a non-empty text of at most 500 characters' }]))
  const names = streamsNamedBy(key)
  return pipe(
    store.readStreams === undefined ? pipe(names.map((n) => store.readStream(n)), TE.sequenceSeqArray, TE.map((xs) => xs.flat())) : store.readStreams(names),
    TE.map((entries) =>
      names.flatMap((stream) => {
        const mine = entries.filter((e) => e.stream === stream).sort((a, b) => a.revision - b.revision)
        if (mine.length === 0) return []
        const records = recordsOf(plan, mine)
        const standing = standingOf(plan, records.flatMap((r) => (r.derived === null ? [] : unpackDeltas(r.derived))))
        return [{ stream, records: records.map(({ derived: _, ...r }) => r), standing }]
      }),
    ),
    TE.flatMapEither((things) => (things.length === 0 ? E.left(nothing(`台账中没有关于 ${key} 的记录（查找了 ${names.length} 个流）/ nothing is recorded about ${key} (looked in ${names.length} streams)`)) : E.right(things))),
  )
}

/** What deltas come to together, series by series over all days (dated by the last), the series that come to nothing left out: what a thing counts for now. */
const standingOf = (plan: Plan, deltas: ReadonlyArray<Delta>): ReadonlyArray<ContributionRow> => {
  const total = new Map<string, Delta>()
  for (const d of deltas) {
    const k = `${d.metric}/${d.town}/${d.unit}/${d.sector}`
    const prev = total.get(k)
    total.set(k, { ...d, day: Math.max(prev?.day ?? d.day, d.day), quantity: (prev?.quantity ?? 0) + d.quantity, events: (prev?.events ?? 0) + d.events })
  }
  return rowsOf(plan)([...total.values()].filter((d) => d.quantity !== 0))
}
