import type { Target } from './targets.js'
import type { Term } from './formula.js'

/**
 * An indicator as a plan states it. `planText` quotes the plan; "…" joins
 * parts that stand apart in the text and " / " joins the phrases of
 * different years. `section` is the part of the plan the phrase stands in,
 * `measures` the measures that deliver it (for a general target, the
 * measures whose work it counts), `formula` how it is read from the tally.
 *
 * A bare quota with no comparator word (实施100个, 增长15%) is read as a
 * floor, `gte`; its word is the plan's verb.
 */

export type UnitKind = 'percent' | 'count' | 'yuan' | 'ratio' | 'petaflops' | 'growth-percent' | 'milestone'

export interface IndicatorUnit {
  readonly zh: string
  readonly en: string
  readonly kind: UnitKind
}

export interface Indicator {
  readonly id: string
  readonly zh: string
  readonly en: string
  readonly unit: IndicatorUnit
  readonly section: number
  readonly measures: ReadonlyArray<number>
  readonly planText: string
  readonly targets: ReadonlyArray<Target>
  readonly formula: Term
}

export const unitKinds: ReadonlyArray<UnitKind> = ['percent', 'count', 'yuan', 'ratio', 'petaflops', 'growth-percent', 'milestone']
