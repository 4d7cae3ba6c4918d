import { Decimal, Enum, Identifier, scaled, SectorCodec, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import type { Day } from '../time.js'
import { Enterprise, replacing } from './common.js'
import { accept, defineAggregate, defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Production capacity (总体要求: 能效标杆、基准水平, 环保绩效A级): one stream per
 * production line. The latest assessment in occurred order is in force, so
 * a reassessment moves the line's capacity between metrics. A line's
 * capacity found below the energy baseline is counted once, at the first
 * such assessment, and that same capacity once again, where it was found,
 * when a later assessment finds the line at the baseline or better: so the
 * renovated share reaches 100% only when every line found below it is
 * renovated, whatever the capacity a renovation adds.
 */

export const energyLevels = ['benchmark', 'baseline', 'below-baseline'] as const
export const EnergyLevel = Enum({ zh: '能效水平（benchmark 标杆，baseline 基准至标杆，below-baseline 低于基准）', en: 'an energy-efficiency level (benchmark 标杆, baseline 基准 to 标杆, below-baseline 低于基准)' }, energyLevels)
export const EnvGrade = Enum({ zh: '环保绩效等级', en: 'an environmental-performance grade (环保绩效)' }, ['A', 'B', 'C', 'D'] as const)

export const ProductionCapacityAssessed = defineEvent({
  type: 'ProductionCapacityAssessed',
  version: 1,
  title: { zh: '产能能效与环保绩效评估', en: 'Production capacity assessed' },
  data: (name: Wording) => Struct(name, {
    enterpriseId: Identifier,
    lineId: Identifier,
    enterprise: Enterprise,
    sector: SectorCodec,
    town: TownCodec,
    capacity: Decimal,
    capacityUnit: Text(20),
    energyLevel: EnergyLevel,
    envGrade: EnvGrade,
  }),
  stream: keyedBy('capacity', (d) => [d.enterpriseId, d.lineId]),
})

export const capacityEvents = [ProductionCapacityAssessed] as const

type Assessment = typeof ProductionCapacityAssessed.data._A
export type CapacityFact = Fact<'ProductionCapacityAssessed', Assessment>

export interface CapacityState {
  /** the assessment in force and the day it was made */
  readonly current?: { readonly assessment: Assessment; readonly day: Day }
  /** what the line's first assessment below the baseline counted as found, and where */
  readonly found?: Contribution
  readonly renovated: boolean
}

/** The stock a line's assessment places in the metrics, on a given day. */
const stock = (a: Assessment, day: Day): Contribution[] => {
  const at = { day, town: a.town, sector: a.sector }
  const quantity = scaled(a.capacity)
  return [
    { metric: 'capacity.assessed', quantity, ...at },
    ...(a.energyLevel === 'benchmark' ? [{ metric: 'capacity.energy-benchmark', quantity, ...at }] : []),
    ...(a.envGrade === 'A' ? [{ metric: 'capacity.env-grade-a', quantity, ...at }] : []),
  ]
}

export const productionLine = defineAggregate<CapacityState, CapacityFact>({
  name: 'production-line',
  initial: { renovated: false },
  evolve: (s, f) => {
    const a = f.data
    const below = a.energyLevel === 'below-baseline'
    const found: Contribution | undefined =
      below && s.found === undefined
        ? { metric: 'capacity.below-energy-baseline.found', quantity: scaled(a.capacity), day: f.day, town: a.town, sector: a.sector }
        : undefined
    const renovated: Contribution | undefined =
      !below && s.found !== undefined && !s.renovated ? { ...s.found, metric: 'capacity.below-energy-baseline.renovated', day: f.day } : undefined
    return accept({ current: { assessment: a, day: f.day }, found: s.found ?? found, renovated: s.renovated || renovated !== undefined }, [
      ...replacing(s.current === undefined ? [] : stock(s.current.assessment, f.day), stock(a, f.day)),
      ...(found === undefined ? [] : [found]),
      ...(renovated === undefined ? [] : [renovated]),
    ])
  },
})
