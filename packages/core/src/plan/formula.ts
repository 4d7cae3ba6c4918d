import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Struct, Year } from '../codecs.js'
import type { Metric, MetricKind, MetricName } from '../metrics.js'
import {
  byYear,
  compoundGrowthSince,
  coverage,
  cumulativeSince,
  flow,
  growthOver,
  milestone,
  per,
  ratio,
  share,
  stock,
  underWay,
  withinWindow,
  type Read,
} from '../projections/readings.js'
import { TownKindCodec, type Town, type TownKind } from './catalogue.js'

/*
 * The formula vocabulary: how an indicator is read from the tally, as data
 * a plan file can hold. Each term is an object with one key, its name; it
 * compiles to the readings of readings.ts and to nothing else. What each
 * term reads is written out in docs/indicators.md, "公式词汇 / The formula
 * vocabulary".
 */

/** One reading over another: 占比 (×100) or 比值. */
export interface Quotient {
  readonly of: Term
  readonly over: Term
}

/** A term for the years up to `until` (included); the last has none and holds from then on. */
export interface YearCase {
  readonly until?: number
  readonly term: Term
}

export type Term =
  | { readonly flow: ReadonlyArray<string> }
  | { readonly stock: ReadonlyArray<string> }
  | { readonly statistic: ReadonlyArray<string> }
  | { readonly 'cumulative-since-start': ReadonlyArray<string> }
  | { readonly share: Quotient }
  | { readonly ratio: Quotient }
  | { readonly 'growth-over-baseline': Term }
  | { readonly 'compound-annual-growth': Term }
  | { readonly coverage: { readonly metric: string; readonly of: ReadonlyArray<TownKind> } }
  | { readonly 'under-way': { readonly started: string; readonly completed: string } }
  | { readonly milestone: string }
  | { readonly byYear: ReadonlyArray<YearCase> }

export type TermName = Term extends infer T ? (T extends unknown ? keyof T : never) : never


const metricName = t.string
const metricList = t.readonlyArray(metricName)

// the codecs of each term's body, by its name; `Term` itself is recursive
const bodies = (term: t.Type<Term, Term, unknown>): Readonly<Record<TermName, t.Mixed>> => {
  const quotient = Struct({ zh: '商 { "of": 项, "over": 项 }', en: 'a quotient { "of": term, "over": term }' }, { of: term, over: term })
  return {
    flow: metricList,
    stock: metricList,
    statistic: metricList,
    'cumulative-since-start': metricList,
    share: quotient,
    ratio: quotient,
    'growth-over-baseline': term,
    'compound-annual-growth': term,
    coverage: Struct({ zh: '覆盖率 { "metric": 名称, "of": [镇街类别] }', en: 'a coverage { "metric": name, "of": [kinds of town] }' }, { metric: metricName, of: t.readonlyArray(TownKindCodec) }),
    'under-way': Struct({ zh: '在建项目 { "started": 名称, "completed": 名称 }', en: 'projects under way { "started": name, "completed": name }' }, { started: metricName, completed: metricName }),
    milestone: metricName,
    byYear: t.readonlyArray(Struct({ zh: '分段 { "until"?: 年份, "term": 项 }', en: 'a case { "until"?: year, "term": term }' }, { term }, { until: Year })),
  }
}

export const termNames: ReadonlyArray<TermName> = [
  'flow',
  'stock',
  'statistic',
  'cumulative-since-start',
  'share',
  'ratio',
  'growth-over-baseline',
  'compound-annual-growth',
  'coverage',
  'under-way',
  'milestone',
  'byYear',
]

const isTermName = (k: string): k is TermName => (termNames as ReadonlyArray<string>).includes(k)

/** A term: an object with exactly one key, a name of the vocabulary, whose body its codec checks. */
export const TermCodec: t.Type<Term, Term, unknown> = t.recursion('a formula term', (self) => {
  const byName = bodies(self)
  return new t.Type<Term, Term, unknown>(
    'a formula term',
    (u): u is Term => E.isRight(self.validate(u, [])),
    (u, c) => {
      const keys = typeof u === 'object' && u !== null && !Array.isArray(u) ? Object.keys(u) : []
      const [name] = keys
      if (keys.length !== 1 || name === undefined)
        return t.failure(u, c, `应为只有一个键的公式项（${termNames.join('、')}） / expected a formula term: an object with one key, one of ${termNames.join(', ')}`)
      if (!isTermName(name)) return t.failure(u, c, `'${name}' 不是公式词汇中的项 / '${name}' is not a term of the formula vocabulary (${termNames.join(', ')})`)
      const body = (u as Record<string, unknown>)[name]
      const codec = byName[name]
      return E.map(() => u as Term)(codec.validate(body, [...c, { key: name, type: codec, actual: body }]))
    },
    t.identity,
  )
})

/** A metric a term names, with the path to it from the plan's root. */
export interface MetricRef {
  readonly path: string
  readonly name: string
}

/** Metrics read as one quantity (a list of them, or one alone), at their place. */
export interface MetricList {
  readonly path: string
  readonly metrics: ReadonlyArray<MetricRef>
}

const list = (path: string, names: ReadonlyArray<string>): MetricList => ({ path, metrics: names.map((name, j) => ({ path: `${path}[${j}]`, name })) })
const one = (path: string, name: string): MetricList => ({ path, metrics: [{ path, name }] })

/** The metrics a term reads, list by list, with their paths below `at`: what a plan checks against the metric catalogue. */
export const metricLists = (term: Term, at: string): ReadonlyArray<MetricList> => {
  if ('flow' in term) return [list(`${at}.flow`, term.flow)]
  if ('stock' in term) return [list(`${at}.stock`, term.stock)]
  if ('statistic' in term) return [list(`${at}.statistic`, term.statistic)]
  if ('cumulative-since-start' in term) return [list(`${at}["cumulative-since-start"]`, term['cumulative-since-start'])]
  if ('share' in term) return [...metricLists(term.share.of, `${at}.share.of`), ...metricLists(term.share.over, `${at}.share.over`)]
  if ('ratio' in term) return [...metricLists(term.ratio.of, `${at}.ratio.of`), ...metricLists(term.ratio.over, `${at}.ratio.over`)]
  if ('growth-over-baseline' in term) return metricLists(term['growth-over-baseline'], `${at}["growth-over-baseline"]`)
  if ('compound-annual-growth' in term) return metricLists(term['compound-annual-growth'], `${at}["compound-annual-growth"]`)
  if ('coverage' in term) return [one(`${at}.coverage.metric`, term.coverage.metric)]
  if ('under-way' in term) return [one(`${at}["under-way"].started`, term['under-way'].started), one(`${at}["under-way"].completed`, term['under-way'].completed)]
  if ('milestone' in term) return [one(`${at}.milestone`, term.milestone)]
  return term.byYear.flatMap((c, i) => metricLists(c.term, `${at}.byYear[${i}].term`))
}

/** What a compiled term is read against: the plan's years and towns, and the metrics by name. */
export interface FormulaContext {
  readonly years: { readonly baseline: number; readonly start: number }
  readonly towns: ReadonlyArray<Town>
  readonly metric: (name: string) => Metric | undefined
}

/** The divisor that reads a metric's integers in the indicator's unit: 分 as 元, scaled decimals as decimals. */
const divisorOf: Readonly<Record<MetricKind, number>> = { count: per.count, fen: per.fen, scaled: per.scaled }

/**
 * A term as a reading. The metrics must be known to the context and those
 * of one list of one kind (definePlan has checked both); the kind of the
 * first fixes how the list is read.
 */
export const compile =
  (context: FormulaContext) =>
  (term: Term): Read => {
    const go = compile(context)
    const names = (xs: ReadonlyArray<string>) => xs as ReadonlyArray<MetricName>
    const divisor = (xs: ReadonlyArray<string>) => divisorOf[context.metric(xs[0] ?? '')?.kind ?? 'count']
    if ('flow' in term) return flow(names(term.flow), divisor(term.flow))
    if ('stock' in term) return stock(names(term.stock), divisor(term.stock))
    // a statistic is reported once for its year: not a count that builds up through it
    if ('statistic' in term) return withinWindow(names(term.statistic), divisor(term.statistic))
    if ('cumulative-since-start' in term) {
      const xs = term['cumulative-since-start']
      return cumulativeSince(context.years.start, names(xs), divisor(xs))
    }
    if ('share' in term) return share(go(term.share.of), go(term.share.over))
    if ('ratio' in term) return ratio(go(term.ratio.of), go(term.ratio.over))
    if ('growth-over-baseline' in term) return growthOver(context.years.baseline, go(term['growth-over-baseline']))
    if ('compound-annual-growth' in term) return compoundGrowthSince(context.years.baseline, go(term['compound-annual-growth']))
    if ('coverage' in term) {
      const { metric, of } = term.coverage
      return coverage(metric as MetricName, context.towns.filter((x) => of.includes(x.kind)).map((x) => x.code))
    }
    if ('under-way' in term) return underWay(term['under-way'].started as MetricName, term['under-way'].completed as MetricName)
    if ('milestone' in term) return milestone(term.milestone as MetricName)
    const cases = term.byYear.map((c) => ({ until: c.until ?? Number.POSITIVE_INFINITY, read: go(c.term) }))
    const last = cases[cases.length - 1]?.read
    return byYear((year) => cases.find((c) => year <= c.until)?.read ?? (last as Read))
  }
