import { loadTally, report, reportYears, type EventStore, type Tally } from '@policy-ledger/core'
import { openSdgFileName, toCsv, toOpenSdg, toSdmxCsv, toXlsx } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { directoryTo, replaceWithForce, type OutOptions, type Output } from '../output.js'
import type { IndicatorFormat } from '../formats.js'
import { withStore } from '../store.js'

/** Everything the ledger holds, folded: the indicators year by year, 2023 to 2027, are read from it. */
const tallyOf = async (store: EventStore): Promise<E.Either<Failure, Tally>> => E.mapLeft(storeFailure)(await loadTally(store)())

/**
 * The indicators year by year for statistical offices (SDMX-CSV) and
 * analysts (CSV; the workbook holds the latest report).
 */
export const exportIndicators = async (store: EventStore, format: Exclude<IndicatorFormat, 'open-sdg'>, output: Output): Promise<E.Either<Failure, ExitStatus>> => {
  const tally = await tallyOf(store)
  if (E.isLeft(tally)) return tally
  const content = {
    // one table: every indicator and target once per year, 统计期 telling the years apart
    csv: () => Promise.resolve(toCsv({ indicators: reportYears(tally.right).flatMap((r) => r.indicators) })),
    // a workbook states one report (its overview counts statuses): the latest year's, against every target
    xlsx: () => toXlsx(report(tally.right)),
    'sdmx-csv': () => Promise.resolve(toSdmxCsv(reportYears(tally.right))),
  }
  return E.map(() => exitStatus.ok)(await output.emit(await content[format]()))
}

/** For an Open SDG site: one CSV per indicator, into a new or empty folder (with --force, replacing the files of the same names). */
export const exportOpenSdg = async (options: OutOptions & { readonly db: string }): Promise<E.Either<Failure, ExitStatus>> => {
  if (options.out === undefined) return E.left(usageFailure('--format open-sdg writes one CSV per indicator: give --out DIRECTORY'))
  const out = options.out
  const write = directoryTo({ option: '--out', path: out }, { db: options.db, replace: replaceWithForce(options.force) })
  if (E.isLeft(write)) return write
  return withStore(options.db, { access: 'read' }, async (store) => {
    const tally = await tallyOf(store)
    if (E.isLeft(tally)) return tally
    const files = new Map([...toOpenSdg(reportYears(tally.right))].map(([id, csv]) => [openSdgFileName(id), csv] as const))
    const written = await write.right(files)
    if (E.isLeft(written)) return written
    process.stdout.write(`${files.size} files in ${out}\n`)
    return E.right(exitStatus.ok)
  })
}
