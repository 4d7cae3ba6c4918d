import { indicators } from './indicators.js'
import { baselineYear, measures, sections } from './plan.js'

export * from './indicators.js'
export * from './plan.js'
export * from './targets.js'

/** 嘉祥县推动大规模设备更新和消费品以旧换新工作方案, as data. */
export const jiaxiang2024 = {
  id: '嘉政发〔2024〕5号',
  title: '嘉祥县推动大规模设备更新和消费品以旧换新工作方案',
  titleEn: 'Jiaxiang County work plan for large-scale equipment renewal and trade-in of consumer goods',
  issuedOn: '2024-07-12',
  baselineYear,
  sections,
  measures,
  indicators,
} as const
