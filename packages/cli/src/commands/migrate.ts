import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, type ExitStatus, type Failure } from '../failure.js'
import { describeDb, withStore } from '../store.js'

export interface MigrateOptions {
  readonly db: string
}

/**
 * `policy-ledger migrate`: bring a ledger written by an earlier release up
 * to this one. Opening it for writing does it: its schema is migrated, and
 * data derived by earlier rules is derived again from the entries. The
 * entries themselves are never touched.
 */
export const migrateCommand = async (options: MigrateOptions): Promise<E.Either<Failure, ExitStatus>> =>
  withStore(options.db, { access: 'write', mustExist: true }, async (store) => {
    const head = await store.head()()
    if (E.isLeft(head)) return E.left(storeFailure(head.left))
    process.stdout.write(
      `OK 台账已为当前版本 the ledger is at this release's schema and rules: ${describeDb(options.db)}\n  条目 entries: ${head.right.position}（条目从不改写 / entries are never rewritten）\n`,
    )
    return E.right(exitStatus.ok)
  })
