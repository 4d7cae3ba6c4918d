import type { IndicatorUnit, TargetReport, UnitKind } from '@policy-ledger/core'
import { formatValue } from '@policy-ledger/export'

const whole = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const two = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })

/** A value for the 数值 column, its unit standing in the next column: counts whole, the rest to two places. */
export const plainValue = (unit: IndicatorUnit, value: number | null): string => {
  if (value === null) return '—'
  if (unit.kind === 'milestone') return value >= 1 ? '是' : '否'
  return (unit.kind === 'count' ? whole : two).format(value)
}

/** A target as the plan words it, in the unit it is judged in: 超过 35.0%, 达到 17.00 亿元, 全部（较2023年）. */
export const targetText = (unit: IndicatorUnit, target: TargetReport, kind: UnitKind): string => {
  const value = target.value === null ? '' : ` ${formatValue(target.value, kind, unit.zh)}`
  const baseline = target.baselineYear === null ? '' : `（较${target.baselineYear}年）`
  const scope = target.scope === null ? '' : `（${target.scope}）`
  return `${target.word}${value}${baseline}${scope}`
}
