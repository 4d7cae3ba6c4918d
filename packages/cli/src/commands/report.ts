import { calendar, loadTally, report, reportYears, verifyStore, type BreakdownBy, type Plan, type Report, type Tally } from '@policy-ledger/core'
import { breakdownOf, toBreakdownCsv, toCsv, toHtml, toJson, toXlsx } from '@policy-ledger/export'
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
}

const rendered = async (plan: Plan, tally: Tally, r: Report, options: ReportOptions): Promise<E.Either<Failure, string | Uint8Array>> => {
  if (options.by !== undefined) {
    const b = breakdownOf(plan, tally, options.by)([r])
    switch (options.format) {
      case 'table':
        return E.right(`${breakdownTable(plan, r, b)}\n`)
      case 'json':
        return E.right(`${JSON.stringify(b, null, 2)}\n`)
      case 'csv':
        return E.right(toBreakdownCsv(plan, b))
      default:
        return E.left(usageFailure(`--by prints a breakdown as table, json or csv, not ${options.format}`))
    }
  }
  switch (options.format) {
    case 'table':
      return E.right(`${reportTable(plan, r)}\n`)
    case 'json':
      return E.right(toJson(r))
    case 'csv':
      return E.right(toCsv(plan, r))
    case 'xlsx':
      return E.right(await toXlsx(plan, r))
    case 'html':
      // the report itself was read with the same occurred-by day, so its history reads too
      return E.map((history: ReadonlyArray<Report>) => toHtml({ plan, report: r, history }))(
        E.mapLeft((e: { readonly message: string }) => usageFailure(e.message))(reportYears(plan, tally, options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy })),
      )
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
  return withStore(options.db, { access: 'read' }, async (store) => {
    // with --verify, the figures come from the entries verify proved, and from nothing else
    const proven = options.verify === true ? await verifyStore(store)() : undefined
    if (proven !== undefined && E.isLeft(proven)) return E.left(storeFailure(proven.left))
    const verdict = proven?.right
    if (verdict !== undefined && !verdict.ok)
      return E.left({
        status: exitStatus.rejected,
        message: `台账校验未通过，未打印报告 the ledger does not verify, so no report was printed: at ${verdict.position}, ${verdict.problem}: ${verdict.detail}`,
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
      process.stderr.write(`已核验 verified: 报告的数字来自经校验的前 ${verdict.count} 条 the figures come from the ${verdict.count} entries verified, chain and derived data (head ${verdict.headHash})\n`)
    return E.right(exitStatus.ok)
  })
}
