import { redactSecrets, storageFailed, wordingOf, type StorageFailed, type Wording } from '@policy-ledger/core'

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


const kindOf = (code: string, message: string): Wording => {
  if (UNREACHABLE.has(code) || /timeout|terminated/i.test(message)) return { zh: '无法连接服务器', en: 'cannot reach the server' }
  if (code === '28P01' || code === '28000') return { zh: '服务器拒绝了用户名或密码', en: 'the server refused the credentials' }
  if (code === '3D000') return { zh: '数据库不存在', en: 'the database does not exist' }
  if (code === '57P01' || code === '57P02' || code === '57P03') return { zh: '服务器正在关闭或启动', en: 'the server is shutting down or starting up' }
  if (code === '42P01' || code === '42703' || code === '3F000' || code === '42883') return { zh: '台账的表缺失或已损坏', en: 'the ledger tables are missing or damaged' }
  return { zh: '数据库出错', en: 'the database failed' }
}

/** What the entries table's check raises (migrations.ts) when a department role records for a unit not its own. */
export const RECORDED_BY_REFUSED = 'PL001'

export const failure = (target: Target, doing: string, error: unknown): StorageFailed => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as DriverError
  const codeText = typeof code === 'string' ? code : ''
  const said = redactSecrets(typeof message === 'string' ? message : String(error), target.secrets)
  // the check's own words are already Chinese — then English (as the schema's function raises them); the statement it stopped wrote nothing
  if (codeText === RECORDED_BY_REFUSED) {
    const check = wordingOf(said.replace(' — ', ' / '))
    return storageFailed(`PostgreSQL ${target.label}: ${check.zh}；整批未写入（${codeText}） / ${check.en}; nothing of the batch was written (${codeText})`, { code: codeText })
  }
  // the driver's own words (English, or the server's language) and what was being done stand in the English
  const kind = kindOf(codeText, said)
  return storageFailed(
    `PostgreSQL ${target.label}: ${kind.zh}${codeText === '' ? '' : `（${codeText}）`} / ${doing}: ${kind.en} (${said}${codeText === '' ? '' : `, ${codeText}`})`,
    codeText === '' ? undefined : { code: codeText },
  )
}

/** A ledger refused for what its schema holds, `why` said as every message is (`said`); nothing was written. */
export const notALedger = (target: Target, schema: string, why: string): StorageFailed => {
  const w = wordingOf(why)
  return storageFailed(`PostgreSQL ${target.label}: 模式 ${schema} 不是 policy-ledger 台账：${w.zh}；未写入任何内容 / schema ${schema} is not a policy ledger: ${w.en}; nothing was written`)
}
