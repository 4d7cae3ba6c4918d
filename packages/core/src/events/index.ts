import type * as t from 'io-ts'
import type { Aggregate, EventDefinition, Fact } from './define.js'
import { vehicle, vehicleEvents } from './vehicles.js'

/**
 * Every domain event the ledger accepts, each with the aggregate whose
 * stream it lands on. To add an event type: define it beside its siblings,
 * add it to its domain below, and document it in docs/events.md.
 */
const domains = [{ aggregate: vehicle, events: vehicleEvents }] as const

type Definitions = (typeof domains)[number]['events'][number]

export type EventType = Definitions['type']

type EventOf<D> = D extends EventDefinition<infer T, infer A> ? { readonly type: T; readonly data: A } : never
/** A domain event: its type and its data at the current schema version. */
export type DomainEvent = EventOf<Definitions>
export type DataOf<T extends EventType> = Extract<DomainEvent, { type: T }>['data']

export interface Registered {
  readonly definition: EventDefinition<string, unknown>
  readonly aggregate: Aggregate<unknown, Fact>
}

export const registry: ReadonlyMap<string, Registered> = new Map(
  domains.flatMap(({ aggregate, events }) =>
    (events as ReadonlyArray<EventDefinition<string, unknown>>).map((definition) => [
      definition.type,
      { definition, aggregate: aggregate as unknown as Aggregate<unknown, Fact> },
    ]),
  ),
)

export const eventTypes: ReadonlyArray<string> = [...registry.keys()]

export const dataCodec = (type: string): t.Type<unknown, unknown, unknown> | undefined => registry.get(type)?.definition.data

export * from './define.js'
export * from './vehicles.js'
