/*
 * What no message may show of a connection string, apart from reading the
 * server it names (connection.ts): the command line takes the secrets out
 * of everything it prints from its first line, so this module loads nothing
 * else (`@policy-ledger/core/secrets`).
 */

export const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export interface UserInfo {
  /** what stands before the last `@`, user and password as written */
  readonly userInfo?: string
  readonly user?: string
  readonly password?: string
  /** what follows it: hosts, path, query */
  readonly after: string
}

/** Where a connection string's user information ends: at its last `@` (none: no user information); the password after its first `:`. */
export const userInfoOf = (rest: string): UserInfo => {
  const at = rest.lastIndexOf('@')
  if (at < 0) return { after: rest }
  const userInfo = rest.slice(0, at)
  const colon = userInfo.indexOf(':')
  return colon < 0
    ? { userInfo, user: userInfo, after: rest.slice(at + 1) }
    : { userInfo, user: userInfo.slice(0, colon), password: userInfo.slice(colon + 1), after: rest.slice(at + 1) }
}

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

/** A message with every secret taken out; longest first, so that a secret holding another is taken whole. */
export const redactSecrets = (text: string, secrets: ReadonlyArray<string>): string =>
  [...secrets].sort((a, b) => b.length - a.length).reduce((out, s) => (s.length === 0 ? out : out.split(s).join('***')), text)
