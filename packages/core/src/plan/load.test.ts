import { readFileSync } from 'node:fs'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { PlanInvalid } from '../errors.js'
import { fedMetrics } from '../events/feeds.js'
import { metricByName, metrics } from '../metrics.js'
import { nationalVocabulary } from './define.js'
import { loadPlan } from './load.js'
import { editDistance, nearest } from './nearest.js'

/*
 * A plan file is checked whole when it loads: each problem names its JSON
 * path and says why, in Chinese and then in English, with the code meant
 * where a code is a slip away from one the plan has.
 */

const example = readFileSync(new URL('../../../../docs/plans/example-plan.json', import.meta.url), 'utf8')
// a plan file as these tests spoil it, field by field
type Json = any
const fresh = (): Json => JSON.parse(example) as Json

const problemsOf = (file: unknown, vocabulary = nationalVocabulary): PlanInvalid['issues'] => {
  const r = loadPlan(file, vocabulary)
  if (E.isRight(r)) throw new Error('the plan loaded, but should not have')
  expect(r.left.code).toBe('PLAN_INVALID')
  return r.left.issues
}

/** The one problem at `path`; every reason is Chinese, then " / ", then English. */
const problemAt = (file: unknown, path: string, vocabulary = nationalVocabulary): string => {
  const issues = problemsOf(file, vocabulary)
  for (const i of issues) expect(i.reason, i.path).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ [A-Za-z'"]/)
  const found = issues.filter((i) => i.path === path)
  expect(found.map((i) => i.path), JSON.stringify(issues)).toEqual([path])
  return found[0]?.reason ?? ''
}

describe('loadPlan', () => {
  it('loads the example of docs/plans.md, its lookups built and its formulas compiled', () => {
    const plan = loadPlan(example)
    if (E.isLeft(plan)) throw new Error(plan.left.message)
    expect(plan.right.indicators.map((x) => x.id)).toEqual(fresh().indicators.map((x: Json) => x.id))
    expect(plan.right.indicatorById.get('vehicles.nev-fleet')?.read).toBeTypeOf('function')
    expect(plan.right.unitByCode.get('town-macun')?.zh).toBe('东镇')
    expect(plan.right.measureByNumber.get(2)?.lead).toEqual(['energy'])
  })

  it('refuses text that is not JSON, naming the input', () => {
    expect(problemsOf('{"code": ')[0]?.path).toBe('(input)')
  })

  it('refuses a field missing or of the wrong shape at its path', () => {
    const f = fresh()
    delete f.title
    f.years.start = 'soon'
    const paths = problemsOf(f).map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['title', 'years.start']))
  })

  it('names a misspelt lead unit and the unit meant', () => {
    const f = fresh()
    f.measures[0].lead = ['public-securty']
    const reason = problemAt(f, 'measures[0].lead[0]')
    expect(reason).toContain("是否指 'public-security'？")
    expect(reason).toContain("did you mean 'public-security'?")
  })

  it('names a misspelt responsible unit too, and offers nothing where no code is near', () => {
    const f = fresh()
    f.measures[1].responsible = ['ministry-of-magic']
    expect(problemAt(f, 'measures[1].responsible[0]')).not.toContain('did you mean')
  })

  it('names a metric no catalogue has, and the one meant', () => {
    const f = fresh()
    f.indicators[0].formula = { stock: ['vehicles.nev.in-servise'] }
    expect(problemAt(f, 'indicators[0].formula.stock[0]')).toContain("did you mean 'vehicles.nev.in-service'?")
  })

  it('refuses a formula over a metric no event feeds', () => {
    // every metric of the national catalogue is fed today; a catalogue with one that is not shows the check
    const fed = new Set([...fedMetrics].filter((m) => m !== 'charging.public-piles.in-service'))
    const reason = problemAt(fresh(), 'indicators[2].formula.coverage.metric', { ...nationalVocabulary, fed })
    expect(reason).toContain('no event feeds')
    expect([...metrics.map((m) => m.name)].every((m) => fedMetrics.has(m))).toBe(true)
  })

  it('refuses a term the vocabulary does not have, and one whose lists mix kinds of metric', () => {
    const f = fresh()
    f.indicators[0].formula = { stok: ['vehicles.nev.in-service'] }
    f.indicators[1].formula = { flow: ['vehicles.used-car-trades', 'vehicles.used-car-exports.value'] }
    const issues = problemsOf(f)
    expect(issues.map((i) => i.path)).toEqual(['indicators[0].formula'])
    const g = fresh()
    g.indicators[1].formula = { flow: ['vehicles.used-car-trades', 'vehicles.used-car-exports.value'] }
    expect(problemAt(g, 'indicators[1].formula.flow')).toContain('one kind')
  })

  it('refuses a target year outside the plan’s years', () => {
    const f = fresh()
    f.indicators[0].targets[0].year = 2030
    expect(problemAt(f, 'indicators[0].targets[0].year')).toContain('2024–2026')
  })

  it('refuses two indicators with one id', () => {
    const f = fresh()
    f.indicators[2].id = f.indicators[0].id
    expect(problemAt(f, 'indicators[2].id')).toContain('indicators[0]')
  })

  it('refuses a unit that leads and answers for no measure', () => {
    const f = fresh()
    f.units.push({ code: 'idle', zh: '闲置局', en: 'Idle Bureau' })
    expect(problemAt(f, 'units[3].code')).toContain('leads and answers for no measure')
  })

  it('refuses two towns with one code, a unit with the code of a town’s own unit, a code not of the codes’ form, and the key a plan file no longer gives', () => {
    const f = fresh()
    f.towns[2].code = f.towns[0].code
    expect(problemAt(f, 'towns[2].code')).toContain('towns[0]')
    const g = fresh()
    g.units[0].code = `town-${g.towns[1].code}`
    g.measures[0].lead = [g.units[0].code]
    expect(problemsOf(g).map((i) => i.path)).toContain('units[0].code')
    const h = fresh()
    h.towns[1].code = 'East Town'
    expect(problemAt(h, 'towns[1].code')).toContain('lower-case letters and digits')
    const k = fresh()
    k.towns[1].key = 2
    expect(problemAt(k, 'towns[1].key')).toBe('不是镇街的字段 / not a field of a town')
    const m = fresh()
    m.towns[1] = 'macun'
    expect(problemAt(m, 'towns[1]')).toBe('应为镇街，收到 "macun" / expected a town, got "macun"')
  })

  it('refuses recording rules that name an event type or a measure or a unit it does not have', () => {
    const f = fresh()
    f.recording = { byType: { VehicleRegisterd: [1], UsedCarTraded: [99] }, anyDepartment: 'nobody' }
    expect(problemAt(f, 'recording.byType.VehicleRegisterd')).toContain("did you mean 'VehicleRegistered'")
    expect(problemAt(f, 'recording.byType.UsedCarTraded[0]')).toContain('measure 99')
    expect(problemAt(f, 'recording.anyDepartment')).toContain("'nobody' is not a unit")
  })

  it('refuses a measure in a section the plan does not have', () => {
    const f = fresh()
    f.measures[1].section = 7
    expect(problemAt(f, 'measures[1].section')).toContain('section 7')
  })

  it('refuses a by-year switch whose last case has an until, or whose years fall', () => {
    const f = fresh()
    const term = { stock: ['vehicles.nev.in-service'] }
    f.indicators[0].formula = { byYear: [{ until: 2025, term }, { until: 2024, term }] }
    const paths = problemsOf(f).map((i) => i.path)
    expect(paths).toEqual(['indicators[0].formula.byYear[1].until'])
  })

  it('lists every problem of a file at once', () => {
    const f = fresh()
    f.measures[0].lead = ['public-securty']
    f.indicators[0].targets[0].year = 2030
    f.indicators[2].id = f.indicators[0].id
    // the unit misspelt is left leading nothing: both are said
    expect(problemsOf(f).map((i) => i.path)).toEqual(['measures[0].lead[0]', 'units[0].code', 'indicators[2].id', 'indicators[0].targets[0].year'])
  })
})

describe('did you mean', () => {
  const codes = [...metricByName.keys()]
  const word = fc.string({ maxLength: 12 })

  it('measures edits as a distance: zero only to itself, symmetric, and within the triangle (property)', () => {
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, b) === 0).toBe(a === b)
        expect(editDistance(a, b)).toBe(editDistance(b, a))
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c))
      }),
    )
  })

  it('offers, for one slip in a code, a code one edit from it (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.nat(), fc.constantFrom('', 'x', 'q'), (code, at, letter) => {
        const i = at % code.length
        const typo = `${code.slice(0, i)}${letter}${code.slice(i + 1)}`
        const offered = nearest(typo, codes)
        expect(offered === undefined ? Infinity : editDistance(offered, typo)).toBeLessThanOrEqual(editDistance(code, typo))
      }),
    )
  })
})
