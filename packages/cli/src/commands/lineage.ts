import { calendar, lineage } from '@policy-ledger/core'
import { BOM, lineageCsv } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { yearOf, type AsOfOptions } from '../as-of.js'
import { exitStatus, queryFailure, type ExitStatus, type Failure } from '../failure.js'
import type { AuditFormat } from '../formats.js'
import { outOf, type OutOptions } from '../output.js'
import { planOf, type PlanOptions } from '../plan.js'
import { lineageTable } from '../render/audit.js'
import { withStore } from '../store.js'

export interface LineageOptions extends AsOfOptions, OutOptions, PlanOptions {
  readonly db: string
  readonly format: AuditFormat
}

/** `policy-ledger lineage`: the entries behind an indicator's value, the drill-down an auditor follows to the source. */
export const lineageCommand = async (indicator: string, options: LineageOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const output = outOf(options)
  if (E.isLeft(output)) return output
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  return withStore(options.db, { access: 'read' }, async (store) => {
    const year = await yearOf(plan.right, store, options)
    if (E.isLeft(year)) return year
    const l = await lineage(plan.right, store, {
      indicator,
      year: year.right,
      ...(options.occurredBy === undefined ? {} : { occurredBy: options.occurredBy }),
      ...(options.knownAt === undefined ? {} : { knownAt: calendar.isoUtc(options.knownAt) }),
    })()
    if (E.isLeft(l)) return E.left(queryFailure(l.left))
    const text = { table: () => `${lineageTable(plan.right, l.right)}\n`, json: () => `${JSON.stringify(l.right, null, 2)}\n`, csv: () => `${BOM}${lineageCsv(l.right.entries)}` }
    return E.map(() => exitStatus.ok)(await output.right.emit(text[options.format]()))
  })
}
