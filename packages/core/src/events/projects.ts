import { Fen, Identifier, SectorCodec, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { dayToIso, type Day } from '../time.js'
import { Enterprise } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Technical-renovation projects (measure 一): one stream per project. The
 * plan counts projects of 5,000,000 元 total investment or more, that amount
 * included (500万元（含）以上).
 */

/** 500万元 in 分. */
export const FIVE_MILLION_YUAN = 500_000_000

export const TechRenovationProjectRegistered = defineEvent({
  type: 'TechRenovationProjectRegistered',
  version: 1,
  title: { zh: '技术改造项目开工入库', en: 'Technical-renovation project registered (started)' },
  data: (name: Wording) => Struct(name, {
    projectId: Identifier,
    name: Text(200),
    enterprise: Enterprise,
    sector: SectorCodec,
    town: TownCodec,
    totalInvestment: Fen,
  }),
  stream: keyedBy('project', (d) => [d.projectId]),
})

export const TechRenovationProjectCompleted = defineEvent({
  type: 'TechRenovationProjectCompleted',
  version: 1,
  title: { zh: '技术改造项目竣工', en: 'Technical-renovation project completed' },
  data: (name: Wording) => Struct(name, { projectId: Identifier }),
  stream: keyedBy('project', (d) => [d.projectId]),
})

export const projectEvents = [TechRenovationProjectRegistered, TechRenovationProjectCompleted] as const

type Registration = typeof TechRenovationProjectRegistered.data._A

export type ProjectFact =
  | Fact<'TechRenovationProjectRegistered', Registration>
  | Fact<'TechRenovationProjectCompleted', typeof TechRenovationProjectCompleted.data._A>

export interface ProjectState {
  readonly registration?: Registration
  readonly startedOn?: Day
  readonly completedOn?: Day
}

const fiveMillionPlus = (r: Registration): boolean => r.totalInvestment >= FIVE_MILLION_YUAN

export const project = defineAggregate<ProjectState, ProjectFact>({
  name: 'project',
  initial: {},
  evolve: (s, f) => {
    switch (f.type) {
      case 'TechRenovationProjectRegistered': {
        if (s.startedOn !== undefined) return reject(`此项目已登记，开工于 ${dayToIso(s.startedOn)} / the project was already registered, started on ${dayToIso(s.startedOn)}`)
        const at = { day: f.day, town: f.data.town, sector: f.data.sector }
        const out: Contribution[] = [{ metric: 'projects.investment', quantity: f.data.totalInvestment, ...at }]
        if (fiveMillionPlus(f.data)) out.push({ metric: 'projects.started.5m-plus', quantity: 1, ...at })
        return accept({ registration: f.data, startedOn: f.day }, out)
      }
      case 'TechRenovationProjectCompleted': {
        const r = s.registration
        if (r === undefined) return reject('此项目当时尚未登记开工，无法记录竣工，请先登记 / cannot complete a project that has not been registered as started by then; register it first')
        if (s.completedOn !== undefined) return reject(`此项目已于 ${dayToIso(s.completedOn)} 竣工 / the project was already completed, on ${dayToIso(s.completedOn)}`)
        const out: Contribution[] = fiveMillionPlus(r)
          ? [{ metric: 'projects.completed.5m-plus', quantity: 1, day: f.day, town: r.town, sector: r.sector }]
          : []
        return accept({ ...s, completedOn: f.day }, out)
      }
    }
  },
})
