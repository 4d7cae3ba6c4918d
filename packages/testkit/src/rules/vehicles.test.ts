import { vehicle, type DataOf} from '@policy-ledger/core'
import { describe, it } from 'vitest'
import { fact, given, rejects, type Counted } from '../given.js'

/*
 * The vehicle stock rules on the pure fold: a vehicle is in the fleet from
 * its registration to its first departure (deregistration, dismantling,
 * export), and a later report of that departure takes nothing. The same
 * rules through a ledger, late reports and stored deltas included, are in
 * packages/core/src/events/domains.test.ts.
 */

const VIN = 'LSVAM4187C2184847'
type Kind = Pick<DataOf<'VehicleRegistered'>, 'category' | 'fuelType' | 'emissionStandard' | 'use'>
const nev: Kind = { category: 'passenger-car', fuelType: 'bev', emissionStandard: 'none', use: 'non-commercial' }
// 国三及以下非营运柴油货车
const truck: Kind = { category: 'goods-vehicle', fuelType: 'diesel', emissionStandard: 'china-3', use: 'non-commercial' }

const registered = (day: string, kind: Kind = nev, town: string = 'zhifang') => fact('VehicleRegistered', { vin: VIN, ...kind, town }, { day, recordedBy: 'public-security' })
const deregistered = (day: string, reason: DataOf<'VehicleDeregistered'>['reason'] = 'scrapped') =>
  fact('VehicleDeregistered', { vin: VIN, reason }, { day, recordedBy: 'public-security' })
const scrapped = (day: string) =>
  fact(
    'VehicleScrapped',
    { vin: VIN, category: 'passenger-car', fuelType: 'bev', recycler: { name: '嘉祥县报废汽车回收拆解有限公司', licence: 'SD-ELV-0829' }, town: 'macun' },
    { day, recordedBy: 'commerce' },
  )
const exported = (day: string) =>
  fact('UsedCarExported', { vin: VIN, exporter: { name: '嘉祥国际贸易有限公司' }, destination: 'KZ', value: 6_500_000, town: 'development-zone' }, { day, recordedBy: 'commerce' })

/** An NEV leaving the fleet: out of both stocks, where it was registered, under the registry that registered it. */
const nevLeaves = (day: string, town: string = 'zhifang'): Counted[] => [
  { metric: 'vehicles.in-service', quantity: -1, day, town, unit: 'public-security' },
  { metric: 'vehicles.nev.in-service', quantity: -1, day, town, unit: 'public-security' },
]
const dismantling = (day: string): Counted => ({ metric: 'vehicles.scrapped-dismantled', quantity: 1, day, town: 'macun' })
const exportFlows = (day: string): Counted[] => [
  { metric: 'vehicles.used-car-exports', quantity: 1, day, town: 'development-zone' },
  { metric: 'vehicles.used-car-exports.value', quantity: 6_500_000, day, town: 'development-zone' },
]

describe('vehicle stock rules (given/when/then on the fold)', () => {
  it('takes a dismantled car out of the fleet once, where it was registered, and counts the dismantling', () => {
    given(vehicle, registered('2024-03-01')).when(scrapped('2025-04-12')).then([...nevLeaves('2025-04-12'), dismantling('2025-04-12')])
    given(vehicle, registered('2012-05-01', truck, 'maji'))
      .when(scrapped('2025-04-12'))
      .then([
        { metric: 'vehicles.in-service', quantity: -1, day: '2025-04-12', town: 'maji', unit: 'public-security' },
        { metric: 'vehicles.diesel-goods-non-commercial-cn3.in-service', quantity: -1, day: '2025-04-12', town: 'maji', unit: 'public-security' },
        dismantling('2025-04-12'),
      ])
  })

  it.each(['scrapped', 'transferred-out', 'exported', 'other'] as const)("takes nothing for the registry's deregistration (reason %s) after the dismantling", (reason) => {
    given(vehicle, registered('2024-03-01'), scrapped('2025-04-12')).when(deregistered('2025-04-20', reason)).then([])
  })

  it('counts a dismantling after the deregistration as a dismantling only', () => {
    given(vehicle, registered('2024-03-01'), deregistered('2025-04-12')).when(scrapped('2025-04-20')).then([dismantling('2025-04-20')])
  })

  it('takes an exported car out of the fleet once, whether the export or the deregistration comes first', () => {
    given(vehicle, registered('2024-03-01')).when(exported('2025-06-18')).then([...nevLeaves('2025-06-18'), ...exportFlows('2025-06-18')])
    given(vehicle, registered('2024-03-01'), exported('2025-06-18')).when(deregistered('2025-07-01', 'exported')).then([])
    given(vehicle, registered('2024-03-01'), deregistered('2025-06-01', 'exported')).when(exported('2025-06-18')).then(exportFlows('2025-06-18'))
  })

  it('counts the dismantling or export of a car never registered as a flow only, and rejects its deregistration', () => {
    given(vehicle).when(scrapped('2025-04-12')).then([dismantling('2025-04-12')])
    given(vehicle).when(exported('2025-06-18')).then(exportFlows('2025-06-18'))
    given(vehicle, scrapped('2025-04-12')).when(deregistered('2025-04-20')).then(rejects('cannot deregister a vehicle that is not registered'))
  })

  it('registers again a car transferred out, in its new town, until it leaves from there', () => {
    const history = [registered('2020-03-01'), deregistered('2023-05-01', 'transferred-out')]
    given(vehicle, ...history)
      .when(registered('2024-09-01', nev, 'maji'))
      .then([
        { metric: 'vehicles.in-service', quantity: 1, day: '2024-09-01', town: 'maji' },
        { metric: 'vehicles.nev.in-service', quantity: 1, day: '2024-09-01', town: 'maji' },
      ])
    given(vehicle, ...history, registered('2024-09-01', nev, 'maji')).when(scrapped('2025-04-12')).then([...nevLeaves('2025-04-12', 'maji'), dismantling('2025-04-12')])
  })

  it('rejects a second departure of the same kind, one of another kind after it, and a registration after either', () => {
    const r = registered('2020-03-01')
    given(vehicle, r, scrapped('2025-04-12')).when(scrapped('2025-04-13')).then(rejects('cannot scrap: the vehicle was scrapped on 2025-04-12'))
    given(vehicle, r, exported('2025-06-18')).when(exported('2025-06-19')).then(rejects('cannot export: the vehicle was exported on 2025-06-18'))
    given(vehicle, r, scrapped('2025-04-12')).when(exported('2025-06-18')).then(rejects(/^无法出口：此车已于 2025-04-12 报废拆解 \/ cannot export: the vehicle was scrapped/))
    given(vehicle, r, exported('2025-06-18')).when(scrapped('2025-07-01')).then(rejects(/^无法报废：此车已于 2025-06-18 出口 \/ cannot scrap: the vehicle was exported/))
    given(vehicle, r, scrapped('2025-04-12'), deregistered('2025-04-20')).when(registered('2025-05-01')).then(rejects('cannot register: the vehicle was scrapped on 2025-04-12'))
    given(vehicle, r, deregistered('2025-04-12')).when(deregistered('2025-04-20')).then(rejects('not registered'))
    given(vehicle, r).when(registered('2021-01-01')).then(rejects('already registered'))
  })
})
