import type { EventStore, StorageFailed } from '@policy-ledger/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { append, appendSealed, headOf } from './append.js'
import { deltasFromLogEvent, fromLogEvent, NotALedger } from './codec.js'
import { connect } from './connection.js'
import { followLog } from './follow.js'
import { settle } from './links.js'
import { DEFAULT_PREFIX, names as namesFor } from './names.js'
import { readEvents, recordedOf } from './reads.js'

export { DEFAULT_PREFIX } from './names.js'

export interface EventStoreDbOptions {
  /** e.g. `esdb://localhost:2113?tls=false`; it may hold credentials, which never appear in errors */
  readonly connectionString: string
  /** what the ledger's stream names start with; several ledgers can share a server under different prefixes */
  readonly prefix?: string
  /** how long a follower waits before subscribing again when the server is away; default 1 s */
  readonly retryMs?: number
}

/**
 * A store on EventStoreDB or KurrentDB, through @eventstore/db-client.
 * It connects and checks that the log it finds (if any) is a ledger's
 * before handing the store over, so a server that cannot be reached or a
 * stream that is not a ledger is a STORAGE_FAILED saying which.
 */
export const eventStoreDbStore = (options: EventStoreDbOptions): TE.TaskEither<StorageFailed, EventStore> =>
  pipe(
    TE.fromEither(connect(options.connectionString)),
    TE.chain((connection) => {
      const { client, attempt, failure } = connection
      const names = namesFor(options.prefix ?? DEFAULT_PREFIX)
      const context = { client, names, linked: { position: 0 } }
      const readLog = (after: number, limit: number) => readEvents(client, names.log, { from: BigInt(after), count: limit })

      const store: EventStore = {
        kind: 'eventstoredb',
        append: (request) => pipe(attempt('appending to the log', () => append(context, request)), TE.chainEitherKW((x) => x)),
        appendSealed: (commit) => pipe(attempt('appending a copied commit to the log', () => appendSealed(context, commit)), TE.chainEitherKW((x) => x)),
        readStream: (stream) =>
          attempt(`reading stream ${stream}`, async () => {
            const read = () => readEvents(client, names.stream(stream), { count: Number.MAX_SAFE_INTEGER, resolveLinks: true })
            const [{ rolled }, first] = await Promise.all([settle(context), read()])
            return (rolled ? await read() : first).map((r) => {
              const entry = fromLogEvent(recordedOf(r))
              if (entry.stream !== stream) throw new NotALedger(`${names.stream(stream)} links to an entry of ${entry.stream}`)
              return entry
            })
          }),
        readAll: ({ after, limit }) => attempt('reading the log', async () => (await readLog(after, limit)).map((r) => fromLogEvent(recordedOf(r)))),
        readDeltas: ({ after, limit }) => attempt('reading the log', async () => (await readLog(after, limit)).map((r) => deltasFromLogEvent(recordedOf(r)))),
        findByIds: (ids) =>
          attempt('finding entries by id', async () => {
            const read = () => Promise.all(ids.map((id) => readEvents(client, names.id(id), { count: 1, resolveLinks: true })))
            const [{ rolled }, first] = await Promise.all([settle(context), read()])
            return (rolled ? await read() : first).flat().map((r) => fromLogEvent(recordedOf(r)))
          }),
        head: () => attempt('reading the head of the log', async () => headOf((await readEvents(client, names.log, { count: 1, backwards: true })).map((r) => fromLogEvent(recordedOf(r)))[0])),
        follow: (follow) => followLog({ ...context, failure, retryMs: options.retryMs ?? 1000 }, follow),
        close: () => client.dispose(),
      }
      return pipe(
        store.head(),
        TE.map(() => store),
        TE.orElseFirstW(() => TE.fromTask(() => client.dispose())),
      )
    }),
  )
