import { redactSecrets, storageFailed, type StorageFailed } from '@policy-ledger/core'

/**
 * PostgreSQL's failures as `STORAGE_FAILED`, saying which kind of trouble it
 * is. Messages name the server as user@host:port/database and never carry a
 * password or the connection string; the raw driver error is not attached
 * either (it may echo connection settings), only its codes.
 */
export interface Target {
  /** user@host:port/database, for messages */
  readonly label: string
  /** strings that must never appear in a message: the password, the connection string */
  readonly secrets: ReadonlyArray<string>
}

interface DriverError {
  readonly code?: unknown
  readonly message?: unknown
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE'])


const kindOf = (code: string, message: string): string => {
  if (UNREACHABLE.has(code) || /timeout|terminated/i.test(message)) return 'cannot reach the server'
  if (code === '28P01' || code === '28000') return 'the server refused the credentials'
  if (code === '3D000') return 'the database does not exist'
  if (code === '57P01' || code === '57P02' || code === '57P03') return 'the server is shutting down or starting up'
  if (code === '42P01' || code === '42703' || code === '3F000' || code === '42883') return 'the ledger tables are missing or damaged'
  return 'the database failed'
}

/** What the entries table's check raises (migrations.ts) when a department role records for a unit not its own. */
export const RECORDED_BY_REFUSED = 'PL001'

export const failure = (target: Target, doing: string, error: unknown): StorageFailed => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as DriverError
  const codeText = typeof code === 'string' ? code : ''
  const said = redactSecrets(typeof message === 'string' ? message : String(error), target.secrets)
  // the check's own words are already Chinese, then English; the statement it stopped wrote nothing
  if (codeText === RECORDED_BY_REFUSED)
    return storageFailed(`PostgreSQL ${target.label}: ${said}; 整批未写入 — nothing of the batch was written (${codeText})`, { code: codeText })
  return storageFailed(
    `PostgreSQL ${target.label}: ${doing}: ${kindOf(codeText, said)} (${said}${codeText === '' ? '' : `, ${codeText}`})`,
    codeText === '' ? undefined : { code: codeText },
  )
}

/** A ledger refused for what its schema holds; nothing was written. */
export const notALedger = (target: Target, schema: string, why: string): StorageFailed =>
  storageFailed(`PostgreSQL ${target.label}: schema ${schema} is not a policy ledger: ${why}; nothing was written`)
