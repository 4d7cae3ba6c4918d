import type { Wording } from '../codecs.js'
import * as E from 'fp-ts/lib/Either.js'
import { codeKey, type SeriesCodes } from '../deltas.js'
import { planInvalid, type PlanInvalid } from '../errors.js'
import { registry } from '../events/index.js'
import { fedMetrics } from '../events/feeds.js'
import type { Issue } from '../issue.js'
import { metricByName, type Metric, type MetricKind } from '../metrics.js'
import type { Read } from '../projections/readings.js'
import { compile, metricLists, type Term } from './formula.js'
import type { Indicator } from './indicators.js'
import type { Section, Sector, Town, Unit } from './catalogue.js'
import { didYouMean } from './nearest.js'

/*
 * A plan as one value: who issued it and when, the years it runs over, its
 * sections and measures with the units that lead and answer for them, its
 * towns and sectors, and its indicators with their targets and formulas.
 * `definePlan` checks that it hangs together and builds its lookups once;
 * every problem names where it is and why, in Chinese and then in English.
 */

/**
 * Who may record what: the measures each kind of fact reports on (a unit
 * may record a fact of a measure it leads or answers for), and the units
 * that stand for many at once. Without it, any unit of the plan may record
 * any fact; a town's own unit, only facts of its own area, always.
 */
export interface RecordingRules {
  /** event type → the measures its facts report on; a type not named here no unit may record */
  readonly byType: Readonly<Record<string, ReadonlyArray<number>>>
  /** StatisticReported, by its statistic: the measures each statistic speaks to */
  readonly byStatistic?: Readonly<Record<string, ReadonlyArray<number>>>
  /** the unit that stands for every county department (县政府有关部门、单位): where a measure names it, any department may record */
  readonly anyDepartment?: string
  /** the unit that stands for every town at once (各镇街): each town records as its own unit in its stead, and it records nothing new */
  readonly allTowns?: string
}

/** The plan's years: the one growth is measured from (较2023年), its first year of work, and the last it sets targets for. */
export interface PlanYears {
  readonly baseline: number
  readonly start: number
  readonly horizon: number
}

export interface Measure {
  readonly number: number
  readonly zh: string
  readonly en: string
  /** the section it stands in */
  readonly section: number
  /** 牵头单位 and 责任单位, unit codes in the plan's order */
  readonly lead: ReadonlyArray<string>
  readonly responsible: ReadonlyArray<string>
}

export interface PlanSpec {
  /** a stable short code, e.g. jiaxiang-2024 */
  readonly code: string
  readonly title: Wording
  /** the document number, e.g. 嘉政发〔2024〕5号 */
  readonly document: string
  /** YYYY-MM-DD */
  readonly issuedOn: string
  readonly years: PlanYears
  readonly sections: ReadonlyArray<Section>
  readonly measures: ReadonlyArray<Measure>
  /** the departments and bodies its measures name */
  readonly units: ReadonlyArray<Unit>
  readonly towns: ReadonlyArray<Town>
  readonly sectors: ReadonlyArray<Sector>
  readonly indicators: ReadonlyArray<Indicator>
  readonly recording?: RecordingRules
}

/** An indicator of a plan, its formula compiled. */
export interface PlanIndicator extends Indicator {
  readonly read: Read
}

export interface Plan extends PlanSpec {
  readonly indicators: ReadonlyArray<PlanIndicator>
  readonly indicatorById: ReadonlyMap<string, PlanIndicator>
  readonly sectionByNumber: ReadonlyMap<number, Section>
  readonly measureByNumber: ReadonlyMap<number, Measure>
  /** every unit that records: the plan's units, then each town's own (town-<code>) */
  readonly recorders: ReadonlyArray<Unit>
  readonly unitByCode: ReadonlyMap<string, Unit>
  readonly townByCode: ReadonlyMap<string, Town>
  readonly sectorByCode: ReadonlyMap<string, Sector>
  /** the town a unit answers for as its area: each town's own unit, and a unit whose code is a town's (a development zone) */
  readonly areaOf: ReadonlyMap<string, string>
  /** the codes behind the keys of stored deltas */
  readonly codes: SeriesCodes
}

/** What a plan's formulas are checked against: the metrics by name, and those some event feeds. */
export interface Vocabulary {
  readonly metric: (name: string) => Metric | undefined
  readonly fed: ReadonlySet<string>
}

/** The national metric catalogue (metrics.ts), and the metrics the event catalogue feeds (events/feeds.ts). */
export const nationalVocabulary: Vocabulary = { metric: (name) => metricByName.get(name), fed: fedMetrics }

const problem = (path: string, zh: string, en: string): Issue => ({ path, reason: `${zh} / ${en}` })

/** Values of `key` that stand more than once in `xs`: each repeat, at its path. */
const repeats = <A>(xs: ReadonlyArray<A>, at: string, key: keyof A & string, what: Wording): Issue[] => {
  const first = new Map<unknown, number>()
  return xs.flatMap((x, i) => {
    const value = x[key]
    const before = first.get(value)
    if (before === undefined) {
      first.set(value, i)
      return []
    }
    const shown = JSON.stringify(value)
    return [problem(`${at}[${i}].${key}`, `${what.zh} ${shown} 与 ${at}[${before}] 重复`, `${what.en} ${shown} is already that of ${at}[${before}]`)]
  })
}

const yearsProblems = (y: PlanYears): Issue[] =>
  y.baseline < y.start && y.start <= y.horizon
    ? []
    : [problem('years', `基期 ${y.baseline}、起始 ${y.start}、目标年 ${y.horizon} 须依次递增（基期早于起始年）`, `the baseline (${y.baseline}) must come before the start (${y.start}), and the start no later than the horizon (${y.horizon})`)]

const measureProblems = (spec: PlanSpec): Issue[] => {
  const units = spec.units.map((u) => u.code)
  const sections = new Set(spec.sections.map((s) => s.number))
  return spec.measures.flatMap((m, i) => [
    ...(sections.has(m.section)
      ? []
      : [problem(`measures[${i}].section`, `第${m.section}部分不在本方案的部分之中`, `section ${m.section} is not one of the plan's sections`)]),
    ...(['lead', 'responsible'] as const).flatMap((role) =>
      m[role].flatMap((code, j) => {
        if (units.includes(code)) return []
        const near = didYouMean(code, units)
        return [problem(`measures[${i}].${role}[${j}]`, `'${code}' 不是 ${spec.document} 的单位${near.zh}`, `'${code}' is not a unit of ${spec.document}${near.en}`)]
      }),
    ),
  ])
}

/** A unit no measure names has nothing to lead or answer for: most likely a slip in its code or in a measure's. */
const idleUnits = (spec: PlanSpec): Issue[] => {
  const named = new Set(spec.measures.flatMap((m) => [...m.lead, ...m.responsible]))
  return spec.units.flatMap((u, i) =>
    named.has(u.code) ? [] : [problem(`units[${i}].code`, `单位 '${u.code}'（${u.zh}）不牵头也不负责任何措施`, `unit '${u.code}' (${u.en}) leads and answers for no measure`)],
  )
}

/** A metric a formula names: known, fed by some event, and of the kind of the others it is read with. */
const formulaProblems = (formula: Term, at: string, vocabulary: Vocabulary, plan: PlanSpec): Issue[] => {
  const known = [...metricByName.keys()].filter((n) => vocabulary.metric(n) !== undefined)
  const metricProblems = metricLists(formula, at).flatMap((list) => {
    const found = list.metrics.flatMap(({ path, name }): ReadonlyArray<E.Either<Issue, MetricKind>> => {
      const metric = vocabulary.metric(name)
      if (metric === undefined) {
        const near = didYouMean(name, known)
        return [E.left(problem(path, `'${name}' 不是已知的指标口径（metric）${near.zh}`, `'${name}' is not a known metric${near.en}`))]
      }
      return vocabulary.fed.has(name)
        ? [E.right(metric.kind)]
        : [E.left(problem(path, `没有任何事件为 '${name}' 计数，该公式将永无数据`, `no event feeds '${name}': the formula would never have data`))]
    })
    const kinds = new Set(found.flatMap((k) => (E.isRight(k) ? [k.right] : [])))
    return [
      ...found.flatMap((k) => (E.isLeft(k) ? [k.left] : [])),
      ...(list.metrics.length === 0 ? [problem(list.path, '口径列表为空', 'the list names no metric')] : []),
      ...(kinds.size > 1 ? [problem(list.path, `同一列表中的口径须为同一类（${[...kinds].join('、')}）`, `the metrics of one list must be of one kind, not ${[...kinds].join(' and ')}`)] : []),
    ]
  })
  return [...metricProblems, ...caseProblems(formula, at, plan)]
}

/** A by-year switch: cases in rising years within the plan's, the last without `until`. */
const caseProblems = (formula: Term, at: string, plan: PlanSpec): Issue[] => {
  if ('share' in formula) return [...caseProblems(formula.share.of, `${at}.share.of`, plan), ...caseProblems(formula.share.over, `${at}.share.over`, plan)]
  if ('ratio' in formula) return [...caseProblems(formula.ratio.of, `${at}.ratio.of`, plan), ...caseProblems(formula.ratio.over, `${at}.ratio.over`, plan)]
  if ('growth-over-baseline' in formula) return caseProblems(formula['growth-over-baseline'], `${at}["growth-over-baseline"]`, plan)
  if ('compound-annual-growth' in formula) return caseProblems(formula['compound-annual-growth'], `${at}["compound-annual-growth"]`, plan)
  if ('coverage' in formula)
    return plan.towns.some((x) => formula.coverage.of.includes(x.kind))
      ? []
      : [problem(`${at}.coverage.of`, '本方案没有这些类别的镇街', `the plan has no towns of the kinds ${formula.coverage.of.join(', ')}`)]
  if (!('byYear' in formula)) return []
  const cases = formula.byYear
  const last = cases.length - 1
  return [
    ...(cases.length === 0 ? [problem(`${at}.byYear`, '按年份切换至少需要一项', 'a by-year switch needs at least one case')] : []),
    ...cases.flatMap((c, i) => {
      const path = `${at}.byYear[${i}]`
      const before = cases[i - 1]?.until
      const own =
        i === last
          ? c.until === undefined
            ? []
            : [problem(`${path}.until`, '最后一项不设 until：自上一项之后一直适用', 'the last case has no until: it holds from the case before on')]
          : c.until === undefined
            ? [problem(`${path}.until`, '除最后一项外每项都须给出 until 年份', 'every case but the last needs an until year')]
            : (before !== undefined && c.until <= before) || c.until < plan.years.baseline || c.until >= plan.years.horizon
              ? [problem(`${path}.until`, `until ${c.until} 须在方案年份之内并逐项递增`, `until ${c.until} must lie within the plan's years, and rise from case to case`)]
              : []
      return [...own, ...caseProblems(c.term, `${path}.term`, plan)]
    }),
  ]
}

const indicatorProblems = (spec: PlanSpec, vocabulary: Vocabulary): Issue[] => {
  const sections = new Set(spec.sections.map((s) => s.number))
  const measures = new Set(spec.measures.map((m) => m.number))
  const { start, horizon } = spec.years
  return spec.indicators.flatMap((x, i) => {
    const at = `indicators[${i}]`
    return [
      ...(sections.has(x.section) ? [] : [problem(`${at}.section`, `第${x.section}部分不在本方案的部分之中`, `section ${x.section} is not one of the plan's sections`)]),
      ...x.measures.flatMap((n, j) =>
        measures.has(n) ? [] : [problem(`${at}.measures[${j}]`, `措施（${n}）不在本方案的措施之中`, `measure ${n} is not one of the plan's measures`)],
      ),
      ...x.targets.flatMap((target, j) =>
        target.year >= start && target.year <= horizon
          ? []
          : [problem(`${at}.targets[${j}].year`, `目标年份 ${target.year} 不在方案年份 ${start}–${horizon} 之内`, `the target year ${target.year} is outside the plan's years, ${start}–${horizon}`)],
      ),
      ...formulaProblems(x.formula, `${at}.formula`, vocabulary, spec),
    ]
  })
}

/** A unit of the plan may not take the code a town's own unit records under. */
const townUnitClashes = (spec: PlanSpec): Issue[] => {
  const own = new Set(townUnits(spec.towns).map((u) => u.code))
  return spec.units.flatMap((u, i) =>
    own.has(u.code) ? [problem(`units[${i}].code`, `单位代码 '${u.code}' 是一个镇街自身的单位代码`, `the unit code '${u.code}' is that of a town's own unit`)] : [],
  )
}

/** Two codes of one kind whose keys (`codeKey`) agree would count as one in the tally: a plan must rename one. */
const keyClashes = (codes: ReadonlyArray<string>, at: string): Issue[] => {
  const first = new Map<number, string>()
  return codes.flatMap((code) => {
    const key = codeKey(code)
    const other = first.get(key)
    if (other === undefined || other === code) {
      first.set(key, code)
      return []
    }
    return [problem(at, `代码 '${code}' 与 '${other}' 的键相同，请改用另一个代码`, `the codes '${code}' and '${other}' share a key: give one another code`)]
  })
}

const measureList = (numbers: ReadonlyArray<number>, at: string, measures: ReadonlySet<number>): Issue[] =>
  numbers.flatMap((n, j) => (measures.has(n) ? [] : [problem(`${at}[${j}]`, `措施（${n}）不在本方案的措施之中`, `measure ${n} is not one of the plan's measures`)]))

const recordingProblems = (spec: PlanSpec): Issue[] => {
  const r = spec.recording
  if (r === undefined) return []
  const measures = new Set(spec.measures.map((m) => m.number))
  const units = spec.units.map((u) => u.code)
  const unitProblem = (code: string | undefined, at: string): Issue[] => {
    if (code === undefined || units.includes(code)) return []
    const near = didYouMean(code, units)
    return [problem(at, `'${code}' 不是 ${spec.document} 的单位${near.zh}`, `'${code}' is not a unit of ${spec.document}${near.en}`)]
  }
  const types = [...registry.keys()]
  return [
    ...Object.entries(r.byType).flatMap(([type, numbers]) => {
      const at = `recording.byType.${type}`
      if (!registry.has(type)) {
        const near = didYouMean(type, types)
        return [problem(at, `'${type}' 不是已知的事件类型${near.zh}`, `'${type}' is not a known event type${near.en}`)]
      }
      return measureList(numbers, at, measures)
    }),
    ...Object.entries(r.byStatistic ?? {}).flatMap(([statistic, numbers]) => measureList(numbers, `recording.byStatistic.${statistic}`, measures)),
    ...unitProblem(r.anyDepartment, 'recording.anyDepartment'),
    ...unitProblem(r.allTowns, 'recording.allTowns'),
  ]
}

/** Every problem of a plan, in the order of its parts. */
const problemsOf = (spec: PlanSpec, vocabulary: Vocabulary): Issue[] => [
  ...yearsProblems(spec.years),
  ...repeats(spec.sections, 'sections', 'number', { zh: '部分编号', en: 'the section number' }),
  ...repeats(spec.measures, 'measures', 'number', { zh: '措施编号', en: 'the measure number' }),
  ...measureProblems(spec),
  ...repeats(spec.units, 'units', 'code', { zh: '单位代码', en: 'the unit code' }),
  ...idleUnits(spec),
  ...repeats(spec.towns, 'towns', 'code', { zh: '镇街代码', en: 'the town code' }),
  ...townUnitClashes(spec),
  ...keyClashes([...spec.units, ...townUnits(spec.towns)].map((u) => u.code), 'units'),
  ...keyClashes(spec.towns.map((x) => x.code), 'towns'),
  ...repeats(spec.sectors, 'sectors', 'code', { zh: '行业代码', en: 'the sector code' }),
  ...keyClashes(spec.sectors.map((x) => x.code), 'sectors'),
  ...repeats(spec.indicators, 'indicators', 'id', { zh: '指标编号', en: 'the indicator id' }),
  ...indicatorProblems(spec, vocabulary),
  ...recordingProblems(spec),
]

/** Each town, subdistrict and township records as its own unit, `town-<code>`; a development zone is one body already, a unit of the plan. */
const townUnits = (towns: ReadonlyArray<Town>): ReadonlyArray<Unit> =>
  towns.filter((x) => x.kind !== 'development-zone').map((x) => ({ code: `town-${x.code}`, zh: x.zh, en: x.en }))

const byCodeKey = (xs: ReadonlyArray<{ readonly code: string }>): ReadonlyMap<number, string> => new Map(xs.map((x) => [codeKey(x.code), x.code]))

const byKey = <A, K>(xs: ReadonlyArray<A>, key: (a: A) => K): ReadonlyMap<K, A> => new Map(xs.map((x) => [key(x), x]))

/** A plan checked and made ready to read: its formulas compiled and its lookups built, or every problem found. */
export const definePlan = (spec: PlanSpec, vocabulary: Vocabulary = nationalVocabulary): E.Either<PlanInvalid, Plan> => {
  const problems = problemsOf(spec, vocabulary)
  if (problems.length > 0) return E.left(planInvalid(spec.code, problems))
  const read = compile({ years: spec.years, towns: spec.towns, metric: vocabulary.metric })
  const indicators = spec.indicators.map((x): PlanIndicator => ({ ...x, read: read(x.formula) }))
  const recorders = [...spec.units, ...townUnits(spec.towns)]
  const towns = new Set(spec.towns.map((x) => x.code))
  const areaOf = new Map([
    ...spec.towns.filter((x) => x.kind !== 'development-zone').map((x): [string, string] => [`town-${x.code}`, x.code]),
    ...spec.units.filter((u) => towns.has(u.code)).map((u): [string, string] => [u.code, u.code]),
  ])
  return E.right({
    ...spec,
    indicators,
    indicatorById: byKey(indicators, (x) => x.id),
    sectionByNumber: byKey(spec.sections, (s) => s.number),
    measureByNumber: byKey(spec.measures, (m) => m.number),
    recorders,
    unitByCode: byKey(recorders, (u) => u.code),
    townByCode: byKey(spec.towns, (x) => x.code),
    sectorByCode: byKey(spec.sectors, (s) => s.code),
    areaOf,
    codes: { town: byCodeKey(spec.towns), unit: byCodeKey(recorders), sector: byCodeKey(spec.sectors) },
  })
}

const unique = <A>(xs: ReadonlyArray<A>): ReadonlyArray<A> => [...new Set(xs)]

/**
 * The units that answer for an indicator: the lead and responsible units of
 * its measures, each once, in the plan's order. A unit that leads one of the
 * measures is listed as lead only.
 */
export const accountableUnits =
  (plan: Pick<Plan, 'measureByNumber'>) =>
  (indicator: Pick<Indicator, 'measures'>): { readonly lead: ReadonlyArray<string>; readonly responsible: ReadonlyArray<string> } => {
    const of = indicator.measures.flatMap((n) => {
      const measure = plan.measureByNumber.get(n)
      return measure === undefined ? [] : [measure]
    })
    const lead = unique(of.flatMap((m) => m.lead))
    return { lead, responsible: unique(of.flatMap((m) => m.responsible)).filter((u) => !lead.includes(u)) }
  }
