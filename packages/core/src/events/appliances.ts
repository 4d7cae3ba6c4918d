import { Enum, Fen, Identifier, PositiveCount, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import { once, Party } from './common.js'
import { dataName, defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Household appliances (measures 十八、十九、二十四): waste appliances collected
 * by recyclers, appliances traded in for new ones with a subsidy, and gas
 * stoves in restaurants given flame-failure protection. Each record is its
 * own stream, recorded once.
 */

export const applianceCategories = [
  'refrigerator',
  'washing-machine',
  'air-conditioner',
  'television',
  'computer',
  'other',
  'unspecified',
] as const
export const ApplianceCategory = Enum({ zh: '家电类别', en: 'an appliance category' }, applianceCategories)

const collectedFields = { recordId: Identifier, collector: Party, town: TownCodec, quantity: PositiveCount }

const collected = { type: 'AppliancesCollected', title: { zh: '废旧家电回收', en: 'Waste household appliances collected' } } as const

/** Version 1 of AppliancesCollected, before the category was recorded: kept to read old entries. */
export const AppliancesCollectedV1 = Struct(dataName(`${collected.type} v1`, collected.title), collectedFields)

export const AppliancesCollected = defineEvent({
  ...collected,
  version: 2,
  data: (name: Wording) => Struct(name, { ...collectedFields, category: ApplianceCategory }),
  stream: keyedBy('appliance-collection', (d) => [d.recordId]),
  // version 1 did not say what was collected
  upcasters: { 1: (older) => ({ ...(older as typeof AppliancesCollectedV1._A), category: 'unspecified' }) },
})

export const AppliancesTradedIn = defineEvent({
  type: 'AppliancesTradedIn',
  version: 1,
  title: { zh: '家电以旧换新', en: 'Appliances traded in for new ones' },
  data: (name: Wording) => Struct(name, {
    recordId: Identifier,
    retailer: Struct({ zh: '家电销售企业', en: 'a retailer' }, { name: Text(200) }),
    town: TownCodec,
    quantity: PositiveCount,
    category: ApplianceCategory,
    subsidy: Fen,
  }),
  stream: keyedBy('appliance-trade-in', (d) => [d.recordId]),
})

export const GasStovesProtected = defineEvent({
  type: 'GasStovesProtected',
  version: 1,
  title: { zh: '餐饮场所燃气灶具加装熄火保护装置或以旧换新', en: 'Restaurant gas stoves given flame-failure protection' },
  data: (name: Wording) => Struct(name, {
    recordId: Identifier,
    restaurant: Text(200),
    town: TownCodec,
    quantity: PositiveCount,
    method: Enum({ zh: '方式（retrofit 加装熄火保护装置，trade-in 以旧换新）', en: 'a method (retrofit 加装熄火保护装置, trade-in 以旧换新)' }, ['retrofit', 'trade-in'] as const),
  }),
  stream: keyedBy('gas-stove-protection', (d) => [d.recordId]),
})

export const applianceCollectionEvents = [AppliancesCollected] as const
export const applianceTradeInEvents = [AppliancesTradedIn] as const
export const gasStoveEvents = [GasStovesProtected] as const

export const applianceCollection = once<Fact<'AppliancesCollected', typeof AppliancesCollected.data._A>>(
  'appliance-collection',
  { zh: '此回收记录', en: 'this collection record' },
  (f) => [{ metric: 'appliances.collected', quantity: f.data.quantity, day: f.day, town: f.data.town }],
)

export const applianceTradeIn = once<Fact<'AppliancesTradedIn', typeof AppliancesTradedIn.data._A>>(
  'appliance-trade-in',
  { zh: '此以旧换新记录', en: 'this trade-in record' },
  (f) => [
    { metric: 'appliances.traded-in', quantity: f.data.quantity, day: f.day, town: f.data.town },
    { metric: 'appliances.trade-in-subsidy', quantity: f.data.subsidy, day: f.day, town: f.data.town },
  ],
)

export const gasStoveProtection = once<Fact<'GasStovesProtected', typeof GasStovesProtected.data._A>>(
  'gas-stove-protection',
  { zh: '此燃气灶记录', en: 'this gas-stove record' },
  (f) => [{ metric: 'restaurants.gas-stoves-protected', quantity: f.data.quantity, day: f.day, town: f.data.town }],
)
