import { Bool, Count, Decimal, Identifier, PositiveCount, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { dayToIso, type Day } from '../time.js'
import { once } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Charging infrastructure (measure 十六): one stream per charging pile, whose
 * commissioning and decommissioning make the stock of piles in service, and
 * one per new residential compound, whose parking spaces must all be built
 * with charging or ready for it.
 */

export const ChargingPileCommissioned = defineEvent({
  type: 'ChargingPileCommissioned',
  version: 1,
  title: { zh: '充电桩投入运营', en: 'Charging pile commissioned' },
  data: (name: Wording) => Struct(name, {
    pileId: Identifier,
    stationId: Identifier,
    operator: Text(200),
    public: Bool,
    fast: Bool,
    powerKw: Decimal,
    town: TownCodec,
  }),
  stream: keyedBy('charging-pile', (d) => [d.pileId]),
})

export const ChargingPileDecommissioned = defineEvent({
  type: 'ChargingPileDecommissioned',
  version: 1,
  title: { zh: '充电桩退出运营', en: 'Charging pile decommissioned' },
  data: (name: Wording) => Struct(name, { pileId: Identifier, reason: Text(500) }),
  stream: keyedBy('charging-pile', (d) => [d.pileId]),
})

export const ResidentialParkingBuilt = defineEvent({
  type: 'ResidentialParkingBuilt',
  version: 1,
  title: { zh: '新建小区停车位配建充电设施', en: 'Parking built in a new residential compound' },
  data: (name: Wording) => Struct(name, {
    compoundId: Identifier,
    compound: Text(200),
    town: TownCodec,
    spaces: PositiveCount,
    withCharging: Count,
    readyForCharging: Count,
  }),
  stream: keyedBy('residential-parking', (d) => [d.compoundId]),
})

export const chargingPileEvents = [ChargingPileCommissioned, ChargingPileDecommissioned] as const
export const residentialParkingEvents = [ResidentialParkingBuilt] as const

type Commissioning = typeof ChargingPileCommissioned.data._A

export type ChargingPileFact =
  | Fact<'ChargingPileCommissioned', Commissioning>
  | Fact<'ChargingPileDecommissioned', typeof ChargingPileDecommissioned.data._A>

export interface ChargingPileState {
  /** the commissioning in force and its day, while the pile is in service */
  readonly inService?: { readonly pile: Commissioning; readonly since: Day }
}

const inService = (p: Commissioning, sign: 1 | -1, day: Day): Contribution[] => [
  { metric: p.public ? 'charging.public-piles.in-service' : 'charging.private-piles.in-service', quantity: sign, day, town: p.town },
]

export const chargingPile = defineAggregate<ChargingPileState, ChargingPileFact>({
  name: 'charging-pile',
  initial: {},
  evolve: (s, f) => {
    switch (f.type) {
      case 'ChargingPileCommissioned':
        if (s.inService !== undefined) return reject(`此充电桩自 ${dayToIso(s.inService.since)} 起在用，请先记录停用 / the pile is in service since ${dayToIso(s.inService.since)}; decommission it first`)
        return accept({ inService: { pile: f.data, since: f.day } }, inService(f.data, 1, f.day))
      case 'ChargingPileDecommissioned':
        if (s.inService === undefined) return reject('当时此充电桩未在用，无法停用，请先记录投运 / cannot decommission a pile that is not in service at that time; commission it first')
        return accept({}, inService(s.inService.pile, -1, f.day))
    }
  },
})

export const residentialParking = once<Fact<'ResidentialParkingBuilt', typeof ResidentialParkingBuilt.data._A>>(
  'residential-parking',
  { zh: '此小区的停车位', en: 'parking for this compound' },
  (f) => {
    const at = { day: f.day, town: f.data.town }
    return [
      { metric: 'parking.new-residential.spaces', quantity: f.data.spaces, ...at },
      { metric: 'parking.new-residential.ready', quantity: f.data.withCharging + f.data.readyForCharging, ...at },
    ]
  },
  ({ data: d }) =>
    d.withCharging + d.readyForCharging > d.spaces
      ? `已建充电设施的车位（${d.withCharging}）与预留条件的车位（${d.readyForCharging}）之和超过车位总数（${d.spaces}） / withCharging (${d.withCharging}) + readyForCharging (${d.readyForCharging}) exceeds spaces (${d.spaces})`
      : undefined,
)
