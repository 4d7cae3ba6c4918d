import { Bool, Enum, Fen, Identifier, refined, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { dayToIso, type Day } from '../time.js'
import { Party } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Vehicles: one stream per vehicle, keyed by its VIN. A registration (车管所)
 * puts the vehicle in the stock; it leaves on the first, in occurred order,
 * of its deregistration, its dismantling by a licensed recycler (县商务局) or
 * its export. The registry and the recycler report the same departure
 * separately and in either order, so a later report of it is accepted and
 * changes nothing. Scrapping, new-car sales, used-car trades and exports are
 * also flows; purchases by public bodies feed measure (十五).
 */

export const Vin = refined(
  { zh: '17 位车辆识别代号（数字和大写字母，不含 I、O、Q）', en: 'a 17-character VIN (digits and capitals, no I, O or Q)' },
  (u): u is string => typeof u === 'string' && /^[A-HJ-NPR-Z0-9]{17}$/.test(u),
)

export const vehicleCategories = ['passenger-car', 'bus', 'goods-vehicle', 'special-purpose', 'other'] as const
export const VehicleCategory = Enum({ zh: '车辆类别', en: 'a vehicle category' }, vehicleCategories)

/** 纯电动 bev, 插电式混合动力 (incl. 增程式) phev, 燃料电池 fcev are new-energy vehicles; hev is not. */
export const fuelTypes = ['petrol', 'diesel', 'bev', 'phev', 'fcev', 'hev', 'natural-gas', 'other'] as const
export type FuelType = (typeof fuelTypes)[number]
export const FuelTypeCodec = Enum({ zh: '燃料类型', en: 'a fuel type' }, fuelTypes)
export const isNev = (fuel: FuelType): boolean => fuel === 'bev' || fuel === 'phev' || fuel === 'fcev'

/** 国一 … 国六b; `none` for vehicles without tailpipe emissions. */
export const emissionStandards = ['china-1', 'china-2', 'china-3', 'china-4', 'china-5', 'china-6a', 'china-6b', 'none'] as const
export type EmissionStandard = (typeof emissionStandards)[number]
export const EmissionStandardCodec = Enum({ zh: '排放标准', en: 'an emission standard' }, emissionStandards)
const chinaThreeOrBelow = (s: EmissionStandard): boolean => s === 'china-1' || s === 'china-2' || s === 'china-3'

/** 营运 commercial, 非营运 non-commercial. */
export const VehicleUse = Enum({ zh: '使用性质（commercial 营运 / non-commercial 非营运）', en: 'a vehicle use (营运 commercial / 非营运 non-commercial)' }, ['commercial', 'non-commercial'] as const)

export const VehicleRegistered = defineEvent({
  type: 'VehicleRegistered',
  version: 1,
  title: { zh: '机动车注册登记', en: 'Vehicle registered' },
  data: (name: Wording) => Struct(
    name,
    { vin: Vin, category: VehicleCategory, fuelType: FuelTypeCodec, emissionStandard: EmissionStandardCodec, use: VehicleUse, town: TownCodec },
    { plate: Text(16) },
  ),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const VehicleDeregistered = defineEvent({
  type: 'VehicleDeregistered',
  version: 1,
  title: { zh: '机动车注销登记', en: 'Vehicle deregistered' },
  data: (name: Wording) => Struct(name, {
    vin: Vin,
    reason: Enum({ zh: '注销原因', en: 'a deregistration reason' }, ['scrapped', 'transferred-out', 'exported', 'other'] as const),
  }),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const VehicleScrapped = defineEvent({
  type: 'VehicleScrapped',
  version: 1,
  title: { zh: '报废汽车规范回收拆解', en: 'End-of-life vehicle taken in and dismantled by a licensed recycler' },
  data: (name: Wording) => Struct(name, {
    vin: Vin,
    category: VehicleCategory,
    fuelType: FuelTypeCodec,
    recycler: Struct({ zh: '具有资质的报废机动车回收拆解企业', en: 'a licensed recycler' }, { name: Text(200), licence: Identifier }),
    town: TownCodec,
  }),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const NewCarSold = defineEvent({
  type: 'NewCarSold',
  version: 1,
  title: { zh: '新车销售', en: 'New car sold' },
  data: (name: Wording) => Struct(name, { vin: Vin, category: VehicleCategory, fuelType: FuelTypeCodec, dealer: Party, price: Fen, town: TownCodec }),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const UsedCarTraded = defineEvent({
  type: 'UsedCarTraded',
  version: 1,
  title: { zh: '二手车交易', en: 'Used car traded' },
  data: (name: Wording) => Struct(name, { vin: Vin, market: Party, price: Fen, town: TownCodec }),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const UsedCarExported = defineEvent({
  type: 'UsedCarExported',
  version: 1,
  title: { zh: '二手车出口', en: 'Used car exported' },
  data: (name: Wording) => Struct(name, {
    vin: Vin,
    exporter: Party,
    destination: refined({ zh: 'ISO 3166-1 两位字母国家代码', en: 'an ISO 3166-1 alpha-2 country code' }, (u): u is string => typeof u === 'string' && /^[A-Z]{2}$/.test(u)),
    value: Fen,
    town: TownCodec,
  }),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const PublicVehiclePurchased = defineEvent({
  type: 'PublicVehiclePurchased',
  version: 1,
  title: { zh: '公共机构购置车辆', en: 'Vehicle bought by a public body' },
  data: (name: Wording) => Struct(
    name,
    {
      vin: Vin,
      purchaser: Text(200),
      kind: Enum({ zh: '公共领域车辆类别', en: 'a public vehicle kind' }, ['official-car', 'bus'] as const),
      fuelType: FuelTypeCodec,
      town: TownCodec,
    },
    {
      /** 特殊工作要求: an official car exempt from the NEV rule; never counted against the NEV share */
      specialPurposeExempt: Bool,
      /** for buses: 新增 or 更新 */
      busPurchase: Enum({ zh: '公交车购置方式（new 新增 / replacement 更新）', en: 'a bus purchase (新增 new / 更新 replacement)' }, ['new', 'replacement'] as const),
    },
  ),
  stream: keyedBy('vehicle', (d) => [d.vin]),
})

export const vehicleEvents = [
  VehicleRegistered,
  VehicleDeregistered,
  VehicleScrapped,
  NewCarSold,
  UsedCarTraded,
  UsedCarExported,
  PublicVehiclePurchased,
] as const

export type VehicleFact =
  | Fact<'VehicleRegistered', typeof VehicleRegistered.data._A>
  | Fact<'VehicleDeregistered', typeof VehicleDeregistered.data._A>
  | Fact<'VehicleScrapped', typeof VehicleScrapped.data._A>
  | Fact<'NewCarSold', typeof NewCarSold.data._A>
  | Fact<'UsedCarTraded', typeof UsedCarTraded.data._A>
  | Fact<'UsedCarExported', typeof UsedCarExported.data._A>
  | Fact<'PublicVehiclePurchased', typeof PublicVehiclePurchased.data._A>

export interface VehicleState {
  /** the registration in force at the registry, if any: from its registration to its deregistration */
  readonly registration?: typeof VehicleRegistered.data._A
  /** the unit that recorded that registration: the fleet a vehicle leaves is counted under it */
  readonly registeredBy?: string
  readonly scrappedOn?: Day
  readonly exportedOn?: Day
  readonly soldNew: boolean
}

/** The stock metrics a registered vehicle counts in. */
const inService = (r: typeof VehicleRegistered.data._A, sign: 1 | -1, day: Day, unit?: string): Contribution[] => {
  const at = { quantity: sign, day, town: r.town, ...(unit === undefined ? {} : { unit }) }
  const out: Contribution[] = [{ metric: 'vehicles.in-service', ...at }]
  if (isNev(r.fuelType)) out.push({ metric: 'vehicles.nev.in-service', ...at })
  if (r.category === 'goods-vehicle' && r.fuelType === 'diesel' && r.use === 'non-commercial' && chinaThreeOrBelow(r.emissionStandard))
    out.push({ metric: 'vehicles.diesel-goods-non-commercial-cn3.in-service', ...at })
  return out
}

const gone = (s: VehicleState): Wording | undefined =>
  s.scrappedOn !== undefined
    ? { zh: `此车已于 ${dayToIso(s.scrappedOn)} 报废拆解`, en: `the vehicle was scrapped on ${dayToIso(s.scrappedOn)}` }
    : s.exportedOn !== undefined
      ? { zh: `此车已于 ${dayToIso(s.exportedOn)} 出口`, en: `the vehicle was exported on ${dayToIso(s.exportedOn)}` }
      : undefined

/** Why the fact cannot be, the vehicle having left: `doing` the act refused, in both languages. */
const goneReason = (doing: Wording, ended: Wording): string =>
  `无法${doing.zh}：${ended.zh} / cannot ${doing.en}: ${ended.en}`

/**
 * What a departure (deregistered, dismantled, exported) takes out of the
 * stock: the registration's stock metrics, in its town, if the vehicle is
 * still in it — registered, and not already dismantled or exported. The
 * first departure takes it out; a later one, the same departure reported by
 * another department, takes nothing.
 */
const leaving = (s: VehicleState, day: Day): Contribution[] =>
  s.registration !== undefined && gone(s) === undefined ? inService(s.registration, -1, day, s.registeredBy) : []

export const vehicle = defineAggregate<VehicleState, VehicleFact>({
  name: 'vehicle',
  initial: { soldNew: false },
  evolve: (s, f) => {
    const ended = gone(s)
    switch (f.type) {
      case 'VehicleRegistered':
        if (ended !== undefined) return reject(goneReason({ zh: '登记', en: 'register' }, ended))
        if (s.registration !== undefined) return reject('此车已登记，请先记录注销 / the vehicle is already registered; deregister it first')
        return accept({ ...s, registration: f.data, registeredBy: f.recordedBy }, inService(f.data, 1, f.day))
      case 'VehicleDeregistered':
        // after dismantling or export too, whatever the reason given: the registry closing its record of a vehicle already gone
        if (s.registration === undefined) return reject('此车未登记，无法注销 / cannot deregister a vehicle that is not registered')
        return accept({ ...s, registration: undefined, registeredBy: undefined }, leaving(s, f.day))
      case 'VehicleScrapped':
        if (ended !== undefined) return reject(goneReason({ zh: '报废', en: 'scrap' }, ended))
        return accept({ ...s, scrappedOn: f.day }, [
          ...leaving(s, f.day),
          { metric: 'vehicles.scrapped-dismantled', quantity: 1, day: f.day, town: f.data.town },
        ])
      case 'NewCarSold': {
        if (ended !== undefined) return reject(goneReason({ zh: '作为新车销售', en: 'sell as new' }, ended))
        if (s.soldNew) return reject('此车已作为新车销售过 / the vehicle was already sold new')
        const { day } = f
        const { town } = f.data
        return accept({ ...s, soldNew: true }, [
          { metric: 'vehicles.new-car-sales', quantity: 1, day, town },
          ...(isNev(f.data.fuelType) ? [{ metric: 'vehicles.new-car-sales.nev' as const, quantity: 1, day, town }] : []),
        ])
      }
      case 'UsedCarTraded':
        if (ended !== undefined) return reject(goneReason({ zh: '交易', en: 'trade' }, ended))
        return accept(s, [{ metric: 'vehicles.used-car-trades', quantity: 1, day: f.day, town: f.data.town }])
      case 'UsedCarExported':
        if (ended !== undefined) return reject(goneReason({ zh: '出口', en: 'export' }, ended))
        return accept({ ...s, exportedOn: f.day }, [
          ...leaving(s, f.day),
          { metric: 'vehicles.used-car-exports', quantity: 1, day: f.day, town: f.data.town },
          { metric: 'vehicles.used-car-exports.value', quantity: f.data.value, day: f.day, town: f.data.town },
        ])
      case 'PublicVehiclePurchased': {
        if (ended !== undefined) return reject(goneReason({ zh: '购置', en: 'buy' }, ended))
        const at = { day: f.day, town: f.data.town }
        const nev = isNev(f.data.fuelType)
        if (f.data.kind === 'bus')
          return accept(s, [
            { metric: 'public.buses-bought', quantity: 1, ...at },
            ...(nev ? [{ metric: 'public.buses-bought.nev' as const, quantity: 1, ...at }] : []),
          ])
        if (f.data.specialPurposeExempt === true) return accept(s, [{ metric: 'public.official-cars-bought.exempt', quantity: 1, ...at }])
        return accept(s, [
          { metric: 'public.official-cars-bought', quantity: 1, ...at },
          ...(nev ? [{ metric: 'public.official-cars-bought.nev' as const, quantity: 1, ...at }] : []),
        ])
      }
    }
  },
})
