import {
  accountableUnits,
  exact,
  zhNumeral,
  type Amount,
  type Figure,
  type IndicatorReport,
  type Plan,
  type Status,
  type TargetReport,
  type UnitKind,
} from '@policy-ledger/core'

/*
 * What a person reads in every export: status words and colours, section
 * titles as the plan numbers them, units and lead units. One place, so the
 * CSV, the workbook and the HTML report never disagree.
 */

export interface StatusLabel {
  readonly zh: string
  readonly en: string
  /** fill colour, #rrggbb */
  readonly colour: string
  /** text colour that reads on the fill */
  readonly ink: string
}

export const statusLabels: Readonly<Record<Status, StatusLabel>> = {
  met: { zh: '已达成', en: 'met', colour: '#1e8e3e', ink: '#ffffff' },
  'on-track': { zh: '进展顺利', en: 'on track', colour: '#a8dab5', ink: '#0d3d1a' },
  'at-risk': { zh: '存在风险', en: 'at risk', colour: '#f9ab00', ink: '#3d2a00' },
  behind: { zh: '进度滞后', en: 'behind', colour: '#d93025', ink: '#ffffff' },
  'no-data': { zh: '无数据', en: 'no data', colour: '#bdc1c6', ink: '#202124' },
}

/** Best first: the order of a legend and of the overview's counts. */
export const statusOrder: ReadonlyArray<Status> = ['met', 'on-track', 'at-risk', 'behind', 'no-data']

/** 一、总体要求: a section's title as the plan writes it (definePlan has checked that every indicator's section is the plan's). */
export const sectionTitle = (plan: Plan, section: number): string => `${zhNumeral(section)}、${plan.sectionByNumber.get(section)?.zh ?? ''}`

export const sectionEn = (plan: Plan, section: number): string => plan.sectionByNumber.get(section)?.en ?? ''

/** The lead units (牵头单位) of an indicator's measures, by their Chinese names. */
export const leadUnits = (plan: Plan, indicator: Pick<IndicatorReport, 'measures'>): ReadonlyArray<string> =>
  accountableUnits(plan)(indicator).lead.map((code) => plan.unitByCode.get(code)?.zh ?? code)

const catalogued = (plan: Plan, indicator: Pick<IndicatorReport, 'id'>) => plan.indicatorById.get(indicator.id)

/**
 * The unit a target's value and compared figure are in: the indicator's,
 * except a growth target on a level (报废汽车回收量较2023年增加约一倍), which
 * is per cent over its baseline. The report's targets follow the plan's
 * order, so the plan says which is which.
 */
export const targetUnitKind = (plan: Plan, indicator: Pick<IndicatorReport, 'id' | 'unit'>, targetIndex: number): UnitKind => {
  const target = catalogued(plan, indicator)?.targets[targetIndex]
  return target !== undefined && 'growth' in target && target.growth !== undefined ? 'growth-percent' : indicator.unit.kind
}

export const unitZh = (kind: UnitKind, indicatorUnit: string): string =>
  kind === 'growth-percent' ? '%（较基期增长）' : indicatorUnit

/** The unit a figure is shown in for people: its kind, its word, and how many of the indicator's unit make one (10⁸ 元 in 1 亿元). */
export interface DisplayUnit {
  readonly kind: UnitKind
  readonly zh: string
  readonly per: number
}

const moneyUnits: ReadonlyArray<DisplayUnit> = [
  { kind: 'yuan', zh: '亿元', per: 1e8 },
  { kind: 'yuan', zh: '万元', per: 1e4 },
  { kind: 'yuan', zh: '元', per: 1 },
]
const YUAN = moneyUnits[2] as DisplayUnit
const MONEY = /(\d+(?:\.\d+)?)(亿|万)?元/g

/** Money by its size, where the plan words none: 亿元 from one 亿 up, 万元 from one 万. */
const moneyBySize = (amount: number): DisplayUnit => moneyUnits.find((u) => Math.abs(amount) >= u.per) ?? YUAN

/** The money unit the plan's text words `amount` in (17亿元, 2000万元), where it states the amount. */
const wordedIn = (planText: string, amount: number): DisplayUnit | undefined =>
  [...planText.matchAll(MONEY)]
    .map(([, figure = '', prefix]) => ({ figure, unit: moneyUnits.find((u) => u.zh === `${prefix ?? ''}元`) ?? YUAN }))
    .find(({ figure, unit }) => exact.compare(exact.mul(exact.fromNumber(unit.per))(exact.fromNumber(Number(figure))), exact.fromNumber(amount)) === 0)?.unit

/** The unit a target is worded in: money as the plan's text words it, growth on a level in per cent, else the indicator's. */
export const targetUnit = (plan: Plan, indicator: Pick<IndicatorReport, 'id' | 'unit'>, targetIndex: number): DisplayUnit => {
  const kind = targetUnitKind(plan, indicator, targetIndex)
  const entry = catalogued(plan, indicator)
  const target = entry?.targets[targetIndex]
  if (kind !== 'yuan' || target === undefined || !('value' in target)) return { kind, zh: unitZh(kind, indicator.unit.zh), per: 1 }
  return wordedIn(entry?.planText ?? '', target.value) ?? moneyBySize(target.value)
}

/** The unit an indicator's own value is shown in for people: money in the unit its targets are worded in (24.6 亿元 beside 达到 25 亿元). */
export const valueUnit = (plan: Plan, indicator: Pick<IndicatorReport, 'id' | 'unit'>): DisplayUnit =>
  indicator.unit.kind === 'yuan' && (catalogued(plan, indicator)?.targets.length ?? 0) > 0 ? targetUnit(plan, indicator, 0) : { kind: indicator.unit.kind, zh: indicator.unit.zh, per: 1 }

/** The decimals a figure is rounded to for people, by the kind of its unit: per cent, ratios, money and computing power to two. */
const places: Readonly<Record<UnitKind, number>> = { count: 0, percent: 2, 'growth-percent': 2, ratio: 2, yuan: 2, petaflops: 2, milestone: 0 }

/**
 * The figure in a display unit, exactly: the quotient by 10⁴ or 10⁸ is a
 * rational, never a double (837,000,000 元 is 8.37 亿元 to the last digit);
 * rounding happens once, where digits are written (`figureDigits`: half away
 * from zero, to the unit kind's places).
 */
const inUnit = (x: Amount, unit: DisplayUnit): Figure => {
  const f = exact.figureOf(x)
  return unit.per === 1 ? f : exact.div(exact.fromNumber(unit.per))(exact.asRational(f, 'money'))
}

/** The nearest double of a figure in a display unit: what a spreadsheet computes with. */
export const figureNumber = (x: Amount, unit: DisplayUnit): number => exact.figureValue(inUnit(x, unit))

/** A figure in a display unit rounded exactly (half away from zero), without trailing zeros or grouping: 17.5, 0.8, 39.62. */
export const figureDigits = (x: Amount, unit: DisplayUnit): string => {
  const digits = exact.toFixed(places[unit.kind])(inUnit(x, unit))
  return digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits
}

/** A figure's rounded digits with the thousands grouped as zh-CN writes them: 2,460,000,000, 24.6. */
export const groupedDigits = (x: Amount, unit: DisplayUnit): string =>
  figureDigits(x, unit).replace(/^-?\d+/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','))

/** A figure as a person reads it, with its unit: 16,000 辆, 35.68%, 17.5 亿元, 0.91, 已建成运营; — where there is none. */
export const formatFigure = (x: Amount | null, unit: DisplayUnit): string => {
  if (x === null) return '—'
  if (unit.kind === 'milestone') return exact.compareFigures(exact.figureOf(x), exact.one) >= 0 ? '已建成运营' : '未建成'
  const digits = groupedDigits(x, unit)
  switch (unit.kind) {
    case 'percent':
    case 'growth-percent':
      return `${digits}%`
    case 'ratio':
      return digits
    case 'petaflops':
      return `${digits} P`
    case 'count':
    case 'yuan':
      return `${digits} ${unit.zh}`
  }
}

/** A figure as a person reads it in the indicator's unit, money by its size: 16,000 辆, 35.2%, 1,700,000,000 元 → 17 亿元. */
export const formatValue = (value: number | null, kind: UnitKind, unit: string): string =>
  formatFigure(value, kind === 'yuan' ? moneyBySize(value ?? 0) : { kind, zh: unit, per: 1 })

/** An indicator's value as judgement has it: exact where the report gives it so. */
export const valueAmount = (indicator: Pick<IndicatorReport, 'value' | 'exact'>): Amount | null => indicator.exact ?? indicator.value

/** A target's compared figure, exact where the report gives it so. */
export const comparedAmount = (target: Pick<TargetReport, 'compared' | 'comparedExact'>): Amount | null => target.comparedExact ?? target.compared

/** 左右 16,000 辆, 达到 17 亿元, 全部, 大幅提升（较2023年）: a target as the plan words it, in the unit it is worded in. */
export const targetWording = (target: TargetReport, unit: DisplayUnit): string => {
  const value = target.value === null ? '' : ` ${formatFigure(target.value, unit)}`
  const baseline = target.baselineYear === null ? '' : `（较${target.baselineYear}年）`
  const scope = target.scope === null ? '' : `（${target.scope}）`
  return `${target.word}${value}${baseline}${scope}`
}

/** Comparators whose figure is a level to reach, so that a share of it done reads as 完成率: 超过, 以上, 达到, 左右. */
const reached: ReadonlySet<TargetReport['comparator']> = new Set(['gt', 'gte', 'about'])

/**
 * 完成率: the figure judged as a share of the target, in per cent, rounded
 * exactly (half away from zero) to one place; null where the target is a
 * word (全部, 大幅提升, 基本淘汰, 建成运营), a growth rate, or nothing to
 * divide by, where a share would mislead.
 */
export const completionRate = (plan: Plan, indicator: Pick<IndicatorReport, 'id' | 'unit' | 'targets'>, targetIndex: number): string | null => {
  const target = indicator.targets[targetIndex]
  const compared = target === undefined ? null : comparedAmount(target)
  if (target === undefined || compared === null || target.value === null || target.value <= 0 || !reached.has(target.comparator)) return null
  if (targetUnitKind(plan, indicator, targetIndex) === 'growth-percent' || indicator.unit.kind === 'growth-percent') return null
  const figure = exact.figureOf(compared)
  if (exact.isCompoundGrowth(figure)) return null
  return `${exact.toFixed(1)(exact.mul(exact.hundred)(exact.div(exact.fromNumber(target.value))(figure)))}%`
}
