import type { Database } from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { resolve } from 'node:path'
import { followByPolling, said, wordingOf, type EventStore, type PollOptions, type StorageFailed, type Wording } from '@policy-ledger/core'
import { appender } from './append.js'
import { blocksReader, deltasReader, snapshots } from './deltas.js'
import { failure, reasonOf } from './failure.js'
import { identityOf, openLedger, sameFile, type Identity, type Synchronous } from './open.js'
import { columnsReader, headReader, idFinder, logReader, positionsReader, rawReader, streamReader, streamsReader } from './read.js'

export interface SqliteStoreOptions {
  /** the ledger file; created (with its schema) if it does not exist and its directory does */
  readonly file: string
  /** open for reading only, e.g. for a projection in another process; the file must exist */
  readonly readonly?: boolean
  /** how long an append waits for another process's write lock before failing; default 5000 */
  readonly busyTimeoutMs?: number
  /**
   * `full` (default): an acknowledged append survives a power cut.
   * `normal`: it survives a crash of the process, and the last appends may be lost on a power cut; faster.
   */
  readonly synchronous?: Synchronous
  /** how `follow` polls: idleMs between looks when nothing is new (default 200), retryMs after a failure (default 1000) */
  readonly poll?: Pick<PollOptions, 'idleMs' | 'retryMs'>
}

/** An open file with the operations prepared on it. */
interface Connection {
  readonly db: Database
  readonly identity: Identity
  readonly ops: ReturnType<typeof operations>
}

const operations = (db: Database) => ({
  append: appender(db),
  readStream: streamReader(db),
  readStreams: streamsReader(db),
  readAll: logReader(db),
  readPositions: positionsReader(db),
  readRaw: rawReader(db),
  readColumns: columnsReader(db),
  readDeltas: deltasReader(db),
  readDeltaBlocks: blocksReader(db),
  snapshots: snapshots(db),
  findByIds: idFinder(db),
  head: headReader(db),
})

type Ops = Connection['ops']

/**
 * The embedded default store: one SQLite file in WAL mode. The file is
 * opened on first use and checked every time it is used: if it is moved
 * away, operations fail with STORAGE_FAILED until it is back, and a store
 * that has opened a ledger never creates a fresh one in its place.
 */
export const sqliteStore = (options: SqliteStoreOptions): EventStore => {
  const file = resolve(options.file)
  const readonly = options.readonly ?? false
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  let current: Connection | undefined
  let opened = false
  let closed = false

  const drop = (): void => {
    current?.db.close()
    current = undefined
  }

  const connection = (): E.Either<StorageFailed, Connection> => {
    if (closed) return E.left(failure(file, said({ zh: '存储已关闭', en: 'the store is closed' })))
    if (current !== undefined) {
      const seen = identityOf(file)
      if (seen === undefined) return E.left(failure(file, said({ zh: '已不在原处：使用中被移走或删除，放回原处后即可继续使用', en: 'is missing: it was moved or deleted while in use; it will be used again once it is back' })))
      if (sameFile(seen, current.identity)) return E.right(current)
      drop() // another file stands at the path now: check it afresh
    }
    return pipe(
      openLedger(file, { readonly, busyTimeoutMs, synchronous: options.synchronous ?? 'full', mustExist: readonly || opened }),
      E.flatMap(({ db, identity }) => {
        // preparing the statements is the first look at the tables themselves: a forged schema (a view
        // where a table was, a column missing) is refused here, the file closed, never a crash
        try {
          const ops = operations(db)
          opened = true
          current = { db, identity, ops }
          return E.right(current)
        } catch (err) {
          db.close()
          const why = wordingOf(reasonOf(err, busyTimeoutMs))
          return E.left(
            failure(file, `不是本版本所知的 policy-ledger 台账：${why.zh}；未写入任何内容 / is not a policy-ledger database as this release knows one: ${why.en}; nothing was written to it`, err),
          )
        }
      }),
    )
  }

  /** Run an operation on the file; a thrown SQLite error becomes STORAGE_FAILED and the file is opened afresh next time. */
  const attempt = <L, A>(what: Wording, f: (ops: Ops) => E.Either<L, A>): TE.TaskEither<L | StorageFailed, A> =>
    TE.fromIOEither(() =>
      pipe(
        connection(),
        E.flatMap((c): E.Either<L | StorageFailed, A> => {
          try {
            return f(c.ops)
          } catch (err) {
            drop()
            const why = wordingOf(reasonOf(err, busyTimeoutMs))
            return E.left(failure(file, `${what.zh}：${why.zh} / ${what.en}: ${why.en}`, err))
          }
        }),
      ),
    )
  /** `op`: the store's operation, by its name */
  const read = <A>(op: string, f: (ops: Ops) => A): TE.TaskEither<StorageFailed, A> => attempt({ zh: `读取失败（${op}）`, en: `${op} failed` }, (ops) => E.right(f(ops)))
  const appending: Wording = { zh: '追加失败，未写入任何内容', en: 'append failed, nothing was written' }
  const refused = (op: string): StorageFailed => failure(file, said({ zh: `拒绝 ${op}：存储以只读方式打开`, en: `${op} refused: the store was opened readonly` }))

  const readAll: EventStore['readAll'] = (page) => read('readAll', (ops) => ops.readAll(page))

  return {
    kind: 'sqlite',
    append: (request) =>
      readonly
        ? TE.left(refused('append'))
        : attempt(appending, (ops) => ops.append.append(request)),
    appendSealed: (commit) =>
      readonly
        ? TE.left(refused('append'))
        : attempt(appending, (ops) => ops.append.appendSealed(commit)),
    readStream: (stream) => read('readStream', (ops) => ops.readStream(stream)),
    readStreams: (streams) => read('readStreams', (ops) => ops.readStreams(streams)),
    readAll,
    readPositions: (positions) => read('readPositions', (ops) => ops.readPositions(positions)),
    readRaw: (page) => read('readRaw', (ops) => ops.readRaw(page)),
    readColumns: (page) => read('readColumns', (ops) => ops.readColumns(page)),
    readDeltas: (page) => read('readDeltas', (ops) => ops.readDeltas(page)),
    readDeltaBlocks: (page) => read('readDeltaBlocks', (ops) => ops.readDeltaBlocks(page)),
    readSnapshot: (atOrBefore) => read('readSnapshot', (ops) => ops.snapshots.read(atOrBefore)),
    listSnapshots: () => read('listSnapshots', (ops) => ops.snapshots.list()),
    writeSnapshot: (snapshot) =>
      readonly
        ? TE.left(refused('writeSnapshot'))
        : read('writeSnapshot', (ops) => ops.snapshots.write(snapshot)),
    findByIds: (ids) => read('findByIds', (ops) => ops.findByIds(ids)),
    head: () => read('head', (ops) => ops.head()),
    follow: (followOptions) => followByPolling(readAll, followOptions, options.poll ?? {}),
    // a verifier's worker threads open the same file read-only through this module's own export
    reopen: { module: import.meta.url, export: 'sqliteStore', options: { file, readonly: true, busyTimeoutMs } satisfies SqliteStoreOptions },
    close: async () => {
      closed = true
      drop()
    },
  }
}
