import { definePlan, type Plan, type PlanSpec } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/*
 * A plan of any size for tests: a county of `towns` towns (t-1, t-2, …), a
 * 2022 baseline and a 2030 horizon, its own two departments, and two
 * indicators a store's every town shows up in: NEVs on the road (a stock,
 * broken down by town) and the towns with a public charging pile (全覆盖).
 * Far beyond any county's 16 or 41 towns, it shows that no catalogue caps a
 * plan.
 */
export const manyTownPlan = (towns: number): Plan => {
  const spec: PlanSpec = {
    code: `many-towns-${towns}`,
    title: { zh: `${towns}个镇的测试方案`, en: `A test plan of ${towns} towns` },
    document: `测政发〔2024〕${towns}号`,
    issuedOn: '2024-06-01',
    years: { baseline: 2022, start: 2024, horizon: 2030 },
    sections: [{ number: 1, zh: '总体目标', en: 'Overall goals' }],
    measures: [{ number: 1, section: 1, zh: '推广新能源汽车与充电设施', en: 'NEVs and their charging', lead: ['county-public-security', 'county-energy'], responsible: [] }],
    units: [
      { code: 'county-public-security', zh: '县公安局', en: 'County Public Security Bureau' },
      { code: 'county-energy', zh: '县能源中心', en: 'County Energy Centre' },
    ],
    towns: Array.from({ length: towns }, (_, i) => ({ code: `t-${i + 1}`, zh: `第${i + 1}镇`, en: `Town ${i + 1}`, kind: 'town' as const })),
    sectors: [],
    indicators: [
      {
        id: 'vehicles.nev-fleet',
        zh: '新能源汽车保有量',
        en: 'New-energy vehicles registered',
        unit: { zh: '辆', en: 'vehicles', kind: 'count' },
        section: 1,
        measures: [1],
        planText: `到2030年新能源汽车保有量达到${towns}辆`,
        targets: [{ year: 2030, word: '达到', comparator: 'gte', value: towns }],
        formula: { stock: ['vehicles.nev.in-service'] },
      },
      {
        id: 'charging.town-coverage',
        zh: '公共充电桩乡镇覆盖率',
        en: 'Share of towns with a public charging pile',
        unit: { zh: '%', en: 'per cent', kind: 'percent' },
        section: 1,
        measures: [1],
        planText: '到2030年公共充电桩乡镇全覆盖',
        targets: [{ year: 2030, word: '全覆盖', comparator: 'all' }],
        formula: { coverage: { metric: 'charging.public-piles.in-service', of: ['town', 'township'] } },
      },
    ],
  }
  const plan = definePlan(spec)
  // the spec is this module's own: a problem in it is a bug here, not bad input
  if (E.isLeft(plan)) throw new Error(plan.left.message)
  return plan.right
}
