import { recordsAbout, showEntry, type EntryRef, type EventStore, type Plan, type ShowError } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { exitStatus, queryFailure, type ExitStatus, type Failure } from '../failure.js'
import type { ViewFormat } from '../formats.js'
import { outOf, type OutOptions } from '../output.js'
import { entryText, thingText } from '../render/entry.js'
import { planOf, type PlanOptions } from '../plan.js'
import { withStore } from '../store.js'

export interface RecordsOptions extends OutOptions, PlanOptions {
  readonly db: string
  readonly format: ViewFormat
}

/** A position is written in digits; anything else is an id. */
export const entryRef = (ref: string): EntryRef => (/^[0-9]{1,15}$/.test(ref) ? { position: Number(ref) } : { id: ref })

/** A view of the log: read from the store, written as text or JSON where --out says. */
const view =
  <A>(read: (plan: Plan, store: EventStore) => TaskEither<ShowError, A>, text: (a: A) => string) =>
  async (options: RecordsOptions): Promise<E.Either<Failure, ExitStatus>> => {
    const output = outOf(options)
    if (E.isLeft(output)) return output
    const plan = await planOf(options)
    if (E.isLeft(plan)) return plan
    return withStore(options.db, { access: 'read' }, async (store) => {
      const r = await read(plan.right, store)()
      if (E.isLeft(r)) return E.left(queryFailure(r.left))
      return E.map(() => exitStatus.ok)(await output.right.emit(options.format === 'json' ? `${JSON.stringify(r.right, null, 2)}\n` : `${text(r.right)}\n`))
    })
  }

/** `policy-ledger show`: one entry, by id or position, with its chain links and what it contributed. */
export const showCommand = (ref: string, options: RecordsOptions): Promise<E.Either<Failure, ExitStatus>> =>
  view((plan, store) => showEntry(plan, store, entryRef(ref)), entryText)(options)

/** `policy-ledger history`: everything recorded about one thing (a VIN, a pile, a project, or a stream's name), corrections included. */
export const historyCommand = (key: string, options: RecordsOptions): Promise<E.Either<Failure, ExitStatus>> =>
  view((plan, store) => recordsAbout(plan, store, key), thingText)(options)
