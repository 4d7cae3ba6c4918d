import { calendar, diff, lineageColumns, type Diff } from '@policy-ledger/core'
import { BOM, csvText } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { yearOf, type AsOfOptions } from '../as-of.js'
import { exitStatus, queryFailure, type ExitStatus, type Failure } from '../failure.js'
import type { AuditFormat } from '../formats.js'
import { outOf, type OutOptions } from '../output.js'
import { planOf, type PlanOptions } from '../plan.js'
import { diffTable } from '../render/audit.js'
import { withStore } from '../store.js'

export interface DiffOptions extends Omit<AsOfOptions, 'knownAt'>, OutOptions, PlanOptions {
  readonly db: string
  /** epoch ms */
  readonly from: number
  /** epoch ms; default now */
  readonly to?: number
  readonly format: AuditFormat
  /** only these indicators, with the entries behind each change listed in the table too */
  readonly indicator?: ReadonlyArray<string>
}

/** One row per indicator and entry behind its change (an indicator whose change no entry explains, on a row of its own). */
const diffCsv = (d: Diff): string => {
  const header = ['指标编号 indicator', '指标名称 name', '之前 before', '之后 after', '之前事件数 events before', '之后事件数 events after', ...lineageColumns.map(([h]) => h)]
  const rows = d.changes.flatMap((c) => {
    const indicator = [c.id, c.zh, c.before.value, c.after.value, c.before.events, c.after.events]
    return c.causes.length === 0 ? [indicator] : c.causes.map((e) => [...indicator, ...lineageColumns.map(([, cell]) => cell(e))])
  })
  return BOM + csvText([header, ...rows])
}

/** `policy-ledger diff`: what changed in each indicator between two known-at instants, and the entries recorded in between that caused it. */
export const diffCommand = async (options: DiffOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const output = outOf(options)
  if (E.isLeft(output)) return output
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  return withStore(options.db, { access: 'read' }, async (store) => {
    const year = await yearOf(plan.right, store, options)
    if (E.isLeft(year)) return year
    const d = await diff(plan.right, store, {
      from: calendar.isoUtc(options.from),
      ...(options.to === undefined ? {} : { to: calendar.isoUtc(options.to) }),
      year: year.right,
      ...(options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy }),
      ...(options.indicator === undefined ? {} : { indicators: options.indicator }),
    })()
    if (E.isLeft(d)) return E.left(queryFailure(d.left))
    const text = { table: () => `${diffTable(plan.right, d.right, { entries: options.indicator !== undefined })}\n`, json: () => `${JSON.stringify(d.right, null, 2)}\n`, csv: () => diffCsv(d.right) }
    return E.map(() => exitStatus.ok)(await output.right.emit(text[options.format]()))
  })
}
