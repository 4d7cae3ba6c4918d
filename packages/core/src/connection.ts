import * as E from 'fp-ts/lib/Either.js'
import { connectionSecrets, decoded, userInfoOf } from './secrets.js'

export { connectionSecrets, redactSecrets } from './secrets.js'

/**
 * A server named by a connection string (`postgres://user:password@host:port/db?…`, `esdb://…`),
 * read so that no message can show its secret. The user and password end at the string's last
 * `@`; one that holds `@`, `/`, `?` or `#` unencoded is refused before any driver sees it, because
 * drivers part such a string elsewhere (a password's tail taken for a host) and echo the pieces in
 * their errors. A password in the query (`?password=…`) is a secret too.
 */
export interface ConnectionTarget {
  readonly scheme: string
  readonly user?: string
  /** host[:port], or several, as written */
  readonly hosts: string
  readonly database?: string
  /** what no message may show: the string itself, the user information, the password raw, decoded and encoded */
  readonly secrets: ReadonlyArray<string>
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is

export const connectionTarget = (connectionString: string): E.Either<string, ConnectionTarget> => {
  const parts = SCHEME.exec(connectionString)
  if (parts === null) return E.left('连接串应以 scheme:// 开头 / a connection string starts with scheme://')
  const [, scheme = '', rest = ''] = parts
  const { userInfo, user: written, after } = userInfoOf(rest)
  if (userInfo !== undefined && /[@/?#]/.test(userInfo))
    return E.left(
      '连接串的用户名或密码含有未编码的 @、/、? 或 #，请按百分号编码书写（@ 写作 %40，/ 写作 %2F） / the user name or password holds an unencoded @, /, ? or #: percent-encode it (%40 for @, %2F for /)',
    )
  const end = after.search(/[/?#]/)
  const path = /^\/([^?#]*)/.exec(end < 0 ? '' : after.slice(end))?.[1]
  const user = written === undefined ? undefined : decoded(written)
  return E.right({
    scheme: scheme.toLowerCase(),
    ...(user === undefined || user === '' ? {} : { user }),
    hosts: end < 0 ? after : after.slice(0, end),
    ...(path === undefined || path === '' ? {} : { database: decoded(path) }),
    secrets: connectionSecrets(connectionString),
  })
}
