import { type EventStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import type { ExportFormat } from '../formats.js'
import { outOf, type OutOptions, type Put } from '../output.js'
import { planOf, type PlanOptions } from '../plan.js'
import { withStore } from '../store.js'

export interface ExportOptions extends OutOptions, PlanOptions {
  readonly db: string
  readonly format: ExportFormat
}

const PAGE = 10_000

/** Every entry as stored, one JSON object per line, page by page: the log never sits in memory whole. */
const entriesTo = (store: EventStore) => async (put: Put): Promise<E.Either<Failure, void>> => {
  let after = 0
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE })()
    if (E.isLeft(page)) return E.left(storeFailure(page.left))
    await put(page.right.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
    const last = page.right[page.right.length - 1]
    if (last === undefined || page.right.length < PAGE) return E.right(undefined)
    after = last.position
  }
}

/** `policy-ledger export`: the log itself (ndjson), or the indicators by year in an exchange format. */
export const exportCommand = async (options: ExportOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (options.format === 'xlsx' && options.out === undefined && process.stdout.isTTY === true)
    return E.left(usageFailure('--format xlsx writes a binary workbook: give --out FILE (e.g. --out 指标.xlsx)'))
  const { format } = options
  if (format === 'open-sdg') return (await import('./export-indicators.js')).exportOpenSdg(options)
  const output = outOf(options)
  if (E.isLeft(output)) return output
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  return withStore(options.db, { access: 'read' }, async (store) =>
    format === 'ndjson'
      ? E.map(() => exitStatus.ok)(await output.right.write(entriesTo(store)))
      : (await import('./export-indicators.js')).exportIndicators(plan.right, store, format, output.right),
  )
}
