import { planPeriod } from '../plan/plan.js'
import { ruralTowns } from '../plan/towns.js'
import type { MetricName } from '../metrics.js'
import {
  byYear,
  compoundGrowthSince,
  coverage,
  cumulativeSince,
  flow,
  growthOver,
  milestone,
  per,
  ratio,
  share,
  stock,
  underWay,
  withinWindow,
  type Read,
} from './readings.js'

/*
 * How each of the plan's 39 indicators is read from the tally. The formula
 * of each, with the events that feed it, is written out for people in
 * docs/indicators.md; keep the two in step.
 */

const BASELINE = planPeriod.baseline
const PLAN_START = planPeriod.start

const certified = (kinds: ReadonlyArray<string>, levels: ReadonlyArray<string>): MetricName[] =>
  kinds.flatMap((k) => levels.map((l) => `certifications.${k}.${l}` as MetricName))
const MUNICIPAL_UP = ['municipal', 'provincial', 'national']

const facilities = (kinds: ReadonlyArray<string>, what: 'in-scope' | 'upgraded'): MetricName[] =>
  kinds.map((k) => `facilities.${k}.${what}` as MetricName)
const scenicNeeds = (kinds: ReadonlyArray<string>): Read => share(stock(facilities(kinds, 'upgraded')), stock(facilities(kinds, 'in-scope')))

const nevFleet = stock(['vehicles.nev.in-service'])
const publicPiles = stock(['charging.public-piles.in-service'])
// a statistic is reported once for its year: not a count that builds up through it
const statistic = (metric: MetricName): Read => withinWindow([metric], per.scaled)

/** By indicator id; a Map, so that an id such as 'valueOf' or '__proto__' names nothing rather than an object's own machinery. */
export const readings: ReadonlyMap<string, Read> = new Map(Object.entries({
  // 一、总体要求
  'industry.energy-benchmark-capacity-share': share(stock(['capacity.energy-benchmark'], per.scaled), stock(['capacity.assessed'], per.scaled)),
  'industry.below-energy-baseline-renovated': share(
    stock(['capacity.below-energy-baseline.renovated'], per.scaled),
    stock(['capacity.below-energy-baseline.found'], per.scaled),
  ),
  'industry.env-a-grade-capacity-share': share(stock(['capacity.env-grade-a'], per.scaled), stock(['capacity.assessed'], per.scaled)),
  'industry.digital-rd-tool-penetration': statistic('statistics.digital-rd-tool-penetration'),
  'industry.key-process-cnc-rate': statistic('statistics.key-process-cnc-rate'),
  'investment.equipment-growth': growthOver(BASELINE, statistic('statistics.equipment-investment')),
  'vehicles.nev-fleet': nevFleet,
  'vehicles.nev-fleet-annual-growth': compoundGrowthSince(BASELINE, nevFleet),
  'vehicles.diesel-truck-cn3-eliminated': stock(['vehicles.diesel-goods-non-commercial-cn3.in-service']),
  'vehicles.scrapped-dismantled': flow(['vehicles.scrapped-dismantled']),
  'vehicles.used-to-new-ratio': ratio(flow(['vehicles.used-car-trades']), flow(['vehicles.new-car-sales'])),
  'vehicles.used-car-trade-growth': growthOver(BASELINE, flow(['vehicles.used-car-trades'])),
  'appliances.recycled-growth': growthOver(BASELINE, flow(['appliances.collected'])),
  // 措施
  'industry.tech-renovation-projects': underWay('projects.started.5m-plus', 'projects.completed.5m-plus'),
  'industry.green-factories': stock(certified(['green-factory'], MUNICIPAL_UP)),
  'industry.rd-active-enterprise-share': statistic('statistics.rd-active-enterprise-share'),
  'industry.pilot-bases': stock(certified(['pilot-base'], MUNICIPAL_UP)),
  'digital.computing-power': stock(['digital.computing-power'], per.scaled),
  'digital.5g-base-stations': stock(['digital.5g-base-stations']),
  'digital.smart-manufacturing-sites': stock(certified(['smart-factory', 'digital-workshop', 'smart-scenario'], ['county', ...MUNICIPAL_UP])),
  'agriculture.smart-agri-bases': stock(certified(['smart-agri-base'], ['provincial', 'national'])),
  'culture.smart-tourism-platform': milestone('milestones.smart-tourism-platform'),
  'urban.sewage-plant-upgrade-rate': share(stock(facilities(['urban-sewage-plant'], 'upgraded')), stock(facilities(['urban-sewage-plant'], 'in-scope'))),
  'agriculture.beidou-machines-subsidised': cumulativeSince(PLAN_START, ['agriculture.beidou-machines-subsidised']),
  'agriculture.mechanisation-rate': statistic('statistics.mechanisation-rate'),
  'education.vocational-old-equipment-renewed': share(
    stock(facilities(['vocational-school'], 'upgraded')),
    stock(facilities(['vocational-school'], 'in-scope')),
  ),
  // 2025: 4A and above; from 2026 the plan widens the scope to 3A and above and county performance venues
  'culture.scenic-equipment-renewed': byYear((y) =>
    y <= 2025 ? scenicNeeds(['scenic-site-4a', 'scenic-site-5a']) : scenicNeeds(['scenic-site-3a', 'scenic-site-4a', 'scenic-site-5a', 'performance-venue']),
  ),
  'health.village-clinics-upgraded': stock(facilities(['village-clinic'], 'upgraded')),
  'vehicles.public-sector-nev-share': share(flow(['public.official-cars-bought.nev']), flow(['public.official-cars-bought'])),
  'vehicles.bus-nev-share': share(flow(['public.buses-bought.nev']), flow(['public.buses-bought'])),
  'charging.public-piles': publicPiles,
  'charging.public-piles-annual-growth': compoundGrowthSince(BASELINE, publicPiles),
  'charging.township-coverage': coverage(
    'charging.public-piles.in-service',
    ruralTowns.map((t) => t.code),
  ),
  'charging.new-residential-parking-ready': share(flow(['parking.new-residential.ready']), flow(['parking.new-residential.spaces'])),
  'trade-in.nev-exhibitions': flow(['promotions.nev-exhibitions']),
  'trade-in.nev-rural-exhibitions': flow(['promotions.nev-exhibitions.rural']),
  'trade-in.appliance-promotions': flow(['promotions.appliance']),
  'industry.high-end-equipment-revenue': statistic('statistics.high-end-equipment-revenue'),
  'trade.used-car-exports': flow(['vehicles.used-car-exports.value'], per.fen),
}))
