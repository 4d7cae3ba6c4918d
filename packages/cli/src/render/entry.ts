import type { ContributionRow, EntryRecord, EntryView, ThingRecords } from '@policy-ledger/core'
import { table } from './table.js'

/*
 * One entry, and everything about one thing, for a terminal: what the log
 * holds, in the auditor's words, and what this view itself checked.
 */

const DIVISOR = { count: 1n, fen: 100n, scaled: 10_000n } as const
const UNIT = { count: '', fen: ' 元', scaled: '' } as const

/** A quantity in its metric's unit, signed, exactly: 分 as 元, a decimal ×10⁴ as the decimal. */
export const quantityText = (r: Pick<ContributionRow, 'kind' | 'quantity'>): string => {
  if (!Number.isSafeInteger(r.quantity)) return String(r.quantity)
  const q = BigInt(r.quantity)
  const d = DIVISOR[r.kind]
  const abs = q < 0n ? -q : q
  const places = String(d).length - 1
  const fraction = places === 0 ? '' : `.${String(abs % d).padStart(places, '0')}`.replace(/\.?0+$/, '')
  return `${q < 0n ? '−' : '+'}${abs / d}${fraction}${UNIT[r.kind]}`
}

const where = (r: ContributionRow): string =>
  [r.town === null ? '' : `${r.town.zh} ${r.town.code}`, r.unit === null ? '' : `${r.unit.zh}`, r.sector === null ? '' : `${r.sector.zh}`].filter((x) => x !== '').join(' · ')

const contributionTable = (rows: ReadonlyArray<ContributionRow>, amount = '变化 change'): string =>
  rows.length === 0
    ? '  （不计入任何指标量 counts for no metric）'
    : table(
        [{ title: '指标量 metric' }, { title: amount, align: 'right' }, { title: '日期 day' }, { title: '镇街 · 单位 · 行业 town · unit · sector' }],
        rows.map((r) => [`${r.metricZh} ${r.metric}`, quantityText(r), r.day, where(r)]),
      )

const yes = (ok: boolean): string => (ok ? '一致 holds' : '不一致 DOES NOT HOLD')

/** What an entry did and what was done to it since: the part `show` and `history` share. */
const recordLines = (r: EntryRecord): string[] => [
  ...(r.amends === null ? [] : [`  更正对象 amends: ${r.amends}`]),
  ...r.amendedBy.map((a) => `  ${a.how === 'voided' ? '已作废 voided' : '已更正 corrected'} 由 by ${a.by.type} ${a.by.id}（位置 position ${a.by.position}，${a.by.recordedAt}）`),
  r.contributions === null ? `  贡献 contributed: 无法重新派生 cannot be derived again: ${r.underivable ?? ''}` : '  贡献（由条目重新派生）contributed, derived again from the entries:',
  ...(r.contributions === null ? [] : contributionTable(r.contributions).split('\n').map((l) => `  ${l}`)),
]

const head = (r: EntryRecord): string[] => {
  const e = r.entry
  return [
    `条目 entry ${e.id} · 位置 position ${e.position} · 流 stream ${e.stream} 第 ${e.revision} 条 revision ${e.revision}`,
    `  事件类型 type: ${e.type}（版本 version ${e.version}）`,
    `  发生时间 occurred: ${e.occurredAt} · 记录时间 recorded: ${e.recordedAt}`,
    `  记录单位 recorded by: ${e.recordedBy}${e.attestation === undefined ? '（仅声明 claimed）' : `（${e.attestation.signature === undefined ? '由主体担保 vouched' : '已签名 signed'}：${e.attestation.principal}）`}`,
    `  来源 source: ${e.source.system} / ${e.source.recordId}`,
    `  数据 data: ${JSON.stringify(e.data)}`,
  ]
}

/** `show`: one entry, its links either side, what it contributed. */
export const entryText = (v: EntryView): string =>
  [
    ...head(v),
    `  哈希 hash: ${v.entry.hash}（由内容与前一哈希重算 recomputed from its content and prevHash: ${yes(v.links.hashHolds)}）`,
    `  前一条 previous: ${v.links.previous === null ? '无（首条）none, the first entry' : `位置 position ${v.links.previous.position} ${v.links.previous.hash}`} · prevHash ${v.entry.prevHash}：${yes(v.links.linksToPrevious)}`,
    `  后一条 next: ${v.links.next === null ? '无（末条）none, the last entry' : `位置 position ${v.links.next.position}，其 prevHash its prevHash ${v.links.next.prevHash}：${yes(v.links.nextLinksHere === true)}`}`,
    ...recordLines(v),
    `  台账中存放的增量 the deltas stored beside it: ${v.storedDeltas === 'agree' ? '与重新派生的一致 agree with those derived again' : v.storedDeltas === 'differ' ? '与重新派生的不一致 DIFFER from those derived again — run verify' : '无 none kept'}`,
    '',
    '本视图只核对本条的哈希与前后链接；整个台账是否完整，请运行 verify。 This view checks only this entry\'s hash and links; that the whole ledger is intact is for `verify`.',
  ].join('\n')

/** `history`: everything recorded about one thing, stream by stream. */
export const thingText = (things: ReadonlyArray<ThingRecords>): string =>
  things
    .map((t) =>
      [
        `流 stream ${t.stream} · ${t.records.length} 条 entries`,
        '',
        ...t.records.flatMap((r) => [...head(r), ...recordLines(r), '']),
        '现在计入 what it counts for now (all its entries together, derived again):',
        contributionTable(t.standing, '数量 amount'),
      ].join('\n'),
    )
    .join('\n\n')
