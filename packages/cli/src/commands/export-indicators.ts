import { loadTally, report, reportYears, type EventStore, type Plan, type Report, type Tally } from '@policy-ledger/core'
import { openSdgFileName, toCsv, toOpenSdg, toSdmxCsv } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { directoryTo, replaceWithForce, type OutOptions, type Output } from '../output.js'
import type { IndicatorFormat } from '../formats.js'
import { planOf, type PlanOptions } from '../plan.js'
import { withStore } from '../store.js'

/** Everything the ledger holds, folded: the indicators year by year, from the plan's baseline to its horizon, are read from it. */
const tallyOf = async (store: EventStore): Promise<E.Either<Failure, Tally>> => E.mapLeft(storeFailure)(await loadTally(store)())

/** Every year's report, or why not (asked for no day, they cannot fail: the plan's own years). */
const yearsOf = (plan: Plan, tally: Tally): E.Either<Failure, ReadonlyArray<Report>> => E.mapLeft((e: { readonly message: string }) => usageFailure(e.message))(reportYears(plan, tally))

/**
 * The indicators year by year for statistical offices (SDMX-CSV) and
 * analysts (CSV; the workbook holds the latest report).
 */
export const exportIndicators = async (
  plan: Plan,
  store: EventStore,
  format: Exclude<IndicatorFormat, 'open-sdg'>,
  output: Output,
): Promise<E.Either<Failure, ExitStatus>> => {
  const tally = await tallyOf(store)
  if (E.isLeft(tally)) return tally
  const latest = report(plan, tally.right)
  const years = yearsOf(plan, tally.right)
  if (E.isLeft(years)) return years
  if (E.isLeft(latest)) return E.left(usageFailure(latest.left.message))
  const content = {
    // one table: every indicator and target once per year, 统计期 telling the years apart
    csv: () => Promise.resolve(toCsv(plan, { indicators: years.right.flatMap((r) => r.indicators) })),
    // a workbook states one report (its overview counts statuses): the latest year's, against every target;
    // its writer (exceljs) is loaded only for a workbook
    xlsx: async () => (await import('@policy-ledger/export/xlsx')).toXlsx(plan, latest.right),
    'sdmx-csv': () => Promise.resolve(toSdmxCsv(years.right)),
  }
  return E.map(() => exitStatus.ok)(await output.emit(await content[format]()))
}

/** For an Open SDG site: one CSV per indicator, into a new or empty folder (with --force, replacing the files of the same names). */
export const exportOpenSdg = async (options: OutOptions & PlanOptions & { readonly db: string }): Promise<E.Either<Failure, ExitStatus>> => {
  if (options.out === undefined) return E.left(usageFailure('--format open-sdg 为每个指标写一个 CSV：请给出 --out 目录 / --format open-sdg writes one CSV per indicator: give --out DIRECTORY'))
  const out = options.out
  const write = directoryTo({ option: '--out', path: out }, { db: options.db, replace: replaceWithForce(options.force) })
  if (E.isLeft(write)) return write
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  return withStore(options.db, { access: 'read' }, async (store) => {
    const tally = await tallyOf(store)
    if (E.isLeft(tally)) return tally
    const years = yearsOf(plan.right, tally.right)
    if (E.isLeft(years)) return years
    const files = new Map([...toOpenSdg(years.right)].map(([id, csv]) => [openSdgFileName(id), csv] as const))
    const written = await write.right(files)
    if (E.isLeft(written)) return written
    process.stdout.write(`${files.size} files in ${out}\n`)
    return E.right(exitStatus.ok)
  })
}
