import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  NotLeaderError,
  UnavailableError,
} from '@eventstore/db-client'
import { connectionSecrets, connectionTarget, redactSecrets, storageFailed, type StorageFailed } from '@policy-ledger/core'
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

  const failure = (what: string, error: unknown): StorageFailed => {
    if (error instanceof NotALedger) return storageFailed(`${what}: ${server} holds data that is not a policy-ledger log: ${error.message}`)
    if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof NotLeaderError)
      return storageFailed(`${what}: ${server} cannot be reached (${redact(error.message)})`)
    if (error instanceof CancelledError) return storageFailed(`${what}: ${server} dropped the call (${redact(error.message)})`)
    if (error instanceof AccessDeniedError) return storageFailed(`${what}: ${server} refused access: check the user name and password`)
    const message = error instanceof Error ? error.message : String(error)
    return storageFailed(`${what}: ${server} failed: ${redact(message)}`)
  }

  if (E.isLeft(target)) return E.left(storageFailed(`the EventStoreDB connection string is not valid: ${target.left}; expected esdb://host:port or esdb+discover://host:port`))
  try {
    const client = EventStoreDBClient.connectionString(connectionString)
    return E.right({ client, failure, attempt: (what, run) => TE.tryCatch(run, (error) => failure(what, error)) })
  } catch (error) {
    // the client's own message quotes the connection string: say only where and what was expected
    const { location, expected } = error as { location?: readonly [number, number]; expected?: string }
    return E.left(
      storageFailed(
        `the EventStoreDB connection string is not valid${location === undefined ? '' : ` at character ${location[0] + 1}`}${expected === undefined ? '' : `: expected ${expected}`}`,
      ),
    )
  }
}
