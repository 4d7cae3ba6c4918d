import type { Diff, Lineage, LineageRow, Plan, Reading } from '@policy-ledger/core'
import { valueUnit } from '@policy-ledger/export'
import { table } from './table.js'
import { plainValue } from './words.js'

/** A reading as the report prints its value, with the events behind it. */
const readingText = (plan: Plan, indicator: string, r: Reading): string => {
  const found = plan.indicatorById.get(indicator)
  if (found === undefined) return String(r.value)
  const unit = valueUnit(plan, found)
  return `${plainValue(unit, r.exact ?? r.value)} ${unit.zh}（${r.events} 件 events）`
}

const entryColumns = [
  { title: '位置', align: 'right' as const },
  { title: '事件类型' },
  { title: '发生时间' },
  { title: '记录时间' },
  { title: '记录单位' },
  { title: '来源记录' },
  { title: '更正对象' },
  { title: '事件编号' },
]

const entryCells = (e: LineageRow): string[] => [String(e.position), e.type, e.occurredAt, e.recordedAt, e.recordedBy, `${e.source.system}/${e.source.recordId}`, e.amends ?? '', e.id]

const entries = (rows: ReadonlyArray<LineageRow>): string => (rows.length === 0 ? '  （无 none）' : table(entryColumns, rows.map(entryCells)))

/** When a diff or a lineage stands: the instants asked for, `now` when none. */
const instant = (iso: string | null): string => iso ?? '现在 now'

/** Each indicator's change in one line: before, after, how many entries recorded in between are behind it. */
const diffSummary = (plan: Plan, d: Diff): string =>
  table(
    [{ title: '序号', align: 'right' }, { title: '指标 indicator' }, { title: '之前 before', align: 'right' }, { title: '之后 after', align: 'right' }, { title: '条目 entries', align: 'right' }],
    d.changes.map((c, i) => [
      String(i + 1),
      `${c.zh} ${c.id}`,
      readingText(plan, c.id, c.before),
      `${readingText(plan, c.id, c.after)}${c.changed ? '' : '（抵消 cancelled out）'}`,
      String(c.causes.length),
    ]),
  )

/**
 * What changed between two known-at instants: a summary, one line per
 * indicator, then (with `entries`, when the diff was narrowed to a few
 * indicators) the entries behind each change.
 */
export const diffTable = (plan: Plan, d: Diff, options: { readonly entries: boolean }): string =>
  [
    `指标变化 · What changed · 年度 year ${d.year} · 发生截至 occurred by ${d.occurredBy ?? `${d.year}-12-31`}`,
    `已知截至 known at ${instant(d.from)} → ${instant(d.to)}`,
    '',
    d.changes.length === 0 ? '无变化 nothing changed' : diffSummary(plan, d),
    ...(options.entries
      ? d.changes.map((c) =>
          [
            `\n${c.zh} ${c.id}`,
            `  ${readingText(plan, c.id, c.before)} → ${readingText(plan, c.id, c.after)}${c.changed ? '' : '（相互抵消，读数未变 / entries cancelled out; the reading is as it was）'}`,
            `  其间入账、造成变化的条目 entries recorded in between behind it: ${c.causes.length}`,
            entries(c.causes),
          ].join('\n'),
        )
      : d.changes.length === 0
        ? []
        : ['', '用 --indicator 编号 列出某指标背后的条目；--format csv 或 json 含全部条目。 --indicator ID lists the entries behind one indicator; --format csv or json carries them all.']),
  ].join('\n')

/** The entries behind an indicator's value. */
export const lineageTable = (plan: Plan, l: Lineage): string =>
  [
    `溯源 · Lineage: ${plan.indicatorById.get(l.indicator)?.zh ?? l.indicator} ${l.indicator}`,
    `年度 year ${l.year} · 发生截至 occurred by ${l.occurredBy ?? `${l.year}-12-31`} · 已知截至 known at ${instant(l.knownAt)}`,
    `数值 value: ${readingText(plan, l.indicator, l.reading)} · 背后的条目 entries behind it: ${l.entries.length}`,
    '',
    entries(l.entries),
  ].join('\n')
