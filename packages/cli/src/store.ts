import { connectionTarget, storageFailed, type EventStore, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { storeFailure, type Failure } from './failure.js'

/** `read` never creates or changes anything; `write` creates a new SQLite ledger where none is. */
export type Access = 'read' | 'write'

export interface OpenOptions {
  readonly access: Access
  /** SQLite only: trade durability on power loss for speed, for a ledger that can be rebuilt (the demo) */
  readonly rebuildable?: boolean
  /** with `write`: the SQLite file must exist already (nothing is created) */
  readonly mustExist?: boolean
}

const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db)
const isEventStoreDb = (db: string): boolean => /^esdb(\+discover)?:\/\//i.test(db)

/** Check the store answers, so that an unreachable server or a file that is not a ledger is reported before any work. */
const checked = (store: EventStore): TE.TaskEither<StorageFailed, EventStore> =>
  pipe(
    store.head(),
    TE.map(() => store),
    TE.orElseFirst(() => TE.fromTask(() => store.close())),
  )

/**
 * The store `--db` names: a `postgres://` or `postgresql://` URL, an
 * `esdb://` connection string, or else the path of an SQLite file.
 * Store errors never carry credentials (each adapter sees to that).
 */
export const openStore = (db: string, options: OpenOptions): TE.TaskEither<StorageFailed, EventStore> => {
  // each store's client is loaded only when --db names that kind: a report on an SQLite file never loads pg or gRPC
  if (isPostgres(db)) return pipe(TE.fromTask(() => import('@policy-ledger/store-postgres')), TE.flatMap(({ postgresStore }) => checked(postgresStore({ connectionString: db }))))
  if (isEventStoreDb(db)) return pipe(TE.fromTask(() => import('@policy-ledger/store-eventstoredb')), TE.flatMap(({ eventStoreDbStore }) => eventStoreDbStore({ connectionString: db })))
  // reading never creates: a mistyped path is said to be missing, not made into an empty ledger
  if ((options.access === 'read' || options.mustExist === true) && !existsSync(db))
    return TE.left(storageFailed(`SQLite 台账 ledger ${JSON.stringify(db)}: 文件不存在，读取从不新建台账；请检查路径 / no such file: reading never creates a ledger; check the path`))
  return pipe(
    TE.fromTask(() => import('@policy-ledger/store-sqlite')),
    TE.flatMap(({ sqliteStore }) =>
      checked(
        sqliteStore({
          file: db,
          readonly: options.access === 'read',
          synchronous: options.rebuildable === true ? 'normal' : 'full',
        }),
      ),
    ),
    // a file an earlier release wrote is brought up to date by opening it for writing once
    TE.mapLeft((e) => (/without readonly/.test(e.message) ? { ...e, message: `${e.message}（升级 upgrade: policy-ledger migrate --db ${JSON.stringify(db)}）` } : e)),
  )
}

/** What `--db` names, safe to print: a connection string as scheme://user@hosts/database, never its password or query. */
export const describeDb = (db: string): string => {
  if (!isPostgres(db) && !isEventStoreDb(db)) return db
  const target = connectionTarget(db)
  if (E.isLeft(target)) return `${db.slice(0, db.indexOf('://'))}://***`
  const { scheme, user, hosts, database } = target.right
  return `${scheme}://${user === undefined ? '' : `${user}@`}${hosts}${database === undefined ? '' : `/${database}`}`
}

/** Open the store, use it, close it whatever happens. */
export const withStore = async <A>(
  db: string,
  options: OpenOptions,
  use: (store: EventStore) => Promise<E.Either<Failure, A>>,
): Promise<E.Either<Failure, A>> => {
  const opened = await openStore(db, options)()
  if (E.isLeft(opened)) return E.left(storeFailure(opened.left))
  try {
    return await use(opened.right)
  } finally {
    await opened.right.close()
  }
}
