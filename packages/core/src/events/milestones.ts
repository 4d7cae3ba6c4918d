import { Enum, Struct, Text, type Wording } from '../codecs.js'
import { once } from './common.js'
import { defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/* Milestones (measure 七): a dated yes/no, such as the smart-tourism platform in operation. */

export const milestones = ['smart-tourism-platform'] as const

export const MilestoneReached = defineEvent({
  type: 'MilestoneReached',
  version: 1,
  title: { zh: '里程碑达成', en: 'Milestone reached' },
  data: (name: Wording) => Struct(name, { milestone: Enum({ zh: '里程碑', en: 'a milestone' }, milestones), evidence: Text(2000) }),
  stream: keyedBy('milestone', (d) => [d.milestone]),
})

export const milestoneEvents = [MilestoneReached] as const

export const milestone = once<Fact<'MilestoneReached', typeof MilestoneReached.data._A>>('milestone', { zh: '此里程碑', en: 'this milestone' }, (f) => [
  { metric: `milestones.${f.data.milestone}`, quantity: 1, day: f.day },
])
