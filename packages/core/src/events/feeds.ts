import { certificationKinds, certificationLevels, facilityKinds, metrics, type MetricName } from '../metrics.js'
import type { EventType } from './index.js'
import { milestones } from './milestones.js'
import { shipKinds } from './ships.js'
import { statistics } from './statistics.js'

/*
 * The metrics each event type can contribute to: what a plan's formula may
 * read. An aggregate decides from the data which of them a fact moves
 * (feeds.test.ts holds every aggregate to this list); a metric that no event
 * feeds would read "no data" for ever, so a plan is refused for naming one.
 */

const vehicleStock: ReadonlyArray<MetricName> = ['vehicles.in-service', 'vehicles.nev.in-service', 'vehicles.diesel-goods-non-commercial-cn3.in-service']
const certified = certificationKinds.flatMap((k) => certificationLevels.map((l): MetricName => `certifications.${k}.${l}`))
const facilities = (what: 'in-scope' | 'upgraded') => facilityKinds.map((k): MetricName => `facilities.${k}.${what}`)

export const feeds: Readonly<Record<EventType, ReadonlyArray<MetricName>>> = {
  VehicleRegistered: vehicleStock,
  VehicleDeregistered: vehicleStock,
  VehicleScrapped: [...vehicleStock, 'vehicles.scrapped-dismantled'],
  NewCarSold: ['vehicles.new-car-sales', 'vehicles.new-car-sales.nev'],
  UsedCarTraded: ['vehicles.used-car-trades'],
  UsedCarExported: [...vehicleStock, 'vehicles.used-car-exports', 'vehicles.used-car-exports.value'],
  PublicVehiclePurchased: [
    'public.buses-bought',
    'public.buses-bought.nev',
    'public.official-cars-bought',
    'public.official-cars-bought.nev',
    'public.official-cars-bought.exempt',
  ],
  TechRenovationProjectRegistered: ['projects.investment', 'projects.started.5m-plus'],
  TechRenovationProjectCompleted: ['projects.completed.5m-plus'],
  EquipmentReplaced: ['equipment.replaced', 'equipment.replaced.investment'],
  ProductionCapacityAssessed: [
    'capacity.assessed',
    'capacity.energy-benchmark',
    'capacity.env-grade-a',
    'capacity.below-energy-baseline.found',
    'capacity.below-energy-baseline.renovated',
  ],
  AppliancesCollected: ['appliances.collected'],
  AppliancesTradedIn: ['appliances.traded-in', 'appliances.trade-in-subsidy'],
  GasStovesProtected: ['restaurants.gas-stoves-protected'],
  ChargingPileCommissioned: ['charging.public-piles.in-service', 'charging.private-piles.in-service'],
  ChargingPileDecommissioned: ['charging.public-piles.in-service', 'charging.private-piles.in-service'],
  ResidentialParkingBuilt: ['parking.new-residential.spaces', 'parking.new-residential.ready'],
  BaseStation5GOpened: ['digital.5g-base-stations'],
  ComputingPowerCommissioned: ['digital.computing-power'],
  CertificationAwarded: certified,
  CertificationRevoked: certified,
  FacilityRegistered: facilities('in-scope'),
  FacilityUpgraded: facilities('upgraded'),
  PromotionEventHeld: ['promotions.nev-exhibitions', 'promotions.nev-exhibitions.rural', 'promotions.appliance', 'promotions.home-furnishing'],
  FarmMachinesSubsidised: ['agriculture.farm-machines-subsidised', 'agriculture.beidou-machines-subsidised', 'agriculture.farm-machine-subsidy'],
  GrainDryerConverted: ['agriculture.coal-grain-dryers-replaced'],
  ShipScrappedEarly: shipKinds.map((k): MetricName => `ships.scrapped-early.${k}`),
  ShipShorePowerRetrofitted: ['ships.shore-power-retrofits'],
  MilestoneReached: milestones.map((m): MetricName => `milestones.${m}`),
  StatisticReported: statistics.map((s): MetricName => `statistics.${s}`),
}

/** Every metric some event feeds, in the catalogue's order. */
export const fedMetrics: ReadonlySet<MetricName> = new Set(metrics.map((m) => m.name).filter((name) => Object.values(feeds).some((fed) => fed.includes(name))))
