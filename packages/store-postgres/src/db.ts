import type { StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type pg from 'pg'
import { failure, type Target } from './failures.js'
import type { Schema } from './schema.js'

/** What every storage operation needs: the pool, the ledger's schema, and how to name the server in errors. */
export interface Db {
  readonly pool: pg.Pool
  readonly schema: Schema
  readonly target: Target
}

/** One statement on any pooled connection; a thrown driver error becomes `STORAGE_FAILED`. */
export const query =
  <A>(db: Db, doing: string, run: (pool: pg.Pool) => Promise<E.Either<StorageFailed, A>>): TaskEither<StorageFailed, A> =>
  async () => {
    try {
      return await run(db.pool)
    } catch (error) {
      return E.left(failure(db.target, doing, error))
    }
  }

/**
 * Run `body` in one transaction on one connection: committed if it returns
 * Right, rolled back if it returns Left or throws, so that a refused append
 * or migration leaves nothing behind.
 */
export const transaction =
  <L, A>(db: Db, doing: string, body: (client: pg.PoolClient) => Promise<E.Either<L, A>>): TaskEither<L | StorageFailed, A> =>
  async () => {
    let client: pg.PoolClient
    try {
      client = await db.pool.connect()
    } catch (error) {
      return E.left(failure(db.target, doing, error))
    }
    try {
      await client.query('BEGIN')
      const result = await body(client)
      await client.query(E.isRight(result) ? 'COMMIT' : 'ROLLBACK')
      client.release()
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      // the connection's state is unknown after a failure: do not hand it out again
      client.release(true)
      return E.left(failure(db.target, doing, error))
    }
  }

/** The schema's advisory lock, held to the end of the transaction: one migration or setup of a schema at a time. */
export const lockSchema = async (db: Db, client: pg.PoolClient): Promise<void> => {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`policy-ledger/${db.schema.name}`])
}
