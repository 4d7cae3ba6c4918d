import { type EventStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import type { ExportFormat } from '../formats.js'
import { withStore } from '../store.js'


export interface ExportOptions {
  readonly db: string
  readonly format: ExportFormat
  readonly out?: string
}

const PAGE = 10_000

const write = async (sink: Writable, text: string): Promise<void> => {
  if (!sink.write(text)) await once(sink, 'drain')
}

/** Every entry as stored, one JSON object per line, page by page: the log never sits in memory whole. */
const entriesTo = async (store: EventStore, sink: Writable): Promise<E.Either<Failure, void>> => {
  let after = 0
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE })()
    if (E.isLeft(page)) return E.left(storeFailure(page.left))
    await write(sink, page.right.map((entry) => `${JSON.stringify(entry)}\n`).join(''))
    const last = page.right[page.right.length - 1]
    if (last === undefined || page.right.length < PAGE) return E.right(undefined)
    after = last.position
  }
}

const ndjson = async (store: EventStore, out: string | undefined): Promise<E.Either<Failure, ExitStatus>> => {
  const sink = out === undefined ? process.stdout : createWriteStream(out)
  const written = await entriesTo(store, sink)
  if (sink !== process.stdout) {
    sink.end()
    await once(sink, 'finish')
  }
  return E.map(() => exitStatus.ok)(written)
}

/** `policy-ledger export`: the log itself (ndjson), or the indicators by year in an exchange format. */
export const exportCommand = async (options: ExportOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (options.format === 'xlsx' && options.out === undefined && process.stdout.isTTY === true)
    return E.left(usageFailure('--format xlsx writes a binary workbook: give --out FILE (e.g. --out 指标.xlsx)'))
  const { format } = options
  return withStore(options.db, { access: 'read' }, async (store) =>
    format === 'ndjson' ? ndjson(store, options.out) : (await import('./export-indicators.js')).exportIndicators(store, { ...options, format }),
  )
}
