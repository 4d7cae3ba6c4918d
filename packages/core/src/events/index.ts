import type * as t from 'io-ts'
import type { Aggregate, EventDefinition, Fact } from './define.js'
import { farmMachineEvents, farmMachineSubsidy, grainDryer, grainDryerEvents } from './agriculture.js'
import { applianceCollection, applianceCollectionEvents, applianceTradeIn, applianceTradeInEvents, gasStoveEvents, gasStoveProtection } from './appliances.js'
import { capacityEvents, productionLine } from './capacity.js'
import { certification, certificationEvents } from './certifications.js'
import { chargingPile, chargingPileEvents, residentialParking, residentialParkingEvents } from './charging.js'
import { baseStation, baseStationEvents, computingFacility, computingPowerEvents } from './digital.js'
import { equipmentEvents, equipmentReplacement } from './equipment.js'
import { facility, facilityEvents } from './facilities.js'
import { milestone, milestoneEvents } from './milestones.js'
import { project, projectEvents } from './projects.js'
import { promotion, promotionEvents } from './promotions.js'
import { ship, shipEvents } from './ships.js'
import { statistic, statisticEvents } from './statistics.js'
import { vehicle, vehicleEvents } from './vehicles.js'

/**
 * Every domain event the ledger accepts, each with the aggregate whose
 * stream it lands on. To add an event type: define it beside its siblings,
 * add it to its domain below, and document it in docs/events.md.
 */
const domains = [
  { aggregate: vehicle, events: vehicleEvents },
  { aggregate: project, events: projectEvents },
  { aggregate: equipmentReplacement, events: equipmentEvents },
  { aggregate: productionLine, events: capacityEvents },
  { aggregate: applianceCollection, events: applianceCollectionEvents },
  { aggregate: applianceTradeIn, events: applianceTradeInEvents },
  { aggregate: gasStoveProtection, events: gasStoveEvents },
  { aggregate: chargingPile, events: chargingPileEvents },
  { aggregate: residentialParking, events: residentialParkingEvents },
  { aggregate: baseStation, events: baseStationEvents },
  { aggregate: computingFacility, events: computingPowerEvents },
  { aggregate: certification, events: certificationEvents },
  { aggregate: facility, events: facilityEvents },
  { aggregate: promotion, events: promotionEvents },
  { aggregate: farmMachineSubsidy, events: farmMachineEvents },
  { aggregate: grainDryer, events: grainDryerEvents },
  { aggregate: ship, events: shipEvents },
  { aggregate: milestone, events: milestoneEvents },
  { aggregate: statistic, events: statisticEvents },
] as const

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
export * from './streams.js'
export * from './common.js'
export * from './vehicles.js'
export * from './projects.js'
export * from './equipment.js'
export * from './capacity.js'
export * from './appliances.js'
export * from './charging.js'
export * from './digital.js'
export * from './certifications.js'
export * from './facilities.js'
export * from './promotions.js'
export * from './agriculture.js'
export * from './ships.js'
export * from './milestones.js'
export * from './statistics.js'
export * from './corrections.js'
