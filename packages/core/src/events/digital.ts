import { Decimal, Enum, Identifier, scaled, Struct, TownCodec, type Wording } from '../codecs.js'
import { once } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Digital infrastructure (measure 四): 5G base stations opened, one stream
 * each, and computing power brought into service, one stream per computing
 * facility with one record per commissioning.
 */

export const BaseStation5GOpened = defineEvent({
  type: 'BaseStation5GOpened',
  version: 1,
  title: { zh: '5G基站开通', en: '5G base station opened' },
  data: (name: Wording) => Struct(name, {
    stationId: Identifier,
    operator: Enum({ zh: '网络运营商', en: 'a network operator' }, ['china-mobile', 'china-unicom', 'china-telecom', 'china-broadnet'] as const),
    town: TownCodec,
  }),
  stream: keyedBy('5g-base-station', (d) => [d.stationId]),
})

export const ComputingPowerCommissioned = defineEvent({
  type: 'ComputingPowerCommissioned',
  version: 1,
  title: { zh: '算力投入运营', en: 'Computing power commissioned' },
  data: (name: Wording) => Struct(name, { facilityId: Identifier, recordId: Identifier, petaflops: Decimal, town: TownCodec }),
  stream: keyedBy('computing-power', (d) => [d.facilityId]),
})

export const baseStationEvents = [BaseStation5GOpened] as const
export const computingPowerEvents = [ComputingPowerCommissioned] as const

export const baseStation = once<Fact<'BaseStation5GOpened', typeof BaseStation5GOpened.data._A>>(
  '5g-base-station',
  { zh: '此基站', en: 'this base station' },
  (f) => [{ metric: 'digital.5g-base-stations', quantity: 1, day: f.day, town: f.data.town }],
)

export interface ComputingFacilityState {
  readonly recordIds: ReadonlySet<string>
}

export const computingFacility = defineAggregate<ComputingFacilityState, Fact<'ComputingPowerCommissioned', typeof ComputingPowerCommissioned.data._A>>({
  name: 'computing-facility',
  initial: { recordIds: new Set() },
  evolve: (s, f) =>
    s.recordIds.has(f.data.recordId)
      ? reject(`此设施的投运记录 ${f.data.recordId} 已记录过 / commissioning record ${f.data.recordId} was already recorded for this facility`)
      : accept({ recordIds: new Set([...s.recordIds, f.data.recordId]) }, [
          { metric: 'digital.computing-power', quantity: scaled(f.data.petaflops), day: f.day, town: f.data.town },
        ]),
})
