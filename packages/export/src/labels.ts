import {
  accountableUnits,
  indicatorById,
  jiaxiang2024,
  unitByCode,
  zhNumeral,
  type IndicatorReport,
  type Status,
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

/** 一、总体要求: a section's title as the plan writes it. */
export const sectionTitle = (section: number): string => {
  const s = jiaxiang2024.sections.find((x) => x.number === section)
  if (s === undefined) throw new RangeError(`no section ${section} in ${jiaxiang2024.id}`)
  return `${zhNumeral(section)}、${s.zh}`
}

export const sectionEn = (section: number): string => jiaxiang2024.sections.find((x) => x.number === section)?.en ?? ''

/** The lead units (牵头单位) of an indicator's measures, by their Chinese names. */
export const leadUnits = (indicator: Pick<IndicatorReport, 'measures'>): ReadonlyArray<string> =>
  accountableUnits(indicator).lead.map((code) => unitByCode.get(code)?.zh ?? code)

/**
 * The unit a target's value and compared figure are in: the indicator's,
 * except a growth target on a level (报废汽车回收量较2023年增加约一倍), which
 * is per cent over its baseline. The report's targets follow the catalogue's
 * order, so the catalogue says which is which.
 */
export const targetUnitKind = (indicator: Pick<IndicatorReport, 'id' | 'unit'>, targetIndex: number): UnitKind => {
  const target = indicatorById.get(indicator.id)?.targets[targetIndex]
  return target !== undefined && 'growth' in target && target.growth !== undefined ? 'growth-percent' : indicator.unit.kind
}

export const unitZh = (kind: UnitKind, indicatorUnit: string): string =>
  kind === 'growth-percent' ? '%（较基期增长）' : indicatorUnit

const grouped = (digits: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
const formats = { whole: grouped(0), two: grouped(2), one: grouped(1) }

/** A figure as a person reads it in the indicator's unit: 16,000 辆, 35.2%, 1,700,000,000.00 元 → 17.00 亿元. */
export const formatValue = (value: number | null, kind: UnitKind, unit: string): string => {
  if (value === null) return '—'
  switch (kind) {
    case 'percent':
    case 'growth-percent':
      return `${formats.one.format(value)}%`
    case 'yuan':
      return Math.abs(value) >= 1e8 ? `${formats.two.format(value / 1e8)} 亿元` : `${formats.two.format(value / 1e4)} 万元`
    case 'ratio':
      return formats.two.format(value)
    case 'milestone':
      return value >= 1 ? '已建成运营' : '未建成'
    case 'petaflops':
      return `${formats.one.format(value)} P`
    case 'count':
      return `${formats.whole.format(value)} ${unit}`
  }
}
