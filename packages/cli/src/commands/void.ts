import { codeProblem, createLedger, type CorrectionEvent, type EventInput, type VoidData } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, ledgerFailure, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { planOf, type PlanOptions } from '../plan.js'
import { principalFromKey } from '../principal.js'
import { describeDb, withStore } from '../store.js'

/** What a void and a correction are both given. */
export interface CorrectionOptions extends PlanOptions {
  readonly db: string
  /** the correction's own event id */
  readonly id: string
  /** the id of the entry voided or corrected */
  readonly entry: string
  readonly reason: string
  readonly recordedBy: string
  /** the unit that answers for it; default the recording unit */
  readonly responsible?: string
  /** a department's private key (PEM): the correction is signed as --recorded-by with it */
  readonly signKey?: string
}

/** The correction's source: this command, its record the correction's own id. */
const SOURCE_SYSTEM = 'policy-ledger-cli'

/** A correction as this command records it: its occurredAt is when it is first recorded. */
type CorrectionInput = CorrectionEvent & Omit<EventInput, 'type' | 'data' | 'occurredAt'>

/** The envelope and the fields a void and a correction share, as the ledger takes them. */
export const correctionInput = (options: CorrectionOptions): Omit<CorrectionInput, 'type' | 'data'> & { readonly data: VoidData } => ({
  // ids in their one canonical form, as the ledger compares them: the same command in either case is one correction
  id: options.id.toLowerCase(),
  recordedBy: options.recordedBy,
  source: { system: SOURCE_SYSTEM, recordId: options.id.toLowerCase() },
  data: { entryId: options.entry.toLowerCase(), reason: options.reason, responsibleUnit: options.responsible ?? options.recordedBy },
})

/**
 * Record a void or a correction through the ledger, which checks it (the
 * entry exists, may be amended, by this unit) and writes nothing if not:
 * its refusal is printed in its own words, status 1.
 */
export const recordCorrection = async (options: CorrectionOptions, input: CorrectionInput): Promise<E.Either<Failure, ExitStatus>> => {
  const { db, signKey } = options
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  // a unit the plan does not have is a slip on the command line, said before the ledger is opened
  for (const [flag, unit] of [['--recorded-by', input.recordedBy], ['--responsible', input.data.responsibleUnit]] as const) {
    const problem = codeProblem(plan.right, 'unit', unit)
    if (problem !== undefined) return E.left(usageFailure(`${flag}: ${problem}`))
  }
  const principal = signKey === undefined ? undefined : await principalFromKey(signKey, [input.recordedBy])
  if (principal !== undefined && E.isLeft(principal)) return principal
  // a correction amends an entry of a ledger that exists: a mistyped --db is said to be missing, never created
  return withStore(db, { access: 'write', mustExist: true }, async (store) => {
    const earlier = await store.findByIds([input.id])()
    if (E.isLeft(earlier)) return E.left(storeFailure(earlier.left))
    // the same command run again keeps the time of its first recording, so that the ledger finds a duplicate, not a conflict
    const occurredAt = earlier.right[0]?.occurredAt ?? new Date().toISOString()
    const ledger = createLedger({ store, plan: plan.right })
    const recorded = await (principal === undefined ? ledger : ledger.as(principal.right)).record({ ...input, occurredAt })()
    if (E.isLeft(recorded)) {
      // the same correction recorded before: nothing to do, and nothing wrong
      if (recorded.left.code !== 'DUPLICATE') return E.left(ledgerFailure(recorded.left))
      process.stdout.write(`${recorded.left.message}\n`)
      return E.right(exitStatus.ok)
    }
    const e = recorded.right
    process.stdout.write(`已记录 recorded ${e.type} ${e.id}: ${describeDb(db)}\n  位置 position: ${e.position}\n  更正对象 amends: ${input.data.entryId}\n  流 stream: ${e.stream}\n  哈希 hash: ${e.hash}\n`)
    return E.right(exitStatus.ok)
  })
}

/** `policy-ledger void`: the entry should never have been recorded; it stays in the log, and counts no more. */
export const voidCommand = (options: CorrectionOptions): Promise<E.Either<Failure, ExitStatus>> =>
  recordCorrection(options, { type: 'EventVoided', ...correctionInput(options) })
