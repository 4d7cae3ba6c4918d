import { applianceCategories } from '@policy-ledger/core'
import { among, place, type Flow } from './world.js'

/*
 * Consumer goods (measures 十七–十九、二十三): waste appliances collected,
 * appliances traded in with a subsidy, restaurant gas stoves made safe,
 * and the promotion events the plan asks for every year.
 */

/** 废旧家电回收量 in 台 at scale 1: +15% on 2023 by 2025, +28% by 2027 (the plan asks 30%). */
const appliancesCollected: Readonly<Record<number, number>> = { 2023: 48_000, 2024: 51_500, 2025: 55_200, 2026: 58_500, 2027: 61_400 }

const categories = applianceCategories.filter((c) => c !== 'unspecified')
const categoryWeights = categories.map((c) => [c, c === 'computer' ? 8 : c === 'other' ? 12 : 20] as const)

/** NEV exhibitions a year, and how many of them go to the countryside (下乡): 12 and 8 asked. */
const nevExhibitions: Readonly<Record<number, readonly [number, number]>> = {
  2023: [10, 6],
  2024: [13, 9],
  2025: [14, 9],
  2026: [12, 8],
  2027: [11, 7],
}

export const consumptionFlows = (): ReadonlyArray<Flow> => [
  {
    // the number of records can change (to meet a requested size) without changing the 台 they add up to
    name: 'appliances-collected',
    kind: 'flow',
    events: 1,
    perYear: { 2023: 2400, 2024: 2500, 2025: 2650, 2026: 2800, 2027: 2900 },
    season: 'retail',
    lateShare: 0.003,
    occur: (w, o) => {
      const r = o.random
      const town = w.town(r)
      const total = Math.round((appliancesCollected[o.year] ?? 0) * o.scale)
      return [
        w.event(o, w.second(r), 'commerce', 'AppliancesCollected', {
          recordId: `JX-HS-${o.year}-${String(o.index + 1).padStart(6, '0')}`,
          collector: { name: `嘉祥县再生资源回收站（${place(town)}）`, licence: `JX-ZS-${String((o.serial % 37) + 1).padStart(3, '0')}` },
          town,
          quantity: Math.max(1, w.portion(`${o.flow}/${o.year}`, total, o.count, o.index)),
          category: r.weighted(categoryWeights),
        }),
      ]
    },
  },
  {
    name: 'appliances-traded-in',
    kind: 'flow',
    events: 1,
    perYear: { 2023: 600, 2024: 3000, 2025: 4000, 2026: 3500, 2027: 3200 },
    season: 'retail',
    lateShare: 0.002,
    occur: (w, o) => {
      const r = o.random
      const town = w.town(r)
      const quantity = r.weighted([[1, 70], [2, 22], [3, 8]])
      return [
        w.event(o, w.second(r), 'commerce', 'AppliancesTradedIn', {
          recordId: `JX-YJHX-${o.year}-${String(o.index + 1).padStart(6, '0')}`,
          retailer: { name: `${r.pick(['苏宁易购', '国美电器', '海尔专卖店', '美的专卖店', '格力专卖店'])}（${place(town)}店）` },
          town,
          quantity,
          category: r.weighted(categoryWeights),
          // 15–20% of the price, at most 2,000 元 a unit
          subsidy: quantity * r.int(150, 2000) * 100,
        }),
      ]
    },
  },
  {
    name: 'gas-stoves-protected',
    kind: 'flow',
    events: 1,
    perYear: { 2024: 300, 2025: 400, 2026: 200, 2027: 100 },
    season: 'office',
    occur: (w, o) => {
      const r = o.random
      const town = r.chance(0.6) ? w.urbanTown(r) : w.town(r)
      return [
        w.event(o, w.second(r), 'housing-construction', 'GasStovesProtected', {
          recordId: `JX-RQ-${o.year}-${String(o.index + 1).padStart(5, '0')}`,
          restaurant: `${place(town)}${r.pick(['家常菜馆', '羊肉汤馆', '快餐店', '大酒店', '面馆'])}`,
          town,
          quantity: r.int(1, 6),
          method: r.chance(0.7) ? 'retrofit' : 'trade-in',
        }),
      ]
    },
  },
  {
    name: 'nev-exhibitions',
    kind: 'fixed',
    events: 1,
    perYear: Object.fromEntries(Object.entries(nevExhibitions).map(([y, [all]]) => [y, all])),
    season: 'retail',
    lateShare: 0.05,
    occur: (w, o) => {
      const [all, rural] = nevExhibitions[o.year] ?? [1, 0]
      const countryside = among(o.index, rural / all)
      const town = countryside ? w.ruralTown(o.random) : w.urbanTown(o.random)
      return [
        w.event(o, w.second(o.random), 'commerce', 'PromotionEventHeld', {
          eventId: `JX-ZX-${o.year}-${String(o.index + 1).padStart(2, '0')}`,
          kind: 'nev-exhibition',
          name: countryside ? `${o.year}年新能源汽车下乡（${place(town)}站）` : `${o.year}年嘉祥县新能源汽车展销会（第${o.index + 1}场）`,
          town,
          rural: countryside,
        }),
      ]
    },
  },
  {
    name: 'appliance-and-home-promotions',
    kind: 'fixed',
    events: 1,
    perYear: { 2023: 1, 2024: 5, 2025: 5, 2026: 3, 2027: 3 },
    season: 'retail',
    occur: (w, o) => {
      // about two in five are home-furnishing events; 2023 had only the appliance fair
      const home = o.year > 2023 && o.index % 5 >= 3
      const town = w.urbanTown(o.random)
      return [
        w.event(o, w.second(o.random), 'commerce', 'PromotionEventHeld', {
          eventId: `JX-CX-${o.year}-${String(o.index + 1).padStart(2, '0')}`,
          kind: home ? 'home-furnishing' : 'appliance-promotion',
          name: home ? `${o.year}年家装家居焕新季` : `${o.year}年家电以旧换新促消费活动`,
          town,
          rural: false,
        }),
      ]
    },
  },
]
