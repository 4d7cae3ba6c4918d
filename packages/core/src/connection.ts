import * as E from 'fp-ts/lib/Either.js'

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

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

interface UserInfo {
  /** what stands before the last `@`, user and password as written */
  readonly userInfo?: string
  readonly user?: string
  readonly password?: string
  /** what follows it: hosts, path, query */
  readonly after: string
}

/** Where a connection string's user information ends: at its last `@` (none: no user information); the password after its first `:`. */
const userInfoOf = (rest: string): UserInfo => {
  const at = rest.lastIndexOf('@')
  if (at < 0) return { after: rest }
  const userInfo = rest.slice(0, at)
  const colon = userInfo.indexOf(':')
  return colon < 0
    ? { userInfo, user: userInfo, after: rest.slice(at + 1) }
    : { userInfo, user: userInfo.slice(0, colon), password: userInfo.slice(colon + 1), after: rest.slice(at + 1) }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is

/** Passwords given as `password=…` (libpq's keyword form, or a URL's query), quoted or not. */
const keywordPasswords = (text: string): string[] =>
  [...text.matchAll(/(?:^|[\s&?;])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&;#]+)/gi)].flatMap((m) => {
    const value = m[1] ?? ''
    return value.startsWith("'") ? [value, value.slice(1, -1)] : [value, decoded(value)]
  })

/**
 * What no message may show of a string that looks like a connection string, whether or not it can
 * be used: the string itself, its user information, the password raw, decoded and encoded, and a
 * password given as `password=…`. A string is taken for one when it has a scheme and `://`, or a
 * scheme and an `@` (`postgres:/user:pw@host`, mistyped), or a `password=`; a plain file path is
 * not one, and is shown as it is.
 */
export const connectionSecrets = (connectionString: string): ReadonlyArray<string> => {
  const keywords = keywordPasswords(connectionString)
  const rest = /^[a-z][a-z0-9+.-]*:\/*(.*)$/is.exec(connectionString)?.[1]
  const urlish = rest !== undefined && (connectionString.includes('://') || rest.includes('@'))
  if (!urlish) return keywords.length === 0 ? [] : [connectionString, ...keywords].filter((s) => s.length > 0)
  const { userInfo, password } = userInfoOf(rest)
  return [connectionString, userInfo, password, ...(password === undefined ? [] : [decoded(password), encodeURIComponent(decoded(password))]), ...keywords].filter(
    (s): s is string => s !== undefined && s.length > 0,
  )
}

export const connectionTarget = (connectionString: string): E.Either<string, ConnectionTarget> => {
  const parts = SCHEME.exec(connectionString)
  if (parts === null) return E.left('连接串应以 scheme:// 开头 — a connection string starts with scheme://')
  const [, scheme = '', rest = ''] = parts
  const { userInfo, user: written, after } = userInfoOf(rest)
  if (userInfo !== undefined && /[@/?#]/.test(userInfo))
    return E.left(
      '连接串的用户名或密码含有未编码的 @ / ? #，请按百分号编码书写（@ 写作 %40，/ 写作 %2F） — the user name or password holds an unencoded @, /, ? or #: percent-encode it (@ as %40, / as %2F)',
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

/** A message with every secret taken out; longest first, so that a secret holding another is taken whole. */
export const redactSecrets = (text: string, secrets: ReadonlyArray<string>): string =>
  [...secrets].sort((a, b) => b.length - a.length).reduce((out, s) => (s.length === 0 ? out : out.split(s).join('***')), text)
