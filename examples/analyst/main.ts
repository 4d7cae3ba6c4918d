/**
 * An analyst's first look: load the county's events into a ledger, then read
 * where each of the plan's targets stands, grouped by the plan's sections,
 * in Chinese; and one indicator town by town.
 *
 *   pnpm example:analyst                    # the year 2025, everything known
 *   pnpm example:analyst 2027 2027-06-30    # a year, as occurred by a day
 *
 * The events are the deterministic synthetic dataset for Jiaxiang; a county
 * system would open its own store instead (see docs/adapters.md).
 */
import { breakdown, createLedger, loadTally, memoryStore, report, type IndicatorReport } from '@policy-ledger/core'
import { formatValue, sectionTitle, statusLabels, targetUnitKind, unitZh } from '@policy-ledger/export'
import { jiaxiang2024 as plan } from '@policy-ledger/plan-jiaxiang-2024'
import { jiaxiang } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'

const [yearArg, occurredBy] = process.argv.slice(2)
const year = yearArg === undefined ? 2025 : Number(yearArg)

// Record the dataset as the county's systems would have, commit by commit, on the ledger's clock.
const store = memoryStore()
let now = 0
const ledger = createLedger({ store, plan, clock: () => now })
for (const commit of jiaxiang()) {
  now = commit.recordedAt
  const recorded = await ledger.recordBatch(commit.inputs)()
  if (E.isLeft(recorded)) throw new Error(recorded.left.message)
}

const tally = await loadTally(store)()
if (E.isLeft(tally)) throw new Error(tally.left.message)
const reported = report(plan, tally.right, { year, ...(occurredBy === undefined ? {} : { occurredBy }) })
if (E.isLeft(reported)) throw new Error(reported.left.message)
const progress = reported.right

const value = (i: IndicatorReport): string => formatValue(i.value, i.unit.kind, i.unit.zh)

console.log(`${plan.title.zh}（${plan.document}）`)
console.log(`${progress.year}年指标进展 · 统计截至 ${progress.occurredBy} · 账本记录 ${progress.knownAt.position} 条\n`)
for (const section of plan.sections) {
  const indicators = progress.indicators.filter((i) => i.section === section.number)
  if (indicators.length === 0) continue
  console.log(sectionTitle(plan, section.number))
  for (const i of indicators) {
    console.log(`  ${i.zh}：${value(i)}（${i.events} 条事件）`)
    i.targets.forEach((t, k) => {
      const kind = targetUnitKind(plan, i, k)
      const target = t.value === null ? '' : ` ${formatValue(t.value, kind, unitZh(kind, i.unit.zh))}`
      console.log(`      ${t.year}年 ${t.word}${target} → ${statusLabels[t.status].zh}`)
    })
  }
  console.log()
}

console.log(`新能源汽车保有量，按镇街（${progress.year}年末）：`)
const towns = breakdown(plan, tally.right, 'vehicles.nev-fleet', 'town', { year: progress.year })
if (E.isLeft(towns)) throw new Error(towns.left.message)
for (const town of towns.right)
  console.log(`  ${town.zh.padEnd(8, '　')} ${town.reading.value ?? '—'} 辆`)
