import type { FuelType, RecordInput } from '@policy-ledger/core'
import { vehicleCategories } from '@policy-ledger/core'
import { vinFrom } from '../ids.js'
import { firstDay, yearOfDay } from './calendar.js'
import type { Random } from './random.js'
import { plan, townNumber } from './county.js'
import { among, place, World, type Flow, type Occurrence } from './world.js'

/*
 * Vehicles (measures 九、十五、十七、二十三–二十五): a sample of the county's
 * fleet registered since 2018, the old China III diesel trucks registered
 * from 2008 and phased out by 2025, new-car sales with a rising NEV share,
 * scrapping by licensed recyclers, used-car trades and exports, and the
 * cars and buses public bodies buy.
 */

type Category = (typeof vehicleCategories)[number]
const fuels: ReadonlyArray<FuelType> = ['petrol', 'diesel', 'bev', 'phev', 'fcev', 'hev', 'natural-gas', 'other']

/** Share of new cars sold that are NEVs, by year: 2.5万 by 2027 is just missed. */
const nevShareOfSales: Readonly<Record<number, number>> = { 2023: 0.22, 2024: 0.25, 2025: 0.27, 2026: 0.31, 2027: 0.34 }

/** Used-car exports, 元 in the year at scale 1, shared among the year's cars. */
const exportValueYuan: Readonly<Record<number, number>> = { 2023: 5_200_000, 2024: 11_000_000, 2025: 21_000_000, 2026: 33_000_000, 2027: 48_000_000 }
const exportsPerYear: Readonly<Record<number, number>> = { 2023: 45, 2024: 90, 2025: 160, 2026: 240, 2027: 330 }

const recyclers = [
  { name: '嘉祥县再生资源回收利用有限公司', licence: 'SD-ELV-370829-001' },
  { name: '济宁市鲁西报废汽车回收拆解有限公司', licence: 'SD-ELV-370800-014' },
  { name: '嘉祥县宏达报废机动车回收有限公司', licence: 'SD-ELV-370829-002' },
] as const
const markets = ['嘉祥县二手车交易市场', '嘉祥县经开区二手车交易中心', '济宁嘉祥旧机动车交易服务有限公司'] as const
const destinations = ['KZ', 'UZ', 'KG', 'RU', 'AE', 'MN', 'NG', 'JO'] as const

/** What the sample fleet holds: each vehicle's attributes, and who can still be traded or retired. */
class Fleet {
  private readonly packed: number[] = []
  /** vehicles registered and not retired, by kind: the pools retirements and trades draw from */
  readonly combustion: number[] = []
  readonly nev: number[] = []
  readonly cn3: number[] = []

  add(category: Category, fuel: FuelType, town: string): number {
    const id = this.packed.length
    this.packed.push(((townNumber(town) || 1) * 8 + fuels.indexOf(fuel)) * 8 + vehicleCategories.indexOf(category))
    return id
  }

  /** a vehicle never registered in the county's sample: from elsewhere, or from the part of the fleet not sampled */
  outsider(): number {
    return this.add('passenger-car', 'petrol', 'jiaxiang')
  }

  attributes(id: number): { readonly category: Category; readonly fuelType: FuelType; readonly town: string } {
    const p = this.packed[id] ?? 0
    return {
      category: vehicleCategories[p % 8] as Category,
      fuelType: fuels[Math.floor(p / 8) % 8] as FuelType,
      town: plan.towns[Math.floor(p / 64) - 1]?.code ?? 'jiaxiang',
    }
  }
}

/** Take a random vehicle out of a pool (order does not matter: swap with the last). */
const draw = (pool: number[], r: Random): number | undefined => {
  if (pool.length === 0) return undefined
  const i = Math.floor(r.next() * pool.length)
  const id = pool[i] as number
  pool[i] = pool[pool.length - 1] as number
  pool.pop()
  return id
}

const peek = (pool: ReadonlyArray<number>, r: Random): number | undefined => (pool.length === 0 ? undefined : pool[Math.floor(r.next() * pool.length)])

const emissionOf = (fuel: FuelType, day: number) => {
  if (fuel === 'bev' || fuel === 'fcev') return 'none' as const
  const y = yearOfDay(day)
  // 国六 from July 2019 in Shandong; 国六b for all from 2023
  return y >= 2023 ? ('china-6b' as const) : day >= firstDay(2019) + 181 ? ('china-6a' as const) : ('china-5' as const)
}

export const vehicleFlows = (): ReadonlyArray<Flow> => {
  const fleet = new Fleet()
  const vin = (id: number): string => vinFrom(id + 1)

  /** a vehicle of the sample entering the registry (and its pool, if it may later be traded or retired) */
  const enrol = (category: Category, fuel: FuelType, town: string, pool?: number[]): number => {
    const id = fleet.add(category, fuel, town)
    pool?.push(id)
    return id
  }

  const registered = (w: World, o: Occurrence, second: number, id: number, chinaThree = false): RecordInput => {
    const { category, fuelType, town } = fleet.attributes(id)
    const commercial = category === 'bus' || (category === 'goods-vehicle' && !chinaThree)
    return w.event(o, second, 'public-security', 'VehicleRegistered', {
      vin: vin(id),
      category,
      fuelType,
      emissionStandard: chinaThree ? (o.year === 2008 && o.random.chance(0.2) ? 'china-2' : 'china-3') : emissionOf(fuelType, o.day),
      use: commercial ? 'commercial' : 'non-commercial',
      town,
    })
  }

  /** a vehicle of the sample scrapped by a recycler and deregistered the same evening */
  const retire = (pool: number[]) => (w: World, o: Occurrence): RecordInput[] => {
    const id = draw(pool, o.random)
    if (id === undefined) return []
    const { category, fuelType, town } = fleet.attributes(id)
    const second = w.second(o.random, true)
    return [
      w.event(o, second, 'commerce', 'VehicleScrapped', { vin: vin(id), category, fuelType, recycler: o.random.pick(recyclers), town }),
      w.event(o, Math.min(second + 1800, 86_399), 'public-security', 'VehicleDeregistered', { vin: vin(id), reason: 'scrapped' }),
    ]
  }

  const dealer = (r: Random, town: string) => ({ name: `嘉祥县${place(town)}${r.pick(['通达', '鸿运', '华泰', '众诚', '天和'])}汽车销售服务有限公司`, licence: `JX-AUTO-${r.int(1, 40)}` })

  return [
    {
      name: 'petrol-fleet-registered',
      kind: 'stock',
      events: 1,
      perYear: { 2018: 3000, 2019: 3200, 2020: 3100, 2021: 3400, 2022: 3600, 2023: 3700 },
      season: 'retail',
      occur: (w, o) => {
        const r = o.random
        const category: Category = r.weighted([['passenger-car', 85], ['goods-vehicle', 10], ['other', 5]])
        const fuel: FuelType = category === 'goods-vehicle' ? 'diesel' : r.weighted([['petrol', 94], ['hev', 4], ['natural-gas', 2]])
        return [registered(w, o, w.second(r), enrol(category, fuel, w.town(r), fleet.combustion))]
      },
    },
    {
      name: 'nev-fleet-registered',
      kind: 'stock',
      events: 1,
      perYear: { 2018: 700, 2019: 900, 2020: 1200, 2021: 1900, 2022: 2700 },
      season: 'retail',
      occur: (w, o) => [registered(w, o, w.second(o.random), enrol('passenger-car', o.random.chance(0.7) ? 'bev' : 'phev', w.town(o.random), fleet.nev))],
    },
    {
      name: 'cn3-diesel-trucks-registered',
      kind: 'stock',
      events: 1,
      perYear: { 2008: 250, 2009: 300, 2010: 350, 2011: 350, 2012: 300, 2013: 170 },
      season: 'office',
      occur: (w, o) => [registered(w, o, w.second(o.random), enrol('goods-vehicle', 'diesel', w.ruralTown(o.random), fleet.cn3), true)],
    },
    {
      // 国三及以下非营运柴油货车: about 1,500 left at the end of 2023, about 60 at the end of 2025
      name: 'cn3-diesel-trucks-retired',
      kind: 'stock',
      events: 2,
      perYear: { 2019: 30, 2020: 40, 2021: 45, 2022: 50, 2023: 55, 2024: 700, 2025: 740, 2026: 25, 2027: 15 },
      season: 'office',
      closing: true,
      occur: retire(fleet.cn3),
    },
    { name: 'nev-retired', kind: 'stock', events: 2, perYear: { 2023: 50, 2024: 60, 2025: 80, 2026: 90, 2027: 100 }, closing: true, occur: retire(fleet.nev) },
    { name: 'petrol-retired', kind: 'stock', events: 2, perYear: { 2023: 300, 2024: 400, 2025: 500, 2026: 500, 2027: 500 }, closing: true, occur: retire(fleet.combustion) },
    {
      // with the retirements above: about 3,000 in 2023, 6,100 in 2025, 5,800 in 2027
      name: 'vehicles-scrapped',
      kind: 'flow',
      events: 1,
      perYear: { 2023: 2595, 2024: 3340, 2025: 4780, 2026: 5385, 2027: 5185 },
      season: 'office',
      lateShare: 0.002,
      occur: (w, o) => {
        const r = o.random
        const category: Category = r.weighted([['passenger-car', 80], ['goods-vehicle', 15], ['other', 5]])
        return [
          w.event(o, w.second(r), 'commerce', 'VehicleScrapped', {
            vin: vin(fleet.outsider()),
            category,
            fuelType: category === 'goods-vehicle' ? 'diesel' : 'petrol',
            recycler: r.pick(recyclers),
            town: w.town(r),
          }),
        ]
      },
    },
    {
      name: 'new-cars-sold',
      kind: 'flow',
      events: 2,
      perYear: { 2023: 12000, 2024: 12200, 2025: 12400, 2026: 12300, 2027: 12500 },
      season: 'retail',
      occur: (w, o) => {
        const r = o.random
        const nev = among(o.index, nevShareOfSales[o.year] ?? 0.3)
        const fuel: FuelType = nev ? (r.chance(0.72) ? 'bev' : 'phev') : r.chance(0.93) ? 'petrol' : 'hev'
        const town = w.town(r)
        const second = w.second(r)
        const id = enrol('passenger-car', fuel, town, nev ? fleet.nev : fleet.combustion)
        return [
          w.event(o, second, 'commerce', 'NewCarSold', {
            vin: vin(id),
            category: 'passenger-car',
            fuelType: fuel,
            dealer: dealer(r, town),
            price: r.int(nev ? 100_000 : 70_000, nev ? 320_000 : 260_000) * 100,
            town,
          }),
          registered(w, o, second + r.int(600, 3600), id),
        ]
      },
    },
    {
      // 二手车交易量: 0.8 of new-car sales in 2025; +42% on 2023 by 2027 (the plan asks 45%)
      name: 'used-cars-traded',
      kind: 'flow',
      events: 1,
      perYear: { 2023: 8000, 2024: 8900, 2025: 9950, 2026: 10700, 2027: 11400 },
      season: 'retail',
      occur: (w, o) => {
        const r = o.random
        // most are cars of the county's own fleet; the rest come from elsewhere
        const local = r.chance(0.65) ? peek(r.chance(0.8) ? fleet.combustion : fleet.nev, r) : undefined
        const id = local ?? fleet.outsider()
        return [
          w.event(o, w.second(r), 'commerce', 'UsedCarTraded', {
            vin: vin(id),
            market: { name: r.pick(markets) },
            price: r.int(15_000, 180_000) * 100,
            town: local === undefined ? w.town(r) : fleet.attributes(id).town,
          }),
        ]
      },
    },
    {
      name: 'used-cars-exported',
      kind: 'flow',
      events: 1,
      perYear: exportsPerYear,
      season: 'office',
      occur: (w, o) => {
        const r = o.random
        const yearValue = Math.round((exportValueYuan[o.year] ?? 0) * 100 * o.scale)
        return [
          w.event(o, w.second(r), 'commerce', 'UsedCarExported', {
            vin: vin(fleet.outsider()),
            exporter: { name: r.pick(['嘉祥县丝路通汽车贸易有限公司', '济宁嘉祥国际车辆出口有限公司']), licence: 'MOFCOM-UCE-370829' },
            destination: r.pick(destinations),
            value: w.portion(`${o.flow}/${o.year}`, yearValue, o.count, o.index),
            town: r.chance(0.7) ? 'development-zone' : w.town(r),
          }),
        ]
      },
    },
    {
      // 公务用车: all NEV, except the special-purpose cars the plan exempts
      name: 'official-cars-bought',
      kind: 'fixed',
      events: 2,
      perYear: { 2023: 8, 2024: 10, 2025: 9, 2026: 11, 2027: 9 },
      season: 'office',
      occur: (w, o) => {
        const exempt = o.index === 4
        const fuel: FuelType = exempt ? 'petrol' : 'bev'
        const second = w.second(o.random)
        const id = enrol(exempt ? 'special-purpose' : 'passenger-car', fuel, 'jiaxiang')
        return [
          w.event(o, second, 'government-affairs', 'PublicVehiclePurchased', {
            vin: vin(id),
            purchaser: o.random.pick(['县机关事务服务中心', '县公安局', '县市场监管局', '县自然资源和规划局']),
            kind: 'official-car',
            fuelType: fuel,
            town: 'jiaxiang',
            ...(exempt ? { specialPurposeExempt: true } : {}),
          }),
          registered(w, o, second + 1800, id),
        ]
      },
    },
    {
      name: 'buses-bought',
      kind: 'fixed',
      events: 2,
      perYear: { 2023: 12, 2024: 20, 2025: 18, 2026: 15, 2027: 15 },
      season: 'office',
      occur: (w, o) => {
        const second = w.second(o.random)
        const town = o.random.chance(0.6) ? 'jiaxiang' : w.ruralTown(o.random)
        const id = enrol('bus', 'bev', town)
        return [
          w.event(o, second, 'transport', 'PublicVehiclePurchased', {
            vin: vin(id),
            purchaser: '嘉祥县公共交通有限公司',
            kind: 'bus',
            fuelType: 'bev',
            town,
            busPurchase: o.index % 3 === 0 ? 'new' : 'replacement',
          }),
          registered(w, o, second + 1800, id),
        ]
      },
    },
  ]
}
