import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  NotLeaderError,
  UnavailableError,
} from '@eventstore/db-client'
import { connectionSecrets, connectionTarget, redactSecrets, storageFailed, wordingOf, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { NotALedger } from './codec.js'

/**
 * A client and how to speak of its server in errors. Messages name the
 * server by its hosts only: the connection string, user name and password
 * never appear in an error, whatever the client library puts in its own.
 */
export interface Connection {
  readonly client: EventStoreDBClient
  /** what went wrong while doing `what`, as a StorageFailed that says which */
  readonly failure: (what: string, error: unknown) => StorageFailed
  /** run an operation, turning anything thrown into a StorageFailed */
  readonly attempt: <A>(what: string, run: () => Promise<A>) => TE.TaskEither<StorageFailed, A>
}

export const connect = (connectionString: string): E.Either<StorageFailed, Connection> => {
  const target = connectionTarget(connectionString)
  const hosts = E.isRight(target) ? target.right.hosts : ''
  const secrets = connectionSecrets(connectionString)
  const redact = (text: string): string => redactSecrets(text, secrets)
  const server = `the EventStoreDB server at ${hosts || '(no host)'}`

  const serverZh = `EventStoreDB 服务器 ${hosts || '（无主机）'}`
  // what was being done, and the client's own words, stand in the English
  const failure = (what: string, error: unknown): StorageFailed => {
    if (error instanceof NotALedger) return storageFailed(`${serverZh} 中的数据不是 policy-ledger 台账 / ${what}: ${server} holds data that is not a policy-ledger log: ${error.message}`)
    if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof NotLeaderError)
      return storageFailed(`无法连接 ${serverZh} / ${what}: ${server} cannot be reached (${redact(error.message)})`)
    if (error instanceof CancelledError) return storageFailed(`${serverZh} 中断了调用 / ${what}: ${server} dropped the call (${redact(error.message)})`)
    if (error instanceof AccessDeniedError) return storageFailed(`${serverZh} 拒绝访问，请检查用户名和密码 / ${what}: ${server} refused access: check the user name and password`)
    const message = error instanceof Error ? error.message : String(error)
    return storageFailed(`${serverZh} 出错 / ${what}: ${server} failed: ${redact(message)}`)
  }

  if (E.isLeft(target)) {
    const why = wordingOf(target.left)
    return E.left(
      storageFailed(
        `EventStoreDB 连接串无效：${why.zh}；应为 esdb://主机:端口 或 esdb+discover://主机:端口 / the EventStoreDB connection string is not valid: ${why.en}; expected esdb://host:port or esdb+discover://host:port`,
      ),
    )
  }
  try {
    const client = EventStoreDBClient.connectionString(connectionString)
    return E.right({ client, failure, attempt: (what, run) => TE.tryCatch(run, (error) => failure(what, error)) })
  } catch (error) {
    // the client's own message quotes the connection string: say only where and what was expected
    const { location, expected } = error as { location?: readonly [number, number]; expected?: string }
    return E.left(
      storageFailed(
        `EventStoreDB 连接串无效${location === undefined ? '' : `（第 ${location[0] + 1} 个字符处）`} / the EventStoreDB connection string is not valid${location === undefined ? '' : ` at character ${location[0] + 1}`}${expected === undefined ? '' : `: expected ${expected}`}`,
      ),
    )
  }
}
