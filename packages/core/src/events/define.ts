import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { Contribution } from '../deltas.js'
import type { Day } from '../time.js'
import type { StreamOf } from './streams.js'

/** An event type: its name, its schema version, its data codec, and the stream its facts belong to. */
export interface EventDefinition<Type extends string = string, Data = unknown> {
  readonly type: Type
  /** current schema version of `data` */
  readonly version: number
  readonly data: t.Type<Data, Data, unknown>
  /** the aggregate's stream; derived from the data, so a fact always lands on its own aggregate (`streams.ts`) */
  readonly stream: StreamOf<Data>
  /**
   * Upcasters from older schema versions: `upcasters[v]` turns data written
   * at version v into version v + 1. Stored bytes are never rewritten.
   */
  readonly upcasters?: Readonly<Record<number, (older: unknown) => unknown>>
  readonly title: { readonly zh: string; readonly en: string }
}

export const defineEvent = <Type extends string, Data>(definition: EventDefinition<Type, Data>): EventDefinition<Type, Data> =>
  definition

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
