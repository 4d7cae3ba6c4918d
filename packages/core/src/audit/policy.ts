import type { EventType } from '../events/index.js'
import type { Statistic } from '../events/statistics.js'
import type { Authorize, AuthorizeRequest } from '../authorize.js'
import { measureByNumber, zhNumeral } from '../plan/plan.js'
import { townByCode } from '../plan/towns.js'
import { areaOf, collectiveUnits, unitByCode, type UnitCode } from '../plan/units.js'

/*
 * Who may record what. The plan names, for each of its 35 measures, the
 * units that lead it (牵头单位) and those that answer for it (责任单位). By
 * default a department may record a fact only for a measure it leads or
 * answers for. 各镇街 and 县经开区 answer for every measure, but each town
 * records as its own unit and, like the development zone, only facts of its
 * own area (the fact's `town`); no unit is a master key. A refusal is a
 * NOT_ALLOWED error, and nothing is written.
 */

/** The measures each kind of fact reports on, read from the plan's text. */
const measuresByType: Readonly<Record<Exclude<EventType, 'StatisticReported'>, ReadonlyArray<number>>> = {
  // （九）交通运输设备更新 (公安 registers vehicles), （十五）重点领域推广应用, （十七）汽车以旧换新
  VehicleRegistered: [9, 15, 17],
  VehicleDeregistered: [9, 15, 17],
  // （二十三）（二十四）废旧物资回收与处置
  VehicleScrapped: [17, 23, 24],
  NewCarSold: [17],
  UsedCarTraded: [17, 25],
  UsedCarExported: [25],
  PublicVehiclePurchased: [15],
  TechRenovationProjectRegistered: [1, 2, 3],
  TechRenovationProjectCompleted: [1, 2, 3],
  EquipmentReplaced: [1, 2, 8, 9, 10, 11, 12],
  ProductionCapacityAssessed: [2, 20],
  AppliancesCollected: [18, 23, 24],
  AppliancesTradedIn: [18],
  GasStovesProtected: [19],
  ChargingPileCommissioned: [16],
  ChargingPileDecommissioned: [16],
  ResidentialParkingBuilt: [16],
  BaseStation5GOpened: [4],
  ComputingPowerCommissioned: [4],
  CertificationAwarded: [2, 3, 5, 6],
  CertificationRevoked: [2, 3, 5, 6],
  FacilityRegistered: [8, 11, 12],
  FacilityUpgraded: [8, 11, 12],
  PromotionEventHeld: [17, 18, 19],
  FarmMachinesSubsidised: [10],
  GrainDryerConverted: [10],
  ShipScrappedEarly: [9],
  ShipShorePowerRetrofitted: [9],
  MilestoneReached: [7],
}

/*
 * Statistics are compiled figures: besides the measure each speaks to, they
 * belong to （三十一）强化组织领导, under which 县发展改革局 runs the work team
 * "会同县有关部门" — every relevant county department answers for it.
 */
const measuresByStatistic: Readonly<Record<Statistic, ReadonlyArray<number>>> = {
  'digital-rd-tool-penetration': [5, 31],
  'key-process-cnc-rate': [5, 31],
  'rd-active-enterprise-share': [3, 31],
  'mechanisation-rate': [10, 31],
  'high-end-equipment-revenue': [1, 22, 31],
  'equipment-investment': [31, 32],
}

/** The measures a fact reports on. */
export const measuresOf = (type: EventType, data: unknown): ReadonlyArray<number> =>
  type === 'StatisticReported' ? (measuresByStatistic[(data as { statistic: Statistic }).statistic] ?? []) : measuresByType[type]

const named = new Map<string, ReadonlySet<UnitCode>>()

/** The units the plan names for any of these measures, lead first (asked on every record: kept once per set of measures). */
export const unitsFor = (measures: ReadonlyArray<number>): ReadonlySet<UnitCode> => {
  const key = measures.join(',')
  let units = named.get(key)
  if (units === undefined) {
    units = new Set(measures.flatMap((n) => [...(measureByNumber.get(n)?.lead ?? []), ...(measureByNumber.get(n)?.responsible ?? [])]))
    named.set(key, units)
  }
  return units
}

/** Whether the plan names this unit for one of these measures; 县政府有关部门、单位 stands for every county department. */
export const namedFor = (unit: UnitCode, measures: ReadonlyArray<number>): boolean => {
  const units = unitsFor(measures)
  return units.has(unit) || units.has('relevant-departments')
}

export interface PlanPolicyOptions {
  /** the measures a fact reports on; default `measuresOf` */
  readonly measures?: (request: AuthorizeRequest) => ReadonlyArray<number>
  /** further permissions the county grants beyond the plan, e.g. { 'finance': ['EquipmentReplaced'] } */
  readonly grants?: Partial<Readonly<Record<UnitCode, ReadonlyArray<EventType>>>>
}

const zhOf = (code: string): string => unitByCode.get(code)?.zh ?? code

/**
 * The plan's policy: a unit may record a fact for a measure it leads or
 * answers for, or one the county has granted it. Corrections are judged as
 * the fact they leave standing.
 */
export const planPolicy =
  (options: PlanPolicyOptions = {}): Authorize =>
  (request) => {
    const { type, recordedBy } = request
    const area = areaOf.get(recordedBy)
    const outOfArea = collectiveUnits.has(recordedBy)
      ? `${zhOf(recordedBy)}代表所有镇街，不再记录新事实，请以本镇街单位（town-…）记录 — stands for every town at once and records nothing new: record as the town's own unit (town-…)`
      : area === undefined
        ? undefined
        : areaProblem(recordedBy, area, townOf(request.data), options.grants?.[recordedBy]?.includes(type) === true)
    if (outOfArea !== undefined) return outOfArea
    if (options.grants?.[recordedBy]?.includes(type) === true) return undefined
    const measures = (options.measures ?? ((r: AuthorizeRequest) => measuresOf(r.type, r.data)))(request)
    // the plan names the towns together (各镇街): each town's unit answers for what they answer for
    if (namedFor(recordedBy.startsWith('town-') ? 'towns' : recordedBy, measures)) return undefined
    const named = measures.map((n) => `（${zhNumeral(n)}）${measureByNumber.get(n)?.zh ?? ''}`).join('、')
    const who = [...unitsFor(measures)].map(zhOf).join('、')
    return `${zhOf(recordedBy)}不是措施${named}的牵头或责任单位（${who}） — not a lead or responsible unit of measure ${measures.join(', ')} in the plan`
  }

/** The town a fact is of, where its data names one. */
const townOf = (data: unknown): string | undefined => {
  const town = typeof data === 'object' && data !== null ? (data as { town?: unknown }).town : undefined
  return typeof town === 'string' ? town : undefined
}

/** Why a unit whose area is a town may not record a fact of `town` (undefined: none named, but granted). */
const areaProblem = (unit: UnitCode, area: string, town: string | undefined, granted: boolean): string | undefined => {
  const own = townByCode.get(area)?.zh ?? area
  if (town === undefined)
    return granted ? undefined : `${zhOf(unit)}只记录本辖区（${own}）的事实，此事实不属任何镇街 — records only facts of its own area (${area}); this fact names no town`
  if (town !== area)
    return `${zhOf(unit)}只记录本辖区（${own}）的事实，此事实属${townByCode.get(town)?.zh ?? town} — records only facts of its own area (${area}); this fact is of ${town}`
  return undefined
}

/** No restriction: for tools that load what other systems already authorised. */
export const allowAll: Authorize = () => undefined
