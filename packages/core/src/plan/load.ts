import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { CalendarDate, Code, Enum, namedAs, NonEmptyString, PositiveCount, refined, Struct, toIssues, Year } from '../codecs.js'
import { planInvalid, type PlanInvalid } from '../errors.js'
import type { Issue } from '../issue.js'
import { definePlan, nationalVocabulary, type Plan, type PlanSpec, type Vocabulary } from './define.js'
import { TownKindCodec } from './catalogue.js'
import { TermCodec } from './formula.js'
import { unitKinds } from './indicators.js'

/*
 * A plan as data: the codec of a plan file (JSON) and `loadPlan`, which
 * decodes it and then checks it with `definePlan`. docs/plans.md explains
 * every field.
 */

const Finite = refined({ zh: '有限的数', en: 'a number' }, (u): u is number => typeof u === 'number' && Number.isFinite(u))
const Words = { zh: NonEmptyString, en: NonEmptyString }
const list = <C extends t.Mixed>(codec: C) => t.readonlyArray(codec)

/** A codec narrowed by a check of what it decoded: the reason a value that decodes still fails. */
const checked = <A>(codec: t.Type<A, A, unknown>, why: (a: A) => string | undefined): t.Type<A, A, unknown> =>
  namedAs(
    new t.Type<A, A, unknown>(
      codec.name,
      (u): u is A => codec.is(u) && why(u) === undefined,
      (u, c) =>
        pipe(
          codec.validate(u, c),
          E.flatMap((a) => {
            const reason = why(a)
            return reason === undefined ? t.success(a) : t.failure(u, c, reason)
          }),
        ),
      t.identity,
    ),
    codec,
  )

const comparators = ['gt', 'gte', 'about', 'eliminate', 'all', 'increase', 'milestone'] as const
const valued: ReadonlyArray<string> = ['gt', 'gte', 'about']

const TargetCodec = checked(
  Struct(
    { zh: '目标', en: 'a target' },
    { year: Year, word: NonEmptyString, comparator: Enum({ zh: '比较方式', en: 'a comparator' }, comparators) },
    { value: Finite, baselineYear: Year, scope: NonEmptyString, growth: Enum({ zh: '增长方式', en: 'a kind of growth' }, ['cumulative', 'annual'] as const) },
  ),
  (x) => {
    const needs = valued.includes(x.comparator)
    if (needs && x.value === undefined) return `目标 ${x.comparator} 须给出 value / a ${x.comparator} target needs a value`
    if (!needs && x.value !== undefined) return `目标 ${x.comparator} 由用词表达，不设 value / a ${x.comparator} target is carried by its word and has no value`
    if (!needs && x.growth !== undefined) return `增长方式只用于有数值的目标 / growth applies to targets with a value only`
    if (x.growth !== undefined && x.baselineYear === undefined) return `增长目标须给出 baselineYear / a growth target needs its baselineYear`
    return undefined
  },
)

const IndicatorCodec = Struct({ zh: '指标', en: 'an indicator' }, {
  id: NonEmptyString,
  ...Words,
  unit: Struct({ zh: '指标的计量单位', en: 'an indicator unit' }, { ...Words, kind: Enum({ zh: '计量单位类别', en: 'a unit kind' }, unitKinds) }),
  section: PositiveCount,
  measures: list(PositiveCount),
  planText: NonEmptyString,
  targets: list(TargetCodec),
  formula: TermCodec,
})

/** The plan file: what docs/plans.md describes, field by field. */
export const PlanFile = Struct({ zh: '方案', en: 'a plan' }, {
  code: NonEmptyString,
  title: Struct({ zh: '标题', en: 'a title' }, Words),
  document: NonEmptyString,
  issuedOn: CalendarDate,
  years: Struct({ zh: '方案年份', en: 'the plan years' }, { baseline: Year, start: Year, horizon: Year }),
  sections: list(Struct({ zh: '章节', en: 'a section' }, { number: PositiveCount, ...Words })),
  measures: list(Struct({ zh: '措施', en: 'a measure' }, { number: PositiveCount, ...Words, section: PositiveCount, lead: list(NonEmptyString), responsible: list(NonEmptyString) })),
  units: list(Struct({ zh: '单位', en: 'a unit' }, { code: Code, ...Words }, { aliases: list(NonEmptyString) })),
  towns: list(Struct({ zh: '镇街', en: 'a town' }, { code: Code, ...Words, kind: TownKindCodec })),
  sectors: list(Struct({ zh: '行业', en: 'a sector' }, { code: Code, ...Words }, { parent: Code })),
  indicators: list(IndicatorCodec),
}, {
  recording: Struct(
    { zh: '记录规则', en: 'the recording rules' },
    { byType: t.record(t.string, list(PositiveCount)) },
    { byStatistic: t.record(t.string, list(PositiveCount)), anyDepartment: Code, allTowns: Code },
  ),
})

/** A structural problem in Chinese, then io-ts's words in English. */
const inChinese = (i: Issue): Issue => (i.reason.includes(' / ') ? i : { ...i, reason: `不符合方案文件格式 / ${i.reason}` })

const parsed = (input: string | unknown): E.Either<PlanInvalid, unknown> => {
  if (typeof input !== 'string') return E.right(input)
  try {
    return E.right(JSON.parse(input) as unknown)
  } catch (thrown) {
    return E.left(planInvalid('(file)', [{ path: '(input)', reason: `不是有效的 JSON / not valid JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}` }]))
  }
}

/** The code a plan file gives itself, to name it in its problems before it has decoded. */
const codeOf = (u: unknown): string => {
  const code = typeof u === 'object' && u !== null ? (u as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : '(file)'
}

/**
 * A plan from its file: the text (JSON) or the value parsed from it,
 * decoded and checked, or every problem, each at its JSON path.
 */
export const loadPlan = (input: string | unknown, vocabulary: Vocabulary = nationalVocabulary): E.Either<PlanInvalid, Plan> =>
  pipe(
    parsed(input),
    E.flatMap((u) =>
      pipe(
        PlanFile.decode(u),
        E.mapLeft((errors) => planInvalid(codeOf(u), toIssues(errors).map(inChinese))),
        // the codec has checked every field, and a target's comparator and value together, as `Target` pairs them
        E.flatMap((spec) => definePlan(spec as unknown as PlanSpec, vocabulary)),
      ),
    ),
  )
