import type { RecordInput } from '@policy-ledger/core'
import { unitNumber } from './county.js'
import { epochOf, weekday, type Day } from './calendar.js'
import type { Random } from './random.js'

/*
 * When departments send what happened: most every night, some once a week,
 * and now and then a record months late. The recording system commits what
 * arrives in batches; each commit's time is after everything in it occurred.
 */

/** One commit of the recording system: the inputs it records together, and its clock then. */
export interface Commit {
  /** epoch ms: the simulated clock of the recording system */
  readonly recordedAt: number
  readonly inputs: ReadonlyArray<RecordInput>
}

// Offices that gather their records and send them on Monday; the rest send every night.
const weekly: ReadonlySet<string> = new Set<string>([
  'agri-mechanisation',
  'agriculture-rural',
  'culture-tourism',
  'education-sports',
  'health',
  'housing-construction',
  'water-affairs',
  'government-affairs',
  'transport',
  'market-regulation',
  'science-technology',
])

/** When a fact of `day` reaches the recording system, as epoch ms. Never earlier than the day after. */
export const arrival = (unit: string, day: Day, late: Random | undefined): number => {
  // each department has its own minute, so arrivals interleave as they would
  const minute = unitNumber(unit)
  if (late !== undefined) return epochOf(day + late.int(60, 180), 10 * 3600 + minute * 60)
  if (!weekly.has(unit)) return epochOf(day + 1, 3600 + minute * 60)
  const toMonday = ((8 - weekday(day)) % 7) || 7
  return epochOf(day + toMonday, 3 * 3600 + minute * 60)
}

/**
 * Inputs waiting to be recorded, by arrival time. Inputs with the same
 * arrival keep the order they were generated in, which is occurred order
 * within each stream.
 */
export class Inbox {
  private readonly waiting = new Map<number, RecordInput[]>()
  private last = 0

  constructor(private readonly batchSize: number) {}

  put(at: number, input: RecordInput): void {
    const list = this.waiting.get(at)
    if (list === undefined) this.waiting.set(at, [input])
    else list.push(input)
  }

  /** Commit everything that arrived before `bound` (epoch ms), in arrival order. */
  *release(bound: number): Generator<Commit> {
    const due = [...this.waiting.keys()].filter((at) => at < bound).sort((a, b) => a - b)
    let inputs: RecordInput[] = []
    let at = 0
    for (const key of due) {
      for (const input of this.waiting.get(key) ?? []) {
        inputs.push(input)
        at = key
        if (inputs.length === this.batchSize) {
          yield this.commit(at, inputs)
          inputs = []
        }
      }
      this.waiting.delete(key)
    }
    if (inputs.length > 0) yield this.commit(at, inputs)
  }

  private commit(at: number, inputs: RecordInput[]): Commit {
    // the clock only moves forward, even when two commits come from one arrival
    this.last = Math.max(at, this.last + 1)
    return { recordedAt: this.last, inputs }
  }
}
