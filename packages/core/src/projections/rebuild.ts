import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { issuesWording, said, toIssues, wordingOf } from '../codecs.js'
import { packDeltas } from '../deltas.js'
import type { Entry } from '../envelope.js'
import { integrityFailed, type IntegrityFailed } from '../errors.js'
import { amendmentOf, corrections, isCorrection } from '../events/corrections.js'
import type { Aggregate, Fact } from '../events/define.js'
import { registry } from '../events/index.js'
import { advance, amend, emptyHistory, factOf, historyCache, historyOf, upcast, type History, type HistoryCache } from '../stream-fold.js'
import type { EntryDeltas } from '../store.js'

/*
 * Every entry's delta derived again from the events alone, folding each
 * stream in log order exactly as the ledger did when it recorded them. The
 * deltas a store keeps are a cache of this: `verifyStore` compares the two,
 * a store rebuilds its cache from it when the rules change, and a copy of a
 * log derives its own.
 */

/**
 * The version of the rules by which an entry's delta is derived from the
 * events: raised whenever what an aggregate contributes changes (2: a
 * vehicle leaves the stock on the first of deregistration, dismantling and
 * export; 3: a town's, unit's and sector's key is its code's own, `codeKey`,
 * no longer its place in Jiaxiang's catalogue). A store keeps the version its
 * deltas were derived by, and derives them again from its entries when this
 * one is newer.
 */
export const DERIVATION_RULES = 3

/** An entry's delta as the ledger derives it; the stream whose earlier entries must be supplied first; or why the entry does not derive. */
export type Derived = { readonly deltas: Float64Array } | { readonly needs: string } | { readonly problem: string }

export interface Deriver {
  /** Derive the next entry in log order. */
  readonly derive: (entry: Entry) => Derived
  /** A stream's entries before the one `derive` asked for, read again from the store: its history no longer in memory. */
  readonly supply: (stream: string, earlier: ReadonlyArray<Entry>) => void
}

interface Known {
  readonly history: History
  readonly aggregate: Aggregate<unknown, Fact>
}

/** Why a domain entry cannot stand as the ledger would have recorded it, or undefined. */
const unknownType = (type: string): string => said({ zh: `${type} 不是本台账所知的事件类型`, en: `${type} is not an event type this ledger knows` })

const dataDoesNotHold = (errors: t.Errors): string => {
  const why = issuesWording(toIssues(errors, ['data']))
  return said({ zh: `其数据不成立：${why.zh}`, en: `its data does not hold: ${why.en}` })
}

const invalidity = (entry: Entry): string | undefined => {
  const registered = registry.get(entry.type)
  if (registered === undefined) return unknownType(entry.type)
  const { definition } = registered
  const checked = definition.data.validate(entry.data, [])
  if (E.isLeft(checked)) return dataDoesNotHold(checked.left)
  if (entry.stream !== definition.stream(entry.data) && entry.stream !== definition.stream.legacy(entry.data))
    return said({ zh: `其数据所属的流为 ${definition.stream(entry.data)}，但它位于流 ${entry.stream}`, en: `its data names the stream ${definition.stream(entry.data)}, but it stands on ${entry.stream}` })
  return undefined
}

export interface DeriverOptions {
  /** stream histories kept in memory (the rest are asked for again with `needs`); default all of them */
  readonly historyCacheSize?: number
  /** whether each entry must be its stream's next revision, as the ledger writes them; default true */
  readonly checkRevisions?: boolean
}

/** A deriver that keeps stream histories in memory as it folds the log. */
export const deriver = (options: DeriverOptions = {}): Deriver => {
  const { historyCacheSize, checkRevisions = true } = options
  const cache: Pick<HistoryCache<Known>, 'get' | 'set'> = historyCacheSize === undefined ? new Map<string, Known>() : historyCache<Known>(historyCacheSize)
  const seen = new Set<string>()

  const aggregateOf = (entries: ReadonlyArray<Entry>): Aggregate<unknown, Fact> | undefined => {
    const first = entries.find((e) => !isCorrection(e.type))
    return first === undefined ? undefined : registry.get(first.type)?.aggregate
  }

  const derive = (stored: Entry): Derived => {
    const upcasted = upcast(stored)
    if (E.isLeft(upcasted)) return { problem: upcasted.left }
    const entry = upcasted.right
    const before = cache.get(entry.stream)
    if (before === undefined && seen.has(entry.stream)) return { needs: entry.stream }
    const revision = before?.history.revision ?? 0
    if (checkRevisions && entry.revision !== revision + 1) return {
        problem: said({ zh: `它自称流 ${entry.stream} 的第 ${entry.revision} 版，但该流当时处于第 ${revision} 版`, en: `it says revision ${entry.revision} of ${entry.stream}, but that stream stood at revision ${revision}` }),
      }
    let next: ReturnType<typeof advance>
    let aggregate: Aggregate<unknown, Fact>
    try {
      if (isCorrection(entry.type)) {
        const codec = corrections.get(entry.type)?.data
        const checked = codec?.validate(entry.data, [])
        if (checked !== undefined && E.isLeft(checked))
          return { problem: dataDoesNotHold(checked.left) }
        // a correction lands on a stream its entry began
        if (before === undefined) return { problem: said({ zh: `${entry.type} 位于流 ${entry.stream}，但该流此前没有条目`, en: `${entry.type} on ${entry.stream}, a stream with no entry before it` }) }
        aggregate = before.aggregate
        next = amend(before.history, aggregate, amendmentOf(entry))
      } else {
        const why = invalidity(entry)
        if (why !== undefined) return { problem: why }
        const registered = registry.get(entry.type)
        if (registered === undefined) return { problem: unknownType(entry.type) }
        aggregate = registered.aggregate
        if (before !== undefined && before.aggregate !== aggregate) return { problem: said({ zh: `${entry.type} 位于流 ${entry.stream}，而该流属于另一类聚合`, en: `a ${entry.type} on ${entry.stream}, the stream of another kind of aggregate` }) }
        const fact = factOf(entry)
        if (E.isLeft(fact)) return { problem: fact.left }
        next = advance(before?.history ?? emptyHistory(entry.stream, aggregate), aggregate, fact.right)
      }
    } catch (err) {
      return { problem: (err as Error).message }
    }
    if (E.isLeft(next)) {
      const why = wordingOf(next.left.reason)
      return { problem: said({ zh: `它已不再成立：${why.zh}`, en: `it no longer holds: ${why.en}` }) }
    }
    seen.add(entry.stream)
    cache.set(entry.stream, { history: next.right.history, aggregate })
    return { deltas: packDeltas(next.right.delta) }
  }

  const supply = (stream: string, earlier: ReadonlyArray<Entry>): void => {
    const aggregate = aggregateOf(earlier)
    if (aggregate === undefined) return
    let history: ReturnType<typeof historyOf> | undefined
    try {
      history = historyOf(stream, aggregate, earlier)
    } catch {
      history = undefined // an entry that cannot be read as a fact: named where the walk met it
    }
    if (history !== undefined && E.isRight(history)) cache.set(stream, { history: history.right, aggregate })
    else seen.delete(stream) // cannot be folded again: the entry that asked will say why once it is derived from nothing
  }

  return { derive, supply }
}

/**
 * Every entry's deltas derived again, entries in memory and in log order,
 * as if recorded as given (revisions are not held to their order): for
 * tests and the benchmark's check. The first entry that does not derive is
 * refused; a store is checked with `verifyStore`, which walks it page by page.
 */
export const rebuildDeltas = (entries: Iterable<Entry>): E.Either<IntegrityFailed, ReadonlyArray<EntryDeltas>> => {
  const d = deriver({ checkRevisions: false })
  const out: EntryDeltas[] = []
  for (const entry of entries) {
    const derived = d.derive(entry)
    if (!('deltas' in derived)) {
      const why = 'problem' in derived ? wordingOf(derived.problem) : { zh: `缺少 ${derived.needs} 的历史`, en: `history of ${derived.needs} missing` }
      return E.left(integrityFailed(entry.position, said({ zh: `条目 ${entry.position}（${entry.type} ${entry.id}）：${why.zh}`, en: `entry ${entry.position} (${entry.type} ${entry.id}): ${why.en}` })))
    }
    out.push({ position: entry.position, recordedAt: Date.parse(entry.recordedAt), deltas: derived.deltas })
  }
  return E.right(out)
}
