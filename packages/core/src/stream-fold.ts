import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { addedDelta, deltaOf, type Contribution, type Delta } from './deltas.js'
import { said, wordingOf } from './codecs.js'
import type { Entry } from './envelope.js'
import { amendmentOf, isCorrection, type Amendment } from './events/corrections.js'
import type { Aggregate, Fact } from './events/define.js'
import { registry } from './events/index.js'
import { dayOf, parseInstant } from './time.js'

/**
 * A stream's history as the ledger decides against it: its facts in the
 * order they occurred (late reports slot in where they belong), the state
 * they fold to, and everything they contribute.
 */
export interface History {
  readonly stream: string
  readonly revision: number
  readonly facts: ReadonlyArray<Fact>
  readonly state: unknown
  readonly contributions: ReadonlyArray<Contribution>
  /** ids of the stream's entries voided by a later correction */
  readonly voided: ReadonlySet<string>
}

// shared by every history with nothing voided (most): a voiding makes a set of its own
const NOTHING_VOIDED: ReadonlySet<string> = new Set()

export const emptyHistory = (stream: string, aggregate: Aggregate<unknown, Fact>): History => ({
  stream,
  revision: 0,
  facts: [],
  state: aggregate.initial,
  contributions: [],
  voided: NOTHING_VOIDED,
})

/**
 * Data written at an older schema version, brought up to the current one,
 * or why it cannot be (a version this release has no upcaster from, or
 * data an upcaster cannot read). Stored bytes stay as they are.
 */
export const upcast = <T extends Pick<Entry, 'type' | 'version' | 'data'>>(entry: T): E.Either<string, T> => {
  const definition = registry.get(entry.type)?.definition
  if (definition === undefined) return E.right(entry)
  const cannot = (v: unknown, why: string) =>
    E.left(`${entry.type} 第 ${String(entry.version)} 版的数据无法升级到第 ${definition.version} 版 / ${entry.type} data of version ${String(entry.version)} cannot be brought up to version ${definition.version}: ${why} (at version ${String(v)})`)
  if (!Number.isSafeInteger(entry.version) || entry.version < 1) return cannot(entry.version, 'no such version')
  if (entry.version >= definition.version) return E.right(entry)
  let data = entry.data
  for (let v = entry.version; v < definition.version; v++) {
    const up = definition.upcasters?.[v]
    if (up === undefined) return cannot(v, `no upcaster from version ${v} to ${v + 1}`)
    const next = E.tryCatch(() => up(data), (thrown) => (thrown instanceof Error ? thrown.message : String(thrown)))
    if (E.isLeft(next)) return cannot(v, next.left)
    data = next.right
  }
  return E.right({ ...entry, version: definition.version, data })
}

/** An entry as the fact an aggregate folds, or why its time cannot be read. */
export const factOf = (e: Pick<Entry, 'id' | 'type' | 'occurredAt' | 'recordedBy' | 'data'>): E.Either<string, Fact> =>
  pipe(
    parseInstant(e.occurredAt),
    E.bimap(
      (why) => {
        const w = wordingOf(why)
        return said({ zh: `条目 ${e.id}：occurredAt ${w.zh}`, en: `entry ${e.id}: occurredAt ${w.en}` })
      },
      (at) => ({ id: e.id, type: e.type, data: e.data, at, day: dayOf(at), occurredAt: e.occurredAt, recordedBy: e.recordedBy }),
    ),
  )

/** Why a fact cannot stand, and which (none: a stored entry that cannot be read as a fact at all). */
export interface Rejection {
  readonly fact?: Fact
  readonly reason: string
}

const apply = (
  aggregate: Aggregate<unknown, Fact>,
  state: unknown,
  fact: Fact,
): E.Either<Rejection, { state: unknown; contributions: ReadonlyArray<Contribution> }> => {
  const step = aggregate.evolve(state, fact)
  if (E.isLeft(step)) return E.left({ fact, reason: step.left })
  const { state: next, contributions: stated } = step.right
  // a contribution counts under the unit that recorded the fact, unless the aggregate names another: a
  // stock taken down stands under the unit that put the thing in it (a car leaves the registry's fleet)
  const unit = fact.recordedBy
  // every contribution in one shape, built field by field: cheaper than a spread of the aggregate's own, and what `seriesKey` reads
  const contributions = (stated ?? []).map(
    (c): Contribution => ({ metric: c.metric, quantity: c.quantity, day: c.day, town: c.town, sector: c.sector, unit: c.unit ?? unit }),
  )
  return E.right({ state: next, contributions })
}

/** Fold facts, already in occurred order, from the aggregate's initial state. */
const fold = (
  stream: string,
  revision: number,
  aggregate: Aggregate<unknown, Fact>,
  facts: ReadonlyArray<Fact>,
  voided: ReadonlySet<string>,
): E.Either<Rejection, History> => {
  let state = aggregate.initial
  const contributions: Contribution[] = []
  for (const fact of facts) {
    const r = apply(aggregate, state, fact)
    if (E.isLeft(r)) return r
    state = r.right.state
    contributions.push(...r.right.contributions)
  }
  return E.right({ stream, revision, facts, state, contributions, voided })
}

/** Facts with one of them voided (no data) or given corrected data. */
const amended = (facts: ReadonlyArray<Fact>, a: Amendment): ReadonlyArray<Fact> =>
  a.data === undefined ? facts.filter((f) => f.id !== a.entryId) : facts.map((f) => (f.id === a.entryId ? { ...f, data: a.data } : f))

/**
 * A history rebuilt from stored entries (upcast), folded in occurred order.
 * Corrections among them apply in the order they were recorded.
 */
export const historyOf = (stream: string, aggregate: Aggregate<unknown, Fact>, entries: ReadonlyArray<Entry>): E.Either<Rejection, History> => {
  let facts: Fact[] = []
  const voided = new Set<string>()
  for (const e of entries) {
    if (!isCorrection(e.type)) {
      const fact = pipe(upcast(e), E.flatMap(factOf))
      if (E.isLeft(fact)) return E.left({ reason: fact.left })
      facts.push(fact.right)
    } else {
      const a = amendmentOf(e)
      if (a.data === undefined) voided.add(a.entryId)
      facts = [...amended(facts, a)]
    }
  }
  return fold(stream, entries.length, aggregate, facts.sort((a, b) => a.at - b.at), voided)
}

/**
 * One more fact: a fact that occurred last (the usual case) is one step from
 * the current state and adds only its own contributions; a late report that
 * belongs earlier refolds the stream, so that every later fact is checked
 * again against it.
 */
const step = (h: History, aggregate: Aggregate<unknown, Fact>, fact: Fact): E.Either<Rejection, { readonly history: History; readonly added?: ReadonlyArray<Contribution> }> => {
  const last = h.facts[h.facts.length - 1]
  if (last === undefined || fact.at >= last.at)
    return E.map(({ state, contributions }: { state: unknown; contributions: ReadonlyArray<Contribution> }) => ({
      history: { stream: h.stream, revision: h.revision + 1, facts: [...h.facts, fact], state, contributions: [...h.contributions, ...contributions], voided: h.voided },
      added: contributions,
    }))(apply(aggregate, h.state, fact))
  const at = h.facts.findIndex((f) => f.at > fact.at)
  return E.map((history: History) => ({ history }))(fold(h.stream, h.revision + 1, aggregate, [...h.facts.slice(0, at), fact, ...h.facts.slice(at)], h.voided))
}

/** A history one fact or correction on, and the difference it makes to the tally. */
export interface Advanced {
  readonly history: History
  readonly delta: Delta[]
}

/** The history with one more fact, and the difference that fact makes to the tally. */
export const advance = (h: History, aggregate: Aggregate<unknown, Fact>, fact: Fact): E.Either<Rejection, Advanced> =>
  E.map((next: { readonly history: History; readonly added?: ReadonlyArray<Contribution> }): Advanced => ({
    history: next.history,
    delta: next.added === undefined ? deltaOf(h.contributions, next.history.contributions) : addedDelta(next.added),
  }))(step(h, aggregate, fact))

/**
 * The history after a correction: the named fact voided or its data
 * replaced, the stream folded again (so every later fact is checked against
 * it), and the difference to the tally. Voiding e this way gives exactly the
 * tally of the log without e.
 */
export const amend = (h: History, aggregate: Aggregate<unknown, Fact>, a: Amendment): E.Either<Rejection, Advanced> => {
  const voided = a.data === undefined ? new Set([...h.voided, a.entryId]) : h.voided
  return E.map((next: History): Advanced => ({ history: next, delta: deltaOf(h.contributions, next.contributions) }))(fold(h.stream, h.revision + 1, aggregate, amended(h.facts, a), voided))
}

/** The stream histories a ledger keeps decided in memory (or anything else kept by stream). */
export interface HistoryCache<V = History> {
  readonly get: (stream: string) => V | undefined
  readonly set: (stream: string, history: V) => void
  readonly delete: (stream: string) => void
}

/**
 * Recently used histories, about `size` of them, in two generations: the
 * young one fills, then becomes the old one and the oldest is dropped; a hit
 * in the old generation moves back to the young. Every operation is O(1),
 * however many streams a ledger touches.
 */
export const historyCache = <V = History>(size: number): HistoryCache<V> => {
  const half = Math.max(1, Math.floor(size / 2))
  let young = new Map<string, V>()
  let old = new Map<string, V>()
  const set = (stream: string, history: V): void => {
    young.set(stream, history)
    if (young.size >= half) {
      old = young
      young = new Map()
    }
  }
  return {
    get: (stream) => {
      const hit = young.get(stream)
      if (hit !== undefined) return hit
      const aged = old.get(stream)
      if (aged !== undefined) {
        old.delete(stream)
        set(stream, aged)
      }
      return aged
    },
    set,
    delete: (stream) => {
      young.delete(stream)
      old.delete(stream)
    },
  }
}
