import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import type { Day } from '../time.js'
import type { StreamOf } from './streams.js'

/** What every definition says of itself: its type, the schema version of its data, its title. */
export interface Titled<Type extends string = string> {
  readonly type: Type
  /** current schema version of `data` */
  readonly version: number
  readonly title: Wording
}

/** What an event type says beside its data. */
interface EventRest<Data> {
  /** the aggregate's stream; derived from the data, so a fact always lands on its own aggregate (`streams.ts`) */
  readonly stream: StreamOf<Data>
  /**
   * Upcasters from older schema versions: `upcasters[v]` turns data written
   * at version v into version v + 1. Stored bytes are never rewritten.
   */
  readonly upcasters?: Readonly<Record<number, (older: unknown) => unknown>>
}

/** An event type: its name, its schema version, its data codec, and the stream its facts belong to. */
export interface EventDefinition<Type extends string = string, Data = unknown> extends Titled<Type>, EventRest<Data> {
  readonly data: t.Type<Data, Data, unknown>
}

/** An event type as written: its data codec made from the name it is given (`dataName`). */
export interface WrittenEvent<Type extends string, Data> extends Titled<Type>, EventRest<Data> {
  readonly data: (name: Wording) => t.Type<Data, Data, unknown>
}

/** What a refusal calls a definition's data: the event by its title, and its type. */
export const dataName = (type: string, title: Wording): Wording => ({ zh: `${title.zh}（${type}）`, en: `${type} (${title.en})` })

/** A definition as written, its data codec made from the name its type and title give it: a refusal then says the event's own words. */
export const withNamedData = <W extends Titled & { readonly data: (name: Wording) => unknown }>(written: W): Omit<W, 'data'> & { readonly data: ReturnType<W['data']> } => ({
  ...written,
  data: written.data(dataName(written.type, written.title)) as ReturnType<W['data']>,
})

export const defineEvent = <Type extends string, Data>(written: WrittenEvent<Type, Data>): EventDefinition<Type, Data> => withNamedData(written)

/** An event as an aggregate sees it: decoded at its current version, with when and by whom. */
export interface Fact<Type extends string = string, Data = unknown> {
  readonly id: string
  readonly type: Type
  readonly data: Data
  /** when it occurred, epoch ms */
  readonly at: number
  /** the Shanghai day it occurred on */
  readonly day: Day
  readonly occurredAt: string
  readonly recordedBy: string
}

/** What an accepted fact makes of an aggregate: its next state, and what it contributes. */
export interface Accepted<S> {
  readonly state: S
  readonly contributions?: ReadonlyArray<Contribution>
}

/** The outcome of applying a fact to an aggregate: accepted, or why it cannot be. */
export type Step<S> = E.Either<string, Accepted<S>>

export const accept = <S>(state: S, contributions?: ReadonlyArray<Contribution>): Step<S> =>
  E.right(contributions === undefined ? { state } : { state, contributions })
export const reject = <S>(reason: string): Step<S> => E.left(reason)

/**
 * An aggregate: the facts of one stream, folded in the order they occurred.
 * `evolve` both guards the invariants (a vehicle is scrapped once) and says
 * what each fact contributes to the county's metrics, so that what is
 * allowed and what is counted can never disagree.
 */
export interface Aggregate<S = unknown, F extends Fact = Fact> {
  readonly name: string
  readonly initial: S
  readonly evolve: (state: S, fact: F) => Step<S>
}

export const defineAggregate = <S, F extends Fact>(aggregate: Aggregate<S, F>): Aggregate<S, F> => aggregate
