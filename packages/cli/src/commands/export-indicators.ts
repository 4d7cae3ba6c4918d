import { loadTally, report, reportYears, type EventStore } from '@policy-ledger/core'
import { toCsv, toOpenSdg, toSdmxCsv, toXlsx, writeOpenSdg } from '@policy-ledger/export'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { emit } from '../output.js'
import type { IndicatorFormat } from '../formats.js'
import type { ExportOptions } from './export.js'

/**
 * The indicators year by year, 2023 to 2027, from everything the ledger
 * holds: for statistical offices (SDMX-CSV), an Open SDG site (one CSV per
 * indicator), and analysts (CSV; the workbook holds the latest report).
 */
export const exportIndicators = async (store: EventStore, options: ExportOptions & { readonly format: IndicatorFormat }): Promise<E.Either<Failure, ExitStatus>> => {
  const tally = await loadTally(store)()
  if (E.isLeft(tally)) return E.left(storeFailure(tally.left))
  const years = reportYears(tally.right)
  switch (options.format) {
    case 'csv':
      // one table: every indicator and target once per year, 统计期 telling the years apart
      await emit(toCsv({ indicators: years.flatMap((r) => r.indicators) }), options.out)
      break
    case 'xlsx':
      // a workbook states one report (its overview counts statuses): the latest year's, against every target
      await emit(await toXlsx(report(tally.right)), options.out)
      break
    case 'sdmx-csv':
      await emit(toSdmxCsv(years), options.out)
      break
    case 'open-sdg': {
      if (options.out === undefined) return E.left(usageFailure('--format open-sdg writes one CSV per indicator: give --out DIRECTORY'))
      const written = await writeOpenSdg(options.out)(toOpenSdg(years))()
      if (E.isLeft(written)) return E.left(storeFailure(written.left))
      process.stdout.write(`${written.right.length} files in ${options.out}\n`)
      break
    }
  }
  return E.right(exitStatus.ok)
}
