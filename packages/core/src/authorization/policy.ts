import * as E from 'fp-ts/lib/Either.js'
import type { EventType } from '../events/index.js'
import type { Authorize, AuthorizeRequest } from './authorize.js'
import type { Plan } from '../plan/define.js'
import { zhNumeral } from '../plan/numerals.js'


/** What every policy answers when it allows. */
const allowed: E.Either<string, void> = E.right(undefined)

/*
 * Who may record what. A plan names, for each of its measures, the units
 * that lead it (牵头单位) and those that answer for it (责任单位), and its
 * recording rules say which measures each kind of fact reports on. By
 * default a department may record a fact only for a measure it leads or
 * answers for. Where the plan names all towns at once (各镇街), each town
 * records as its own unit and, like a development zone, only facts of its
 * own area (the fact's `town`); no unit is a master key. A refusal is a
 * NOT_ALLOWED error, and nothing is written.
 */

/** The measures a fact reports on, by the plan's recording rules; undefined where the plan has none (any unit of it may record). */
export const measuresOf =
  (plan: Pick<Plan, 'recording'>) =>
  (type: EventType, data: unknown): ReadonlyArray<number> | undefined => {
    const rules = plan.recording
    if (rules === undefined) return undefined
    if (type !== 'StatisticReported') return rules.byType[type] ?? []
    const statistic = (data as { statistic?: unknown }).statistic
    return (typeof statistic === 'string' ? rules.byStatistic?.[statistic] : undefined) ?? rules.byType[type] ?? []
  }

export interface PlanPolicyOptions {
  /** the measures a fact reports on; default the plan's recording rules (`measuresOf`) */
  readonly measures?: (request: AuthorizeRequest) => ReadonlyArray<number>
  /** further permissions the county grants beyond the plan, e.g. { 'finance': ['EquipmentReplaced'] } */
  readonly grants?: Partial<Readonly<Record<string, ReadonlyArray<EventType>>>>
}

/**
 * The plan's policy: a unit may record a fact for a measure it leads or
 * answers for, or one the county has granted it. Corrections are judged as
 * the fact they leave standing.
 */
export const planPolicy = (plan: Plan, options: PlanPolicyOptions = {}): Authorize => {
  const zhOf = (code: string): string => plan.unitByCode.get(code)?.zh ?? code
  const townZh = (code: string): string => plan.townByCode.get(code)?.zh ?? code
  const rules = plan.recording
  const named = new Map<string, ReadonlySet<string>>()
  /** The units the plan names for any of these measures, lead first (asked on every record: kept once per set of measures). */
  const unitsFor = (measures: ReadonlyArray<number>): ReadonlySet<string> => {
    const key = measures.join(',')
    let units = named.get(key)
    if (units === undefined) {
      units = new Set(measures.flatMap((n) => [...(plan.measureByNumber.get(n)?.lead ?? []), ...(plan.measureByNumber.get(n)?.responsible ?? [])]))
      named.set(key, units)
    }
    return units
  }
  /** Whether the plan names this unit for one of these measures: a town's own unit answers for what the towns together do (各镇街). */
  const namedFor = (unit: string, measures: ReadonlyArray<number>): boolean => {
    const units = unitsFor(measures)
    const as = unit.startsWith('town-') && plan.areaOf.has(unit) && rules?.allTowns !== undefined ? rules.allTowns : unit
    return units.has(as) || (rules?.anyDepartment !== undefined && units.has(rules.anyDepartment))
  }
  /** Why a unit whose area is a town may not record a fact of `town` (undefined: none named, but granted). */
  const areaProblem = (unit: string, area: string, town: string | undefined, granted: boolean): string | undefined => {
    if (town === undefined)
      return granted ? undefined : `${zhOf(unit)}只记录本辖区（${townZh(area)}）的事实，此事实不属任何镇街 / records only facts of its own area (${area}); this fact names no town`
    if (town !== area)
      return `${zhOf(unit)}只记录本辖区（${townZh(area)}）的事实，此事实属${townZh(town)} / records only facts of its own area (${area}); this fact is of ${town}`
    return undefined
  }
  const measures = options.measures ?? ((r: AuthorizeRequest) => measuresOf(plan)(r.type, r.data))

  return (request) => {
    const { type, recordedBy } = request
    const granted = options.grants?.[recordedBy]?.includes(type) === true
    const area = plan.areaOf.get(recordedBy)
    const outOfArea =
      recordedBy === rules?.allTowns
        ? `${zhOf(recordedBy)}代表所有镇街，不再记录新事实，请以本镇街单位（town-…）记录 / stands for every town at once and records nothing new: record as the town's own unit (town-…)`
        : area === undefined
          ? undefined
          : areaProblem(recordedBy, area, townOf(request.data), granted)
    if (outOfArea !== undefined) return E.left(outOfArea)
    if (granted) return allowed
    const of = measures(request)
    if (of === undefined || namedFor(recordedBy, of)) return allowed
    const words = of.map((n) => `（${zhNumeral(n)}）${plan.measureByNumber.get(n)?.zh ?? ''}`).join('、')
    const who = [...unitsFor(of)].map(zhOf).join('、')
    return E.left(
      of.length === 0
        ? `${plan.document}未规定谁可记录 ${type} / the plan names no measure that ${type} reports on, so no unit may record it`
        : `${zhOf(recordedBy)}不是措施${words}的牵头或责任单位（${who}） / not a lead or responsible unit of measure ${of.join(', ')} in the plan`,
    )
  }
}

/** The town a fact is of, where its data names one. */
const townOf = (data: unknown): string | undefined => {
  const town = typeof data === 'object' && data !== null ? (data as { town?: unknown }).town : undefined
  return typeof town === 'string' ? town : undefined
}

/** No restriction: for tools that load what other systems already authorised. */
export const allowAll: Authorize = () => allowed
