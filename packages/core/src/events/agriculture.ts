import { Bool, Enum, Fen, Identifier, PositiveCount, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { once } from './common.js'
import { defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Agriculture (measure 十): farm machines bought with the purchase subsidy
 * (of which fitted with BeiDou), one stream per subsidy record; coal-fired
 * grain dryers converted to another heat source, one stream per dryer.
 */

export const FarmMachinesSubsidised = defineEvent({
  type: 'FarmMachinesSubsidised',
  version: 1,
  title: { zh: '农机购置与应用补贴', en: 'Farm machines subsidised' },
  data: (name: Wording) => Struct(name, {
    recordId: Identifier,
    machineType: Text(100),
    town: TownCodec,
    quantity: PositiveCount,
    beidou: Bool,
    subsidy: Fen,
  }),
  stream: keyedBy('farm-machine-subsidy', (d) => [d.recordId]),
})

export const GrainDryerConverted = defineEvent({
  type: 'GrainDryerConverted',
  version: 1,
  title: { zh: '燃煤型粮食烘干设备热源改造', en: 'Coal-fired grain dryer converted' },
  data: (name: Wording) => Struct(name, {
    dryerId: Identifier,
    town: TownCodec,
    to: Enum({ zh: '热源', en: 'a heat source' }, ['biomass', 'electric', 'natural-gas', 'heat-pump', 'other'] as const),
  }),
  stream: keyedBy('grain-dryer', (d) => [d.dryerId]),
})

export const farmMachineEvents = [FarmMachinesSubsidised] as const
export const grainDryerEvents = [GrainDryerConverted] as const

export const farmMachineSubsidy = once<Fact<'FarmMachinesSubsidised', typeof FarmMachinesSubsidised.data._A>>(
  'farm-machine-subsidy',
  { zh: '此补贴记录', en: 'this subsidy record' },
  (f) => {
    const at = { day: f.day, town: f.data.town }
    const out: Contribution[] = [
      { metric: 'agriculture.farm-machines-subsidised', quantity: f.data.quantity, ...at },
      { metric: 'agriculture.farm-machine-subsidy', quantity: f.data.subsidy, ...at },
    ]
    if (f.data.beidou) out.push({ metric: 'agriculture.beidou-machines-subsidised', quantity: f.data.quantity, ...at })
    return out
  },
)

export const grainDryer = once<Fact<'GrainDryerConverted', typeof GrainDryerConverted.data._A>>(
  'grain-dryer',
  { zh: '此烘干机的改造', en: 'the conversion of this dryer' },
  (f) => [{ metric: 'agriculture.coal-grain-dryers-replaced', quantity: 1, day: f.day, town: f.data.town }],
)
