import { calendar, loadTally, report, reportYears, verifyStore, wordingOf, type BreakdownBy, type Plan, type Report, type Tally, type Tampering, type Wording } from '@policy-ledger/core'
import { breakdownOf, toBreakdownCsv, toCsv, toJson } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import type { ReportFormat } from '../formats.js'
import { outOf, type OutOptions } from '../output.js'
import { planOf, type PlanOptions } from '../plan.js'
import { breakdownTable, reportTable } from '../render/report.js'
import { withStore } from '../store.js'


export interface ReportOptions extends OutOptions, PlanOptions {
  readonly db: string
  readonly year?: number
  /** YYYY-MM-DD, Asia/Shanghai: count facts that occurred on or before it */
  readonly occurredBy?: string
  /** epoch ms: fold only what the ledger had recorded by then */
  readonly knownAt?: number
  readonly by?: BreakdownBy
  readonly format: ReportFormat
  /** verify the whole ledger first, and print nothing unless it verifies */
  readonly verify?: boolean
  /** 制表单位, named on every printed page of the HTML report */
  readonly compiledBy?: string
  /** 制表日期, YYYY-MM-DD (default today, Asia/Shanghai) */
  readonly compiledOn?: string
}

/** A year the plan reports on: from its baseline (较2023年) to its horizon; any other is a slip, refused naming the plan's years. */
const yearInPlan = (plan: Plan, year: number | undefined): E.Either<Failure, void> => {
  const { baseline, start, horizon } = plan.years
  return year === undefined || (year >= baseline && year <= horizon)
    ? E.right(undefined)
    : E.left(
        usageFailure(
          `--year ${year} 不在方案年份之内：${plan.document}为 ${start}–${horizon} 年（基期 ${baseline} 年），可报告 ${baseline}–${horizon} 年 / --year ${year} is outside the plan's years: ${start}–${horizon} with ${baseline} as the baseline, so a report is for ${baseline} to ${horizon}`,
        ),
      )
}

/** Today in Asia/Shanghai, as YYYY-MM-DD: the 制表日期 when none is given. */
/** Why no report was printed from a ledger that does not verify: the first place and what is wrong there, in each language. */
const notVerified = (position: number, problem: Tampering, detail: Wording): string =>
  `台账在位置 ${position} 未通过校验（${problem}：${detail.zh}），未打印报告 / the ledger does not verify, so no report was printed: at ${position}, ${problem}: ${detail.en}`

const today = (): string => calendar.dayToIso(calendar.dayOf(Date.now()))

/** Every plan year as the report reads it, for the charts: the report itself was read with the same occurred-by day, so its history reads too. */
const historyOf = (plan: Plan, tally: Tally, options: ReportOptions): E.Either<Failure, ReadonlyArray<Report>> =>
  E.mapLeft((e: { readonly message: string }) => usageFailure(e.message))(reportYears(plan, tally, options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy }))

const rendered = async (plan: Plan, tally: Tally, r: Report, options: ReportOptions): Promise<E.Either<Failure, string | Uint8Array>> => {
  // with --by, the table, JSON and CSV are the breakdown itself; the workbook and the HTML report carry it beside the report
  const b = options.by === undefined ? undefined : breakdownOf(plan, tally, options.by)([r])
  const beside = b === undefined ? {} : { breakdown: b }
  switch (options.format) {
    case 'table':
      return E.right(`${b === undefined ? reportTable(plan, r) : breakdownTable(plan, r, b)}\n`)
    case 'json':
      return E.right(b === undefined ? toJson(r) : `${JSON.stringify(b, null, 2)}\n`)
    case 'csv':
      return E.right(b === undefined ? toCsv(plan, r) : toBreakdownCsv(plan, b))
    // the workbook and page writers (exceljs, ECharts, the SVG renderer) are loaded only for their own formats
    case 'xlsx': {
      const history = historyOf(plan, tally, options)
      if (E.isLeft(history)) return history
      const { toXlsx } = await import('@policy-ledger/export/xlsx')
      return E.right(await toXlsx(plan, r, { history: history.right, ...beside }))
    }
    case 'html': {
      const { toHtml } = await import('@policy-ledger/export/html')
      return E.map((history: ReadonlyArray<Report>) =>
        toHtml({
          plan,
          report: r,
          history,
          compiledOn: options.compiledOn ?? today(),
          ...(options.compiledBy === undefined ? {} : { compiledBy: options.compiledBy }),
          ...beside,
        }),
      )(historyOf(plan, tally, options))
    }
  }
}

/** `policy-ledger report` (and `asof`, the auditor's name for it): the progress report against the plan's targets, as the ledger knew it then and as it had happened by then. */
export const reportCommand = async (options: ReportOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (options.format === 'xlsx' && options.out === undefined && process.stdout.isTTY === true)
    return E.left(usageFailure('--format xlsx writes a binary workbook: give --out FILE (e.g. --out 进展报告.xlsx)'))
  const output = outOf(options)
  if (E.isLeft(output)) return output
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  // the plan says which years it runs over, so the year is checked once it is loaded, before the ledger is opened
  const year = yearInPlan(plan.right, options.year)
  if (E.isLeft(year)) return year
  return withStore(options.db, { access: 'read' }, async (store) => {
    // with --verify, the figures come from the entries verify proved, and from nothing else
    const proven = options.verify === true ? await verifyStore(store)() : undefined
    if (proven !== undefined && E.isLeft(proven)) return E.left(storeFailure(proven.left))
    const verdict = proven?.right
    if (verdict !== undefined && !verdict.ok)
      return E.left({
        status: exitStatus.rejected,
        message: notVerified(verdict.position, verdict.problem, wordingOf(verdict.detail)),
      })
    const known = { ...(options.knownAt === undefined ? {} : { recordedAt: options.knownAt }), ...(verdict?.ok === true ? { position: verdict.count } : {}) }
    const tally = await loadTally(store, known)()
    if (E.isLeft(tally)) return E.left(storeFailure(tally.left))
    const plain = report(plan.right, tally.right, {
      ...(options.year === undefined ? {} : { year: options.year }),
      ...(options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy }),
    })
    if (E.isLeft(plain)) return E.left(usageFailure(plain.left.message))
    // the instant asked for, beside the last entry folded in (as core's reportAsOf states it)
    const r = options.knownAt === undefined ? plain.right : { ...plain.right, knownAt: { ...plain.right.knownAt, requested: calendar.isoUtc(options.knownAt) } }
    const content = await rendered(plan.right, tally.right, r, options)
    if (E.isLeft(content)) return content
    const written = await output.right.emit(content.right)
    if (E.isLeft(written)) return written
    if (verdict?.ok === true)
      process.stderr.write(`已核验 verified: 报告的数字来自经校验的前 ${verdict.count} 条（链与派生数据） / the figures come from the ${verdict.count} entries verified, chain and derived data (head ${verdict.headHash})\n`)
    return E.right(exitStatus.ok)
  })
}
