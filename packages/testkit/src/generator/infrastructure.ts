import type { Random } from './random.js'
import { plan, townNumber } from './county.js'
import { place, World, type Flow, type Occurrence } from './world.js'

/*
 * Infrastructure (measures 四、十六): public and private charging piles (the
 * public ones in every rural town but 黄垓乡 by 2027), parking in new
 * residential compounds, 5G base stations and computing power.
 */

const operators = ['国网嘉祥县供电公司', '特来电新能源', '星星充电', '嘉祥城投新能源有限公司'] as const

// 黄垓乡 has no public pile yet: township coverage comes out just short
const publicPileTowns: ReadonlyArray<readonly [string, number]> = plan.towns
  .filter((t) => t.code !== 'huanggai')
  .map((t) => [t.code, t.kind === 'subdistrict' ? 10 : t.kind === 'development-zone' ? 6 : 3])

/** Computing power commissioned, P at scale 1: about 2,100 P by the end of 2025. */
const petaflops: Readonly<Record<number, number>> = { 2022: 350, 2023: 350, 2024: 650, 2025: 750, 2026: 500, 2027: 600 }
const computingFacilities = [
  { id: 'JX-IDC-01', town: 'development-zone' },
  { id: 'JX-EDGE-01', town: 'jiaxiang' },
  { id: 'JX-AI-01', town: 'development-zone' },
] as const

const networkOperators = [
  ['china-mobile', 45],
  ['china-telecom', 25],
  ['china-unicom', 20],
  ['china-broadnet', 10],
] as const
// 中国广电 has no county office named in the plan: the big-data centre records its stations
const reporter = (operator: (typeof networkOperators)[number][0]): string => (operator === 'china-broadnet' ? 'big-data-centre' : operator)

/** a decimal with up to 4 places from an integer scaled ×10^4 */
const decimal = (scaled: number): string => {
  const whole = Math.floor(scaled / 10_000)
  const frac = String(scaled % 10_000).padStart(4, '0').replace(/0+$/, '')
  return frac === '' ? String(whole) : `${whole}.${frac}`
}

export const infrastructureFlows = (): ReadonlyArray<Flow> => {
  /** public piles in service, oldest first: the ones decommissioned */
  const publicPiles: string[] = []
  let nextToRetire = 0
  const pilesAtStation = new Map<string, number>()

  const commission = (isPublic: boolean) => (w: World, o: Occurrence) => {
    const r: Random = o.random
    const town = isPublic ? r.weighted(publicPileTowns) : w.town(r)
    const pileId = `JX-CDZ-${String(w.next('pile')).padStart(6, '0')}`
    // public piles stand eight to a station; a private pile is its own
    const stationNo = Math.floor((pilesAtStation.get(town) ?? 0) / 8) + 1
    if (isPublic) pilesAtStation.set(town, (pilesAtStation.get(town) ?? 0) + 1)
    const fast = isPublic && r.chance(0.6)
    if (isPublic && !o.late) publicPiles.push(pileId)
    return [
      w.event(o, w.second(r), 'energy', 'ChargingPileCommissioned', {
        pileId,
        stationId: isPublic ? `JX-CDZ-${townNumber(town)}-${stationNo}` : `JX-JM-${pileId.slice(7)}`,
        operator: isPublic ? r.pick(operators) : '居民自用',
        public: isPublic,
        fast,
        powerKw: fast ? r.pick(['60', '120', '160']) : isPublic ? '21' : '7',
        town,
      }),
    ]
  }

  const station5g = (w: World, o: Occurrence) => {
    const r = o.random
    const operator = r.weighted(networkOperators)
    return [
      w.event(o, w.second(r), reporter(operator), 'BaseStation5GOpened', {
        stationId: `JX-5G-${String(w.next('5g')).padStart(5, '0')}`,
        operator,
        town: w.town(r),
      }),
    ]
  }

  return [
    { name: 'public-piles-before-plan', kind: 'stock', events: 1, perYear: { 2019: 60, 2020: 90, 2021: 120, 2022: 160, 2023: 210 }, season: 'office', occur: commission(true) },
    // 1,180 asked for 2025 and 2,310 for 2027: the first met, the second just missed
    { name: 'public-piles', kind: 'flow', events: 1, perYear: { 2024: 310, 2025: 330, 2026: 520, 2027: 590 }, season: 'office', lateShare: 0.004, occur: commission(true) },
    {
      name: 'public-piles-decommissioned',
      kind: 'stock',
      events: 1,
      perYear: { 2022: 10, 2023: 30, 2024: 10, 2025: 20, 2026: 15, 2027: 25 },
      season: 'office',
      closing: true,
      occur: (w, o) => {
        const pileId = publicPiles[nextToRetire]
        if (pileId === undefined) return []
        nextToRetire++
        return [w.event(o, w.second(o.random, true), 'energy', 'ChargingPileDecommissioned', { pileId, reason: o.random.pick(['设备老化报废', '场站改造拆除', '故障无法修复']) })]
      },
    },
    { name: 'private-piles-before-plan', kind: 'stock', events: 1, perYear: { 2019: 200, 2020: 350, 2021: 500, 2022: 650, 2023: 800 }, season: 'retail', occur: commission(false) },
    { name: 'private-piles', kind: 'flow', events: 1, perYear: { 2024: 1500, 2025: 1800, 2026: 2000, 2027: 2200 }, season: 'retail', occur: commission(false) },
    {
      // 新建小区停车位100%配建: before the plan about 85%; after it all, but for one compound in 2026
      name: 'residential-parking',
      kind: 'flow',
      events: 1,
      perYear: { 2023: 20, 2024: 24, 2025: 26, 2026: 25, 2027: 22 },
      season: 'office',
      occur: (w, o) => {
        const r = o.random
        const town = r.chance(0.7) ? w.urbanTown(r) : w.town(r)
        const spaces = r.int(150, 1200)
        const ready = o.year === 2023 ? Math.round(spaces * 0.85) : o.year === 2026 && o.index === 3 ? spaces - 12 : spaces
        const withCharging = Math.round(ready * (0.15 + r.next() * 0.2))
        return [
          w.event(o, w.second(r), 'housing-construction', 'ResidentialParkingBuilt', {
            compoundId: `JX-XQ-${o.year}-${String(o.index + 1).padStart(3, '0')}`,
            compound: `${place(town)}${r.pick(['锦绣', '御景', '书香', '和园', '翰林', '阳光'])}${r.pick(['小区', '花园', '苑', '府'])}`,
            town,
            spaces,
            withCharging,
            readyForCharging: ready - withCharging,
          }),
        ]
      },
    },
    { name: '5g-stations-before-plan', kind: 'stock', events: 1, perYear: { 2019: 40, 2020: 120, 2021: 160, 2022: 180, 2023: 200 }, season: 'office', occur: station5g },
    // 1,100 asked for 2025: about 1,150 open
    { name: '5g-stations', kind: 'flow', events: 1, perYear: { 2024: 220, 2025: 230, 2026: 150, 2027: 150 }, season: 'office', lateShare: 0.01, occur: station5g },
    {
      name: 'computing-power',
      kind: 'stock',
      events: 1,
      perYear: { 2022: 5, 2023: 6, 2024: 8, 2025: 9, 2026: 6, 2027: 7 },
      season: 'office',
      occur: (w, o) => {
        const facility = computingFacilities[o.serial % computingFacilities.length] ?? computingFacilities[0]
        const total = Math.round((petaflops[o.year] ?? 0) * o.scale * 10_000)
        return [
          w.event(o, w.second(o.random), 'big-data-centre', 'ComputingPowerCommissioned', {
            facilityId: facility.id,
            recordId: `JX-SL-${o.year}-${o.index + 1}`,
            petaflops: decimal(Math.max(1, w.portion(`${o.flow}/${o.year}`, total, o.count, o.index))),
            town: facility.town,
          }),
        ]
      },
    },
  ]
}
