import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import type { RecordInput } from '@policy-ledger/core'
import { jiaxiang } from '@policy-ledger/testkit'

/*
 * The work every library is given: the synthetic county of n events, as
 * batches of 1,000 inputs (the generator's commits run together, each batch
 * stamped with the clock of its last commit), and the last `singles` inputs
 * held back to be recorded one at a time on the full log. Generated once
 * per size and kept as NDJSON, so each measuring process reads the same
 * events without generating them again.
 */

export const BATCH_SIZE = 1000

export interface Batch {
  /** epoch ms: the recording system's clock when it sent this batch */
  readonly recordedAt: number
  readonly inputs: ReadonlyArray<RecordInput>
}

export interface Workload {
  readonly events: number
  readonly singles: number
  readonly file: string
}

const CACHE = join(tmpdir(), 'policy-ledger-bench')

/** Batches of up to 1,000 inputs, every input with the clock of the commit it arrived in. */
function* batches(events: number): Generator<Batch> {
  let inputs: RecordInput[] = []
  let recordedAt = 0
  for (const commit of jiaxiang({ events })) {
    for (const input of commit.inputs) {
      inputs.push(input)
      recordedAt = commit.recordedAt
      if (inputs.length === BATCH_SIZE) {
        yield { recordedAt, inputs }
        inputs = []
      }
    }
  }
  if (inputs.length > 0) yield { recordedAt, inputs }
}

/** The generator's first batch, hashed: a cached file made by another version of the generator is never read as this one's. */
const fingerprint = (events: number): string =>
  createHash('sha256').update(JSON.stringify(batches(events).next().value)).digest('hex').slice(0, 12)

/** The workload of `events` events, generated into the cache if it is not there yet. */
export const workload = async (events: number, singles: number): Promise<Workload> => {
  mkdirSync(CACHE, { recursive: true })
  const file = join(CACHE, `jiaxiang-${events}-singles-${singles}-${fingerprint(events)}.ndjson`)
  if (existsSync(file)) return { events, singles, file }
  const partial = `${file}.${process.pid}.partial`
  const out = createWriteStream(partial)
  const firstSingle = events - singles
  let seen = 0
  for (const batch of batches(events)) {
    // the held-back tail is written one input a line, each with its own arrival clock
    const kept = batch.inputs.slice(0, Math.max(0, firstSingle - seen))
    if (kept.length > 0) out.write(`${JSON.stringify({ kind: 'batch', recordedAt: batch.recordedAt, inputs: kept })}\n`)
    for (const input of batch.inputs.slice(kept.length)) out.write(`${JSON.stringify({ kind: 'single', recordedAt: batch.recordedAt, inputs: [input] })}\n`)
    seen += batch.inputs.length
    if (!out.write('')) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  out.end()
  await finished(out)
  renameSync(partial, file)
  return { events, singles, file }
}

export type Line = Batch & { readonly kind: 'batch' | 'single' }

/** The workload's lines in order, read as they are needed. */
export async function* lines(w: Workload): AsyncGenerator<Line> {
  for await (const text of createInterface({ input: createReadStream(w.file), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (text !== '') yield JSON.parse(text) as Line
  }
}
