import { earlyScrappingAges, type ShipKind } from '@policy-ledger/core'
import { among, place, type Flow } from './world.js'
import type { World, Occurrence } from './world.js'

/*
 * Farms and waterways (measures 九、十): farm machines bought with the
 * subsidy, BeiDou-fitted ones among them; coal-fired grain dryers converted;
 * ships on the Liangji Canal scrapped early within the plan's age bands, and
 * inland ships of 600 gross tonnes or more fitted for shore power.
 */

/** Subsidy records a year, and how many of them are single BeiDou-fitted machines: about 160 by 2025, 410 by 2027. */
const farmMachineRecords: Readonly<Record<number, number>> = { 2023: 500, 2024: 600, 2025: 650, 2026: 600, 2027: 550 }
const beidouRecords: Readonly<Record<number, number>> = { 2023: 40, 2024: 70, 2025: 92, 2026: 120, 2027: 135 }

const machines = ['拖拉机', '小麦联合收割机', '玉米联合收获机', '植保无人机', '播种机', '旋耕机', '秸秆还田机'] as const

const waterside = ['mandong', 'laosengtang', 'zhifang', 'dazhanglou'] as const

const ship = (kind: ShipKind) => (w: World, o: Occurrence) => {
  const r = o.random
  const band = earlyScrappingAges[kind]
  // the first ship of the first years stands on the band's edges, which the plan includes
  const age = o.index === 0 && o.year === 2024 ? band.from : o.index === 0 && o.year === 2025 ? band.to : r.int(band.from, band.to)
  const town = r.pick(waterside)
  return [
    w.event(o, w.second(r), 'transport', 'ShipScrappedEarly', {
      shipId: `JX-CB-${String(w.next('ship')).padStart(4, '0')}`,
      name: `鲁济宁${kind === 'passenger' ? '客' : '货'}${r.int(1000, 9999)}`,
      kind,
      builtYear: o.year - age,
      grossTonnage: kind === 'passenger' ? String(r.int(40, 300)) : `${r.int(200, 2000)}.${r.int(0, 9)}`,
      town,
    }),
  ]
}

export const ruralFlows = (): ReadonlyArray<Flow> => [
  {
    name: 'farm-machines-subsidised',
    kind: 'flow',
    events: 1,
    perYear: farmMachineRecords,
    season: 'farm',
    lateShare: 0.004,
    occur: (w, o) => {
      const r = o.random
      const beidou = among(o.index, (beidouRecords[o.year] ?? 0) / (farmMachineRecords[o.year] ?? 1))
      const machineType = beidou ? r.pick(['拖拉机（北斗导航）', '小麦联合收割机（北斗）', '植保无人机（北斗）']) : r.pick(machines)
      const quantity = beidou ? 1 : r.weighted([[1, 75], [2, 18], [3, 7]])
      return [
        w.event(o, w.second(r), 'agri-mechanisation', 'FarmMachinesSubsidised', {
          recordId: `JX-NJBT-${o.year}-${String(o.index + 1).padStart(5, '0')}`,
          machineType,
          town: w.ruralTown(r),
          quantity,
          beidou,
          subsidy: quantity * r.int(3_000, 60_000) * 100,
        }),
      ]
    },
  },
  {
    name: 'grain-dryers-converted',
    kind: 'fixed',
    events: 1,
    perYear: { 2024: 12, 2025: 15, 2026: 8, 2027: 5 },
    season: 'farm',
    occur: (w, o) => {
      const r = o.random
      const town = w.ruralTown(r)
      return [
        w.event(o, w.second(r), 'agriculture-rural', 'GrainDryerConverted', {
          dryerId: `JX-HG-${place(town)}-${w.next('dryer')}`,
          town,
          to: r.weighted([['biomass', 40], ['electric', 20], ['natural-gas', 20], ['heat-pump', 15], ['other', 5]]),
        }),
      ]
    },
  },
  { name: 'passenger-ships-scrapped', kind: 'fixed', events: 1, perYear: { 2024: 2, 2025: 3, 2026: 1 }, season: 'office', occur: ship('passenger') },
  { name: 'cargo-ships-scrapped', kind: 'fixed', events: 1, perYear: { 2024: 6, 2025: 8, 2026: 5, 2027: 4 }, season: 'office', occur: ship('cargo') },
  {
    name: 'ships-shore-power',
    kind: 'fixed',
    events: 1,
    perYear: { 2024: 10, 2025: 14, 2026: 8, 2027: 6 },
    season: 'office',
    occur: (w, o) => [
      w.event(o, w.second(o.random), 'transport', 'ShipShorePowerRetrofitted', {
        shipId: `JX-CB-${String(w.next('ship')).padStart(4, '0')}`,
        // 600总吨以上 includes 600 itself: the first one is exactly that
        grossTonnage: o.serial === 0 ? '600' : `${o.random.int(600, 3000)}.${o.random.int(0, 9)}`,
        inland: true,
      }),
    ],
  },
]
