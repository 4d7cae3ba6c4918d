import { connectionTarget, said, storageFailed, wordingOf, type EventStore, type StorageFailed, type Subscription } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import pg from 'pg'
import { append, appendSealed } from './append.js'
import type { Db } from './db.js'
import type { Target } from './failures.js'
import { follow, type FollowTiming } from './follow.js'
import { migrate } from './migrations.js'
import { findByIds, head, listSnapshots, readAll, readColumns, readPositions, readDeltaBlocks, readDeltas, readRaw, readSnapshot, readStream, readStreams, writeSnapshot } from './read.js'
import { schemaNamed, type Schema } from './schema.js'

const DEFAULT_SCHEMA = schemaNamed('policy_ledger') as Schema

export type PostgresStoreOptions = (
  | {
      /** e.g. `postgres://ledger:…@db.example:5432/county`; the store opens and closes its own pool */
      readonly connectionString: string
      /** most connections the store's pool opens; default 10 */
      readonly poolSize?: number
    }
  | {
      /** a pool the caller owns: the store neither ends it nor handles its errors */
      readonly pool: pg.Pool
    }
) & {
  /** the PostgreSQL schema holding the ledger, created if absent; default `policy_ledger` */
  readonly schema?: string
  readonly follow?: FollowTiming
}

/**
 * How to name the server in messages: user@host:port/database, and what must never be shown; a
 * connection string that cannot be read safely is the reason every operation fails.
 */
const targetOf = (config: pg.PoolConfig): E.Either<string, Target> => {
  const secrets = typeof config.password === 'string' ? [config.password] : []
  const named = (user?: string, hosts?: string, database?: string): Target => ({
    label: `${user ?? '?'}@${hosts ?? `${config.host ?? 'localhost'}:${config.port ?? 5432}`}/${database ?? config.database ?? '?'}`,
    secrets,
  })
  if (config.connectionString === undefined) return E.right(named(config.user))
  return pipe(
    connectionTarget(config.connectionString),
    E.map((t) => ({ ...named(t.user ?? config.user, t.hosts === '' ? undefined : /:\d+$/.test(t.hosts) ? t.hosts : `${t.hosts}:5432`, t.database), secrets: [...secrets, ...t.secrets] })),
  )
}

/**
 * A ledger store on PostgreSQL: for a county's shared server, with several
 * writers and followers in other processes. The schema is created or
 * migrated on first use; every operation before that fails as
 * `STORAGE_FAILED` until the server can be reached.
 */
/**
 * The ledger in `schemaName` on a pool, and why every operation on it must
 * fail if it cannot be used (a connection string that cannot be read safely,
 * a schema name that is not a plain identifier).
 */
export const ledgerDb = (pool: pg.Pool, config: pg.PoolConfig, schemaName: string = DEFAULT_SCHEMA.name): { readonly db: Db; readonly unusable?: StorageFailed } => {
  const targeted = targetOf(config)
  const target = E.isRight(targeted) ? targeted.right : { label: '?', secrets: [] }
  const schema = schemaNamed(schemaName)
  const db: Db = { pool, schema: schema ?? DEFAULT_SCHEMA, target }
  if (E.isLeft(targeted)) {
    const why = wordingOf(targeted.left)
    return { db, unusable: storageFailed(`PostgreSQL: ${why.zh}；未写入任何内容 / ${why.en}; nothing was written`) }
  }
  if (schema === undefined)
    return {
      db,
      unusable: storageFailed(
        said({
          zh: `模式名 ${JSON.stringify(schemaName)} 不是简单标识符（小写字母、数字和 _，至多 48 个字符，不以数字开头），未写入任何内容`,
          en: `schema name ${JSON.stringify(schemaName)} is not a plain identifier (lower-case letters, digits and _, at most 48, not starting with a digit); nothing was written`,
        }),
      ),
    }
  return { db }
}

export const postgresStore = (options: PostgresStoreOptions): EventStore => {
  const owned = 'connectionString' in options
  const pool = owned ? new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 }) : options.pool
  // an idle connection that breaks (the server restarted) is dropped by the pool; the next query reports it
  if (owned) pool.on('error', () => undefined)
  const { db, unusable } = ledgerDb(pool, owned ? { connectionString: options.connectionString } : pool.options, options.schema)

  // migrated once per store; a failure is not remembered, so the next call tries again
  let ready: Promise<E.Either<StorageFailed, void>> | undefined
  const migrated: TE.TaskEither<StorageFailed, void> = () =>
    unusable !== undefined
      ? Promise.resolve(E.left(unusable))
      : (ready ??= migrate(db)().then((r) => {
          if (E.isLeft(r)) ready = undefined
          return r
        }))
  const afterMigrating =
    <Args extends unknown[], L, A>(operation: (...args: Args) => TE.TaskEither<L, A>) =>
    (...args: Args): TE.TaskEither<L | StorageFailed, A> =>
      pipe(
        migrated,
        TE.flatMap((): TE.TaskEither<L | StorageFailed, A> => operation(...args)),
      )

  const readAllOnce = afterMigrating(readAll(db))
  const following = follow(db, readAllOnce, options.follow)
  // followers hold a connection each; closing the store stops them first, or the pool would wait for them forever
  const subscriptions = new Set<Subscription>()
  return {
    kind: 'postgres',
    append: afterMigrating(append(db)),
    appendSealed: afterMigrating(appendSealed(db)),
    readStream: afterMigrating(readStream(db)),
    readStreams: afterMigrating(readStreams(db)),
    readAll: readAllOnce,
    readPositions: afterMigrating(readPositions(db)),
    readRaw: afterMigrating(readRaw(db)),
    readColumns: afterMigrating(readColumns(db)),
    readDeltas: afterMigrating(readDeltas(db)),
    readDeltaBlocks: afterMigrating(readDeltaBlocks(db)),
    readSnapshot: afterMigrating(readSnapshot(db)),
    writeSnapshot: afterMigrating(writeSnapshot(db)),
    listSnapshots: afterMigrating(listSnapshots(db)),
    findByIds: afterMigrating(findByIds(db)),
    head: afterMigrating(head(db)),
    follow: (o) => {
      const subscription = following(o)
      const tracked: Subscription = {
        position: subscription.position,
        stop: async () => {
          subscriptions.delete(tracked)
          await subscription.stop()
        },
      }
      subscriptions.add(tracked)
      return tracked
    },
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.stop()))
      if (owned) await pool.end()
    },
  }
}
