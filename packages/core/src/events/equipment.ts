import { Enum, Fen, Identifier, PositiveCount, SectorCodec, Struct, TownCodec, type Wording } from '../codecs.js'
import { Enterprise, once } from './common.js'
import { defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Equipment replaced (measures 一、二): one stream per replacement record.
 * Efficiency is the national energy-efficiency grade (能效等级), grade-1 best;
 * a replacement may not lower it.
 */

export const efficiencyGrades = ['grade-1', 'grade-2', 'grade-3', 'grade-4', 'grade-5'] as const
export type EfficiencyGrade = (typeof efficiencyGrades)[number]
export const EfficiencyGradeCodec = Enum({ zh: '能效等级（grade-1 最高）', en: 'an energy-efficiency grade (能效等级, grade-1 best)' }, efficiencyGrades)

export const EquipmentReplaced = defineEvent({
  type: 'EquipmentReplaced',
  version: 1,
  title: { zh: '设备更新', en: 'Equipment replaced' },
  data: (name: Wording) => Struct(
    name,
    {
      recordId: Identifier,
      sector: SectorCodec,
      town: TownCodec,
      quantity: PositiveCount,
      investment: Fen,
      efficiencyBefore: EfficiencyGradeCodec,
      efficiencyAfter: EfficiencyGradeCodec,
    },
    { enterprise: Enterprise },
  ),
  stream: keyedBy('equipment-replacement', (d) => [d.recordId]),
})

export const equipmentEvents = [EquipmentReplaced] as const

export type EquipmentFact = Fact<'EquipmentReplaced', typeof EquipmentReplaced.data._A>

const rank = (g: EfficiencyGrade): number => efficiencyGrades.indexOf(g)

export const equipmentReplacement = once<EquipmentFact>(
  'equipment-replacement',
  { zh: '此更新记录', en: 'this replacement record' },
  (f) => {
    const at = { day: f.day, town: f.data.town, sector: f.data.sector }
    return [
      { metric: 'equipment.replaced', quantity: f.data.quantity, ...at },
      { metric: 'equipment.replaced.investment', quantity: f.data.investment, ...at },
    ]
  },
  ({ data: d }) =>
    rank(d.efficiencyAfter) > rank(d.efficiencyBefore)
      ? `更新后能效 ${d.efficiencyAfter} 差于更新前 ${d.efficiencyBefore}：设备更新不得降低能效 / efficiencyAfter ${d.efficiencyAfter} is worse than efficiencyBefore ${d.efficiencyBefore}: a replacement may not lower energy efficiency`
      : undefined,
)
