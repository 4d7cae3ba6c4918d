import { readFileSync } from 'node:fs'
import {
  accountableUnits as accountableIn,
  registry,
  statistics,
  zhNumeral,
  type Indicator,
  type Target,
} from '@policy-ledger/core'
import { describe, expect, it } from 'vitest'
import { jiaxiang2024 } from './index.js'

/*
 * plan.json checked against the plan itself (docs/plan/jiaxiang-plan-2024.txt)
 * and against the reading of its indicators (docs/plan/indicators.md).
 */
const docs = new URL('../../../docs/plan/', import.meta.url)
const plan = readFileSync(new URL('jiaxiang-plan-2024.txt', docs), 'utf8')
const reading = readFileSync(new URL('indicators.md', docs), 'utf8')
const lines = plan.split('\n').map((line) => line.trim())

const sectionHeading = /^([一二三四五六七八九十]+)、(.+)$/
const headingLines = lines.flatMap((line, at) => (sectionHeading.test(line) ? [at] : []))

/** The lines of section n: from its heading to the next. */
const sectionText = (n: number): string => {
  const from = headingLines[n - 1] ?? 0
  return lines.slice(from, headingLines[n] ?? lines.length).join('\n')
}

const measureLine = (n: number): ReadonlyArray<string> => lines.filter((line) => line.startsWith(`（${zhNumeral(n)}）`))

const { sections, measures, units, indicatorById } = jiaxiang2024
const accountableUnits = accountableIn(jiaxiang2024)

/** Unit names as the plan spells them, longest first, so 县机关事务服务中心 is not read as a shorter name. */
const names = units
  .flatMap((u) => [u.zh, ...(u.aliases ?? [])].map((name) => ({ name, code: u.code })))
  .sort((a, b) => b.name.length - a.name.length)

/** A list of bodies as the plan writes it (县商务局、县交通运输局，各镇街、县经开区) read into unit codes. */
const readUnits = (list: string): ReadonlyArray<string> => {
  const codes: string[] = []
  let rest = list
  while (rest.length > 0) {
    const hit = names.find(({ name }) => rest.startsWith(name))
    if (hit === undefined) throw new Error(`no unit of plan.json is named at the start of "${rest}"`)
    codes.push(hit.code)
    rest = rest.slice(hit.name.length).replace(/^[、，]/, '')
  }
  return codes
}

/** The rows of indicators.md's tables: id and the targets cell. */
const rows = reading
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => {
    const cells = line.split('|').map((cell) => cell.trim())
    return { id: (cells[1] ?? '').replaceAll('`', ''), targets: cells[cells.length - 2] ?? '' }
  })

interface Expected {
  readonly year: number
  readonly comparator: string
  readonly value?: number
  readonly overBaseline: boolean
}

/** "2025 `about` 16,000; 2027 `gte` 25,000", "each year `gte` 12", "2027 `about` +100% over 2023" … */
const readTargets = (cell: string): ReadonlyArray<Expected> =>
  cell.split(/;\s*(?=\d{4} |each year)/).flatMap((part) => {
    const m = /^(each year(?: 2024–2027)?|\d{4}) `(\w+)`(?: \+?([\d,.]+))?/.exec(part)
    if (m === null) throw new Error(`cannot read the target "${part}"`)
    const [, when = '', comparator = '', value] = m
    const years = when.startsWith('each year') ? [2024, 2025, 2026, 2027] : [Number(when)]
    return years.map((year) => ({
      year,
      comparator,
      ...(value === undefined ? {} : { value: Number(value.replaceAll(',', '')) }),
      overBaseline: part.includes('over 2023'),
    }))
  })

const indicators: ReadonlyArray<Indicator> = jiaxiang2024.indicators

const valueOf = (t: Target): number | undefined => ('value' in t ? t.value : undefined)

describe('the plan as data: 嘉政发〔2024〕5号', () => {
  it('carries the plan’s number, title, date and baseline as the text gives them', () => {
    expect(plan).toContain(jiaxiang2024.document)
    expect(plan.replace(/\s+/g, '')).toContain(jiaxiang2024.title.zh)
    const [y, m, d] = jiaxiang2024.issuedOn.split('-').map(Number)
    expect(plan).toContain(`${y}年${m}月${d}日`)
    expect(plan).toContain(`较${jiaxiang2024.years.baseline}年`)
    // it was issued in its first year of work, and sets targets up to 2027
    expect(y).toBe(jiaxiang2024.years.start)
    expect(Math.max(...indicators.flatMap((x) => x.targets.map((t) => t.year)))).toBe(jiaxiang2024.years.horizon)
  })

  it('writes numbers as the plan does', () => {
    expect([1, 9, 10, 11, 17, 20, 23, 30, 35].map(zhNumeral)).toEqual(['一', '九', '十', '十一', '十七', '二十', '二十三', '三十', '三十五'])
    expect([0, 100, 1.5].map(zhNumeral)).toEqual(['0', '100', '1.5'])
  })

  it('has the ten sections, each titled as the text heads it, in order', () => {
    expect(headingLines).toHaveLength(10)
    expect(sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    sections.forEach((s, i) => expect(lines[headingLines[i] ?? -1]).toBe(`${zhNumeral(s.number)}、${s.zh}`))
  })

  it('has the 35 measures, each once, titled verbatim after its number and placed in the section it stands in', () => {
    expect(measures.map((m) => m.number)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1))
    for (const m of measures) {
      const found = measureLine(m.number)
      expect(found, `measure ${m.number}`).toHaveLength(1)
      expect(found[0]).toMatch(new RegExp(`^（${zhNumeral(m.number)}）${m.zh}。`))
      expect(sectionText(m.section)).toContain(found[0])
    }
  })

  it('names each measure’s lead and responsible units as its （牵头单位：…，责任单位：…） does', () => {
    for (const m of measures) {
      const match = /（牵头单位：(.+?)，责任单位：(.+)）$/.exec(measureLine(m.number)[0] ?? '')
      expect(match, `measure ${m.number} names its units`).not.toBeNull()
      expect({ n: m.number, lead: readUnits(match?.[1] ?? '') }).toEqual({ n: m.number, lead: m.lead })
      expect({ n: m.number, responsible: readUnits(match?.[2] ?? '') }).toEqual({ n: m.number, responsible: m.responsible })
    }
  })

  it('has every indicator of indicators.md exactly once, and no other', () => {
    const ids = indicators.map((x) => x.id)
    expect(ids).toHaveLength(39)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort())
  })

  it('quotes every indicator’s plan text from the plan, in its section and (outside 总体要求) in one of its measures', () => {
    for (const x of indicators) {
      const parts = x.planText.split(/…| \/ /)
      for (const part of parts) {
        expect(plan, x.id).toContain(part)
        expect(sectionText(x.section), x.id).toContain(part)
        if (x.section !== 1) expect(x.measures.some((n) => measureLine(n)[0]?.includes(part)), `${x.id}: "${part}"`).toBe(true)
      }
    }
  })

  it('assigns each indicator to measures that exist, in its own section unless it is a general target', () => {
    for (const x of indicators) {
      expect(x.measures.length, x.id).toBeGreaterThan(0)
      for (const n of x.measures) {
        const m = measures.find((y) => y.number === n)
        expect(m, `${x.id} → ${n}`).toBeDefined()
        if (x.section !== 1) expect(m?.section, `${x.id} → ${n}`).toBe(x.section)
      }
    }
  })

  it('has the targets of indicators.md: the same years, comparators and values', () => {
    for (const row of rows) {
      const x = indicatorById.get(row.id)
      const expected = readTargets(row.targets)
      expect(
        x?.targets.map((t) => ({ year: t.year, comparator: t.comparator, value: valueOf(t) })),
        row.id,
      ).toEqual(expected.map((e) => ({ year: e.year, comparator: e.comparator, value: e.value })))
      expected.forEach((e, i) => {
        if (e.overBaseline) expect(x?.targets[i]?.baselineYear, row.id).toBe(2023)
      })
    }
  })

  it('keeps each target’s word from the plan text, and reads one word one way throughout', () => {
    const comparatorOf = new Map<string, string>()
    for (const x of indicators) {
      for (const t of x.targets) {
        expect(x.planText, `${x.id} ${t.year}`).toContain(t.word)
        expect(comparatorOf.get(t.word) ?? t.comparator, t.word).toBe(t.comparator)
        comparatorOf.set(t.word, t.comparator)
      }
    }
    expect(comparatorOf.get('超过')).toBe('gt')
    expect(comparatorOf.get('左右')).toBe('about')
    expect(comparatorOf.get('以上')).toBe('gte')
  })

  it('gives a year-bound growth target its baseline and says how the growth is measured', () => {
    for (const x of indicators) {
      for (const t of x.targets) {
        const growth = 'growth' in t ? t.growth : undefined
        if (x.unit.kind === 'growth-percent') expect(growth, x.id).toBeDefined()
        if (growth !== undefined) expect(t.baselineYear, x.id).toBe(2023)
        if (growth === 'annual') expect(x.planText, x.id).toContain('年均增长')
      }
    }
  })

  it('gives township charging coverage, which has no year in the plan, the plan’s horizon', () => {
    expect(indicatorById.get('charging.township-coverage')?.targets.map((t) => t.year)).toEqual([2027])
  })

  it('says who may record every kind of fact the ledger knows, and every statistic, by measures of its own', () => {
    const byType = jiaxiang2024.recording?.byType ?? {}
    const byStatistic = jiaxiang2024.recording?.byStatistic ?? {}
    const numbers = new Set(measures.map((m) => m.number))
    for (const type of [...registry.keys()].filter((t) => t !== 'StatisticReported')) {
      expect(byType[type]?.length, type).toBeGreaterThan(0)
      for (const n of byType[type] ?? []) expect(numbers.has(n), `${type} → ${n}`).toBe(true)
    }
    for (const s of statistics) expect(byStatistic[s]?.every((n) => numbers.has(n)), s).toBe(true)
    expect(jiaxiang2024.recording?.anyDepartment).toBe('relevant-departments')
    expect(jiaxiang2024.recording?.allTowns).toBe('towns')
  })

  it('derives the units that answer for an indicator from its measures', () => {
    expect(accountableUnits({ measures: [23, 24] }).lead).toEqual(['development-reform', 'commerce'])
    expect(accountableUnits({ measures: [23, 24] }).responsible).toEqual([
      'finance', 'government-affairs', 'public-security', 'housing-construction', 'landscaping-sanitation',
      'towns', 'development-zone', 'industry-it', 'ecology-environment',
    ])
    // 县工业和信息化局 leads (二) and answers for (三): it is listed once, as lead
    const research = accountableUnits({ measures: [2, 3] })
    expect(research.lead).toEqual(['industry-it', 'ecology-environment', 'science-technology'])
    expect(research.responsible).not.toContain('industry-it')
    for (const x of indicators) {
      const { lead, responsible } = accountableUnits(x)
      for (const n of x.measures) for (const u of measures.find((m) => m.number === n)?.lead ?? []) expect(lead).toContain(u)
      expect(responsible.filter((u) => lead.includes(u)), x.id).toEqual([])
      expect(new Set(lead).size).toBe(lead.length)
    }
  })
})
