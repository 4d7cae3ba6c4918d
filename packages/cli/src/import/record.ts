import type { Ledger, LedgerError, RecordInput } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, type Failure } from '../failure.js'
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
}

export interface Outcome {
  readonly recorded: number
  readonly duplicates: number
  readonly rejections: ReadonlyArray<Rejection>
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

/**
 * Record lines in batches, for speed, without letting a bad line take the
 * good lines of its batch down with it. A batch is all or nothing in the
 * ledger, and the ledger validates every input of a batch before it decides
 * anything: so a refused batch names its bad inputs, those are set aside as
 * rejected, and the rest is recorded again. An error that names no input
 * (the store failed) stops the import; batches already recorded stay, and a
 * second run skips them as duplicates.
 */
export const recordLines = async (
  ledger: Ledger,
  lines: ReadonlyArray<Line>,
  options: { readonly batchSize: number; readonly onBatch: (lines: number) => void },
): Promise<E.Either<Failure, Outcome>> => {
  let recorded = 0
  let duplicates = 0
  const rejections: Rejection[] = []
  for (let from = 0; from < lines.length; from += options.batchSize) {
    const batch = lines.slice(from, from + options.batchSize)
    let pending: Array<{ readonly line: Line; readonly input: RecordInput }> = []
    for (const line of batch) {
      if (E.isLeft(line.input))
        rejections.push({ file: line.file, line: line.line, code: 'READ_FAILED', reason: line.input.left, ...(line.text === undefined ? {} : { text: line.text }) })
      else pending.push({ line, input: line.input.right as RecordInput })
    }
    while (pending.length > 0) {
      const result = await ledger.recordBatch(pending.map((p) => p.input))()
      if (E.isRight(result)) {
        recorded += result.right.recorded.length
        duplicates += result.right.duplicates.length
        break
      }
      const named = namedInputs(result.left)
      if (named.size === 0)
        return E.left({ status: result.left.code === 'STORAGE_FAILED' ? exitStatus.store : exitStatus.rejected, message: result.left.message })
      for (const [index, reason] of named) {
        const p = pending[index]
        if (p !== undefined) rejections.push({ file: p.line.file, line: p.line.line, code: result.left.code, reason, input: p.input })
      }
      pending = pending.filter((_, i) => !named.has(i))
    }
    options.onBatch(batch.length)
  }
  rejections.sort((a, b) => a.line - b.line)
  return E.right({ recorded, duplicates, rejections })
}
