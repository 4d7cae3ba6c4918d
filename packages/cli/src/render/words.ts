import { exact, type Amount } from '@policy-ledger/core'
import { groupedDigits, type DisplayUnit } from '@policy-ledger/export'

/** A value for the 数值 column, its unit standing in the next column: rounded for people as every export rounds it. */
export const plainValue = (unit: DisplayUnit, value: Amount | null): string => {
  if (value === null) return '—'
  if (unit.kind === 'milestone') return exact.compareFigures(exact.figureOf(value), exact.one) >= 0 ? '是' : '否'
  return groupedDigits(value, unit)
}
