import type { CertificationKind, CertificationLevel } from '@policy-ledger/core'
import { efficiencyGrades, FIVE_MILLION_YUAN } from '@policy-ledger/core'
import type { Random } from './random.js'
import { World, type Flow, type Occurrence } from './world.js'

/*
 * Industry (measures 一–三、五、二十): technical-renovation projects started
 * and completed, equipment replaced across the plan's sectors, production
 * lines assessed for energy efficiency and environmental performance and
 * reassessed as they are renovated, and the certifications enterprises earn.
 */

const keyIndustries: ReadonlyArray<readonly [string, number]> = [
  ['machinery', 30],
  ['building-materials', 22],
  ['light-industry', 20],
  ['textiles-apparel', 13],
  ['chemicals', 10],
  ['industry', 5],
]
const trades = ['石材', '机械', '纺织', '食品', '建材', '化工', '木业', '电子', '工艺品']

/** Who answers for equipment renewal in each sector (measures 一、八–十二). */
const sectorUnit: Readonly<Record<string, string>> = {
  industry: 'industry-it',
  chemicals: 'industry-it',
  'light-industry': 'industry-it',
  'building-materials': 'industry-it',
  'textiles-apparel': 'industry-it',
  machinery: 'industry-it',
  agriculture: 'agriculture-rural',
  construction: 'housing-construction',
  municipal: 'housing-construction',
  transport: 'transport',
  education: 'education-sports',
  'culture-tourism': 'culture-tourism',
  health: 'health',
  commerce: 'commerce',
  energy: 'development-reform',
}

const industrialTown = (w: World, r: Random): string => (r.chance(0.45) ? 'development-zone' : w.town(r))

const enterprise = (w: World, r: Random, town: string) => ({
  name: w.company(r, town, trades),
  ...(r.chance(0.8) ? { creditCode: w.creditCode(r) } : {}),
})

/** Total investment in 元 from `low` up to 40 times it, most of them near the low end. */
const investmentYuan = (r: Random, low: number, high: number): number => Math.min(high, Math.ceil((low * Math.exp(r.next() * Math.log(40))) / 10_000) * 10_000)

const energyLevels = ['below-baseline', 'baseline', 'benchmark'] as const
const envGrades = ['D', 'C', 'B', 'A'] as const

interface Line {
  readonly enterpriseId: string
  readonly lineId: string
  readonly enterprise: { readonly name: string; readonly creditCode?: string }
  readonly sector: string
  readonly town: string
  readonly capacity: string
  readonly capacityUnit: string
  energy: number
  env: number
}

interface Award {
  readonly kind: CertificationKind
  readonly subject: string
  /** a level to award, or none to revoke */
  readonly level?: CertificationLevel
}

/**
 * Certifications year by year: green factories at municipal level or above
 * reach 3 in 2025 and only 4 in 2027 (the plan asks 5); smart-manufacturing
 * sites reach 8; one digital workshop loses its title.
 */
const awards: Readonly<Record<number, ReadonlyArray<Award>>> = {
  2023: [
    { kind: 'green-factory', subject: 'G1', level: 'municipal' },
    { kind: 'smart-factory', subject: 'S1', level: 'county' },
    { kind: 'digital-workshop', subject: 'D1', level: 'county' },
    { kind: 'smart-agri-base', subject: 'A1', level: 'municipal' },
    { kind: 'green-factory', subject: 'G2', level: 'county' },
  ],
  2024: [
    { kind: 'green-factory', subject: 'G2', level: 'municipal' },
    { kind: 'pilot-base', subject: 'P1', level: 'municipal' },
    { kind: 'smart-scenario', subject: 'C1', level: 'county' },
    { kind: 'digital-workshop', subject: 'D2', level: 'municipal' },
    { kind: 'smart-factory', subject: 'S1', level: 'municipal' },
  ],
  2025: [
    { kind: 'green-factory', subject: 'G3', level: 'municipal' },
    { kind: 'smart-agri-base', subject: 'A1', level: 'provincial' },
    { kind: 'digital-workshop', subject: 'D3', level: 'county' },
    { kind: 'smart-scenario', subject: 'C2', level: 'municipal' },
    { kind: 'green-factory', subject: 'G1', level: 'provincial' },
  ],
  2026: [
    { kind: 'green-factory', subject: 'G4', level: 'municipal' },
    { kind: 'pilot-base', subject: 'P2', level: 'municipal' },
    { kind: 'smart-factory', subject: 'S2', level: 'county' },
    { kind: 'digital-workshop', subject: 'D1' },
    { kind: 'smart-agri-base', subject: 'A2', level: 'municipal' },
  ],
  2027: [
    { kind: 'smart-scenario', subject: 'C3', level: 'county' },
    { kind: 'smart-factory', subject: 'S3', level: 'municipal' },
    { kind: 'smart-agri-base', subject: 'A2', level: 'provincial' },
    { kind: 'green-factory', subject: 'G5', level: 'county' },
  ],
}

const certifier = (kind: CertificationKind): string =>
  kind === 'smart-agri-base' ? 'agriculture-rural' : kind === 'pilot-base' ? 'science-technology' : 'industry-it'

export const industryFlows = (): ReadonlyArray<Flow> => {
  /** projects started and not yet completed, oldest first */
  const open: string[] = []
  let nextToComplete = 0
  const lines: Line[] = []
  const subjects = new Map<string, { readonly name: string; readonly town: string }>()

  const started = (large: boolean) => (w: World, o: Occurrence) => {
    const r = o.random
    const town = industrialTown(w, r)
    const who = enterprise(w, r, town)
    const projectId = `JX-JG-${o.year}-${String(w.next('project')).padStart(5, '0')}`
    open.push(projectId)
    // the plan's threshold itself (500万元, 含) and one 分 below it, once each in 2025
    const edge = o.year === 2025 && o.index === 0
    const totalInvestment = large
      ? edge
        ? FIVE_MILLION_YUAN
        : investmentYuan(r, 5_000_000, 300_000_000) * 100
      : edge
        ? FIVE_MILLION_YUAN - 1
        : Math.min(investmentYuan(r, 500_000, 4_990_000), 4_990_000) * 100
    return [
      w.event(o, w.second(r), 'industry-it', 'TechRenovationProjectRegistered', {
        projectId,
        name: `${who.name.replace(/^嘉祥县|有限公司$/g, '')}${r.pick(['智能化改造', '数字化车间建设', '生产线技术改造', '节能降碳改造', '绿色化改造'])}项目`,
        enterprise: who,
        sector: r.weighted(keyIndustries),
        town,
        totalInvestment,
      }),
    ]
  }

  const assess = (w: World, o: Occurrence, line: Line) =>
    w.event(o, w.second(o.random, true), 'industry-it', 'ProductionCapacityAssessed', {
      enterpriseId: line.enterpriseId,
      lineId: line.lineId,
      enterprise: line.enterprise,
      sector: line.sector,
      town: line.town,
      capacity: line.capacity,
      capacityUnit: line.capacityUnit,
      energyLevel: energyLevels[line.energy] ?? 'baseline',
      envGrade: envGrades[line.env] ?? 'B',
    })

  return [
    {
      name: 'projects-5m-plus-started',
      kind: 'flow',
      events: 1,
      // 每年滚动实施100个: some years above, some below
      perYear: { 2022: 60, 2023: 95, 2024: 108, 2025: 112, 2026: 104, 2027: 98 },
      from: '2022-07-01',
      season: 'office',
      occur: started(true),
    },
    { name: 'projects-small-started', kind: 'flow', events: 1, perYear: { 2023: 50, 2024: 55, 2025: 60, 2026: 55, 2027: 50 }, season: 'office', occur: started(false) },
    {
      name: 'projects-completed',
      kind: 'flow',
      events: 1,
      perYear: { 2023: 100, 2024: 130, 2025: 150, 2026: 150, 2027: 150 },
      season: 'office',
      closing: true,
      occur: (w, o) => {
        const projectId = open[nextToComplete]
        if (projectId === undefined) return []
        nextToComplete++
        return [w.event(o, w.second(o.random, true), 'industry-it', 'TechRenovationProjectCompleted', { projectId })]
      },
    },
    {
      name: 'equipment-replaced',
      kind: 'flow',
      events: 1,
      perYear: { 2023: 800, 2024: 1000, 2025: 1100, 2026: 1000, 2027: 900 },
      season: 'office',
      lateShare: 0.003,
      occur: (w, o) => {
        const r = o.random
        const sector: string = r.weighted([
          ...keyIndustries,
          ['agriculture', 12],
          ['construction', 8],
          ['transport', 8],
          ['education', 6],
          ['culture-tourism', 4],
          ['health', 7],
          ['municipal', 4],
        ])
        const town = w.town(r)
        const quantity = r.int(1, 30)
        const unit = sectorUnit[sector] ?? 'industry-it'
        return [
          w.event(o, w.second(r), unit, 'EquipmentReplaced', {
            recordId: `JX-SB-${o.year}-${String(o.index + 1).padStart(6, '0')}`,
            ...(unit === 'industry-it' ? { enterprise: enterprise(w, r, town) } : {}),
            sector,
            town,
            quantity,
            investment: quantity * r.int(20_000, 800_000) * 100,
            // old equipment of grade 3 to 5 replaced by grade 1 or 2: never worse
            efficiencyBefore: efficiencyGrades[r.int(2, 4)] ?? 'grade-5',
            efficiencyAfter: efficiencyGrades[r.int(0, 1)] ?? 'grade-1',
          }),
        ]
      },
    },
    {
      // the baseline: key industries' lines assessed in 2023
      name: 'capacity-assessed',
      kind: 'stock',
      events: 1,
      perYear: { 2023: 300 },
      from: '2023-02-01',
      to: '2023-11-30',
      season: 'office',
      occur: (w, o) => {
        const r = o.random
        const sector = r.weighted(keyIndustries)
        const town = industrialTown(w, r)
        const line: Line = {
          enterpriseId: `JX-QY-${String(w.next('enterprise')).padStart(5, '0')}`,
          lineId: `L${r.int(1, 4)}`,
          enterprise: enterprise(w, r, town),
          sector,
          town,
          capacity: String(r.int(2, 400) * 500),
          capacityUnit: sector === 'machinery' ? '台(套)/年' : sector === 'textiles-apparel' ? '万件/年' : '吨/年',
          energy: r.weighted([[0, 15], [1, 58], [2, 27]]),
          env: r.weighted([[0, 10], [1, 30], [2, 45], [3, 15]]),
        }
        lines.push(line)
        return [assess(w, o, line)]
      },
    },
    {
      // renovated lines reassessed: a level up in energy efficiency, often a grade up in environmental performance
      name: 'capacity-reassessed',
      kind: 'stock',
      events: 1,
      perYear: { 2024: 40, 2025: 30, 2026: 20, 2027: 25 },
      season: 'office',
      occur: (w, o) => {
        const r = o.random
        const line = r.pick(lines)
        if (line === undefined) return []
        if (line.energy === 0 || r.chance(0.5)) line.energy = Math.min(2, line.energy + 1)
        if (r.chance(0.6)) line.env = Math.min(3, line.env + 1)
        return [assess(w, o, line)]
      },
    },
    {
      name: 'certifications',
      kind: 'fixed',
      events: 1,
      perYear: Object.fromEntries(Object.entries(awards).map(([y, list]) => [y, list.length])),
      season: 'office',
      occur: (w, o) => {
        const award = awards[o.year]?.[o.index]
        if (award === undefined) return []
        const key = `${award.kind}/${award.subject}`
        let subject = subjects.get(key)
        if (subject === undefined) {
          const r = w.random(`subject/${key}`)
          const town = award.kind === 'smart-agri-base' ? w.ruralTown(r) : industrialTown(w, r)
          subject = { name: award.kind === 'smart-agri-base' ? `嘉祥县${r.pick(['万亩小麦', '大蒜', '蔬菜', '生猪'])}智慧农业示范园` : w.company(r, town, trades), town }
          subjects.set(key, subject)
        }
        const subjectId = `JX-${award.subject}`
        const at = w.second(o.random)
        return [
          award.level === undefined
            ? w.event(o, at, certifier(award.kind), 'CertificationRevoked', { kind: award.kind, subjectId, reason: '复核未通过，撤销认定' })
            : w.event(o, at, certifier(award.kind), 'CertificationAwarded', {
                kind: award.kind,
                subjectId,
                subject: subject.name,
                level: award.level,
                town: subject.town,
                certificate: `${o.year}-${award.subject}-${award.level}`,
              }),
        ]
      },
    },
  ]
}
