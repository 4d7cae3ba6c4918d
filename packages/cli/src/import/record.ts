import type { Ledger, LedgerError, RecordInput } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { storeFailure, type Failure } from '../failure.js'
import type { Line } from './line.js'

/** A line the ledger did not take, and why. */
export interface Rejection {
  readonly file: string
  readonly line: number
  /** the ledger's error code, or READ_FAILED for a line that could not be read as an event */
  readonly code: string
  readonly reason: string
  readonly input?: unknown
  readonly text?: string
  /** a sheet's row as written */
  readonly cells?: ReadonlyArray<string>
}

export interface Outcome {
  readonly recorded: number
  readonly duplicates: number
  readonly rejections: ReadonlyArray<Rejection>
  /** the store stopped answering: what was recorded before stays, the lines after were not tried */
  readonly stopped?: Failure
}

const inputPrefix = /^input \d+: /

/** The inputs of a refused batch that the error names, each with its reason; empty when it names none. */
const namedInputs = (error: LedgerError): ReadonlyMap<number, string> => {
  const named = new Map<number, string>()
  if (error.code === 'VALIDATION_FAILED') {
    for (const issue of error.issues) {
      if (issue.index === undefined) continue
      const reason = `${issue.path}: ${issue.reason}`
      const before = named.get(issue.index)
      named.set(issue.index, before === undefined ? reason : `${before}; ${reason}`)
    }
  } else if ('index' in error && error.index !== undefined) named.set(error.index, error.message.replace(inputPrefix, ''))
  return named
}

type Pending = { readonly line: Line; readonly input: RecordInput }

/** How often a line that lost every race of the ledger's own retries is tried again before it is rejected. */
const CONTENDED_TRIES = 8

/**
 * Record lines in batches, for speed, without letting a bad line take the
 * good lines of its batch down with it. A batch is all or nothing in the
 * ledger. A refusal that names its inputs (a bad field, an impossible fact)
 * sets those aside and the rest is tried again; one that names none (a
 * stale expectedRevision, a conflict with another writer that outlasted the
 * ledger's retries) halves the batch until it is one line's, and that line
 * is rejected with it. A store failure is a line's only while the store
 * still answers; when it does not, the import stops there, and what was
 * recorded before stays (a second run skips it as duplicates).
 */
export const recordLines = async (
  ledger: Ledger,
  lines: ReadonlyArray<Line>,
  options: { readonly batchSize: number; readonly onBatch: (lines: number) => void },
): Promise<Outcome> => {
  let recorded = 0
  let duplicates = 0
  let stopped: Failure | undefined
  const rejections: Rejection[] = []
  const contended = new Map<Pending, number>()
  const reject = (p: Pending, code: string, reason: string): void => {
    rejections.push({ file: p.line.file, line: p.line.line, code, reason, input: p.input, ...(p.line.cells === undefined ? {} : { cells: p.line.cells }) })
  }
  const storeAnswers = async (): Promise<boolean> => E.isRight(await ledger.store.head()())
  const recordGroup = async (group: ReadonlyArray<Pending>): Promise<void> => {
    let pending = group
    while (pending.length > 0 && stopped === undefined) {
      const result = await ledger.recordBatch(pending.map((p) => p.input))()
      if (E.isRight(result)) {
        recorded += result.right.recorded.length
        duplicates += result.right.duplicates.length
        return
      }
      const error = result.left
      const named = namedInputs(error)
      if (named.size > 0) {
        for (const [index, reason] of named) {
          const p = pending[index]
          if (p !== undefined) reject(p, error.code, reason)
        }
        pending = pending.filter((_, i) => !named.has(i))
        continue
      }
      if (error.code === 'STORAGE_FAILED' && !(await storeAnswers())) {
        stopped = storeFailure(error)
        return
      }
      const [only] = pending
      if (pending.length === 1 && only !== undefined) {
        // another writer kept getting in first (a conflict the ledger names no input for: a race, not this
        // line's own fault): a line that pinned no revision is tried again a while later before it is
        // rejected, so that a good line is not lost to a busy moment
        const raced = error.code === 'CONCURRENCY_CONFLICT' || error.code === 'ID_CONFLICT'
        if (raced && only.input.expectedRevision === undefined && (contended.get(only) ?? 0) < CONTENDED_TRIES) {
          contended.set(only, (contended.get(only) ?? 0) + 1)
          await sleep(Math.random() * 20 * (contended.get(only) ?? 1))
          continue
        }
        reject(only, error.code, error.message)
        return
      }
      const half = Math.ceil(pending.length / 2)
      await recordGroup(pending.slice(0, half))
      await recordGroup(pending.slice(half))
      return
    }
  }
  for (let from = 0; from < lines.length && stopped === undefined; from += options.batchSize) {
    const batch = lines.slice(from, from + options.batchSize)
    const pending: Pending[] = []
    for (const line of batch) {
      if (E.isLeft(line.input))
        rejections.push({
          file: line.file,
          line: line.line,
          code: 'READ_FAILED',
          reason: line.input.left,
          ...(line.text === undefined ? {} : { text: line.text }),
          ...(line.cells === undefined ? {} : { cells: line.cells }),
        })
      else pending.push({ line, input: line.input.right as RecordInput })
    }
    await recordGroup(pending)
    options.onBatch(batch.length)
  }
  rejections.sort((a, b) => a.line - b.line)
  return stopped === undefined ? { recorded, duplicates, rejections } : { recorded, duplicates, rejections, stopped }
}
