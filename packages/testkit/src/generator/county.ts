import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

/** The plan the synthetic county records under: Jiaxiang's. */
export const plan = jiaxiang2024

/** A town's and a unit's number in the plan's order (1 for the first), as Jiaxiang's catalogue once numbered them: station ids and arrival minutes carry them. */
export const townNumber = (code: string): number => plan.towns.findIndex((t) => t.code === code) + 1
export const unitNumber = (code: string): number => plan.recorders.findIndex((u) => u.code === code) + 1
