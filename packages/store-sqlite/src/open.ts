import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { statSync, type Stats } from 'node:fs'
import { endianness } from 'node:os'
import { dirname } from 'node:path'
import { DERIVATION_RULES, said, type StorageFailed } from '@policy-ledger/core'
import { deriveAgain, rulesOf, setRules } from './derive.js'
import { failure, reasonOf } from './failure.js'
import { APPLICATION_ID, contentsOf, migrate, SCHEMA_VERSION, type Contents } from './schema.js'

export type Synchronous = 'full' | 'normal'

export interface OpenOptions {
  readonly readonly: boolean
  readonly busyTimeoutMs: number
  readonly synchronous: Synchronous
  /** refuse to create the file: the store has opened it before, or is readonly */
  readonly mustExist: boolean
}

/** Which file a connection holds, so that a file moved away or replaced is noticed. */
export interface Identity {
  readonly dev: number
  readonly ino: number
}

export const identityOf = (file: string): Identity | undefined => {
  const s: Stats | undefined = statSync(file, { throwIfNoEntry: false })
  return s === undefined ? undefined : { dev: s.dev, ino: s.ino }
}

export const sameFile = (a: Identity, b: Identity): boolean => a.dev === b.dev && a.ino === b.ino

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`

/** Why a file's contents are not a ledger this code can use, or undefined if they are. */
const refusal = (contents: Contents, readonly: boolean): string | undefined => {
  switch (contents.kind) {
    case 'foreign': {
      const tables = `${contents.tables.slice(0, 5).join(', ')}${contents.tables.length > 5 ? ', …' : ''}`
      return contents.applicationId !== 0
        ? `不是 policy-ledger 台账，属于另一个应用程序（application_id ${hex(contents.applicationId)}，本台账为 ${hex(APPLICATION_ID)}），未写入任何内容 / is not a policy-ledger database: it belongs to another application (application_id ${hex(contents.applicationId)}, ours is ${hex(APPLICATION_ID)}); nothing was written to it`
        : `不是 policy-ledger 台账，而是另一个 SQLite 数据库（表 ${tables}），未写入任何内容 / is not a policy-ledger database: it is another SQLite database, with tables ${tables} and no policy-ledger mark; nothing was written to it`
    }
    case 'ledger':
      if (contents.version > SCHEMA_VERSION)
        return `由更新版本的 policy-ledger 写入（结构版本 ${contents.version}，本版本至多 ${SCHEMA_VERSION}），请升级 policy-ledger / was written by a newer policy-ledger (schema version ${contents.version}; this one knows up to ${SCHEMA_VERSION}); upgrade policy-ledger to use it`
      if (readonly && contents.version < SCHEMA_VERSION)
        return `结构版本为 ${contents.version}，需迁移到 ${SCHEMA_VERSION}：以可写方式打开一次即可 / has schema version ${contents.version} and needs migrating to ${SCHEMA_VERSION}: open it once without readonly`
      return undefined
    case 'empty':
      return readonly ? '是空文件，还不是台账：其中没有任何记录（先向它导入，或检查路径） / is an empty file, not a ledger yet: nothing has been recorded in it (record into it first, or check the path)' : undefined
  }
}

/** Why a ledger's derived data cannot be read as it stands, or undefined if it can. */
const rulesRefusal = (db: Database.Database, readonly: boolean): string | undefined => {
  const rules = rulesOf(db)
  if (rules > DERIVATION_RULES)
    return `其派生数据由更新版本的规则生成（版本 ${rules}，本版本至多 ${DERIVATION_RULES}），请升级 policy-ledger / was derived by a newer policy-ledger's rules (version ${rules}; this one knows up to ${DERIVATION_RULES}); upgrade policy-ledger to use it`
  if (readonly && rules < DERIVATION_RULES)
    return `其增量按旧版规则派生（版本 ${rules}，本版本为 ${DERIVATION_RULES}）：以可写方式打开一次，即由条目重新派生 / keeps deltas derived by an earlier release's rules (version ${rules}; this release derives by version ${DERIVATION_RULES}): open it once without readonly to derive them again from its entries`
  return undefined
}

/** Why the path cannot hold a ledger, checked before SQLite is asked to open anything. */
const pathProblem = (file: string, mustExist: boolean): string | undefined => {
  const s = statSync(file, { throwIfNoEntry: false })
  if (s !== undefined) return s.isFile() ? undefined : `${s.isDirectory() ? '是目录' : '不是普通文件'}，不是台账文件 / is ${s.isDirectory() ? 'a directory' : 'not a regular file'}, not a ledger file`
  if (mustExist) return '不存在（可能已被移走或删除），放回原处后即可继续使用 / does not exist (it may have been moved or deleted); it will be used again once it is back'
  const parent = statSync(dirname(file), { throwIfNoEntry: false })
  if (parent === undefined) return `无法创建：目录 ${JSON.stringify(dirname(file))} 不存在 / cannot be created: its directory ${JSON.stringify(dirname(file))} does not exist`
  return parent.isDirectory() ? undefined : `无法创建：${JSON.stringify(dirname(file))} 不是目录 / cannot be created: ${JSON.stringify(dirname(file))} is not a directory`
}

/** WAL pages between automatic checkpoints: 64 MiB of 4 KiB pages. */
const WAL_CHECKPOINT_PAGES = 16_384

/**
 * Open a ledger file: create it if it is new, refuse it if it is anything
 * else than a policy-ledger database (writing nothing to it), migrate it if
 * it is older, and set WAL. The checks read only; the first write is WAL's
 * header, once the file is known to be ours or empty.
 */
export const openLedger = (file: string, options: OpenOptions): E.Either<StorageFailed, { readonly db: Database.Database; readonly identity: Identity }> => {
  if (endianness() !== 'LE') return E.left(failure(file, said({ zh: '本存储以小端序保存汇总增量，只能在小端序机器上运行', en: 'this store keeps tally deltas little-endian and runs on little-endian machines only' })))
  const problem = pathProblem(file, options.mustExist)
  if (problem !== undefined) return E.left(failure(file, problem))
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: options.readonly, fileMustExist: options.mustExist, timeout: options.busyTimeoutMs })
    const opened = db
    const contents = contentsOf(opened)
    const refused = refusal(contents, options.readonly) ?? (contents.kind === 'ledger' && contents.version === SCHEMA_VERSION ? rulesRefusal(opened, options.readonly) : undefined)
    if (refused !== undefined) {
      opened.close()
      return E.left(failure(file, refused))
    }
    if (!options.readonly) {
      opened.pragma('journal_mode = WAL')
      // A 1,000-entry commit dirties hundreds of index pages; checkpointing after every
      // 1,000 WAL pages (the default) wrote them all back to the file at nearly every
      // commit. Every 64 MiB of WAL, a page rewritten by many commits is written back once.
      opened.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`)
      // look again under the write lock: another process may have created or migrated it meanwhile
      opened
        .transaction(() => {
          const now = contentsOf(opened)
          const again = refusal(now, false)
          if (again !== undefined) throw new Error(again)
          const version = now.kind === 'ledger' ? now.version : 0
          if (version < SCHEMA_VERSION) migrate(opened, version)
          // a new file's derived data is by this release's rules; an older file's is derived again if they are newer
          if (now.kind === 'empty') setRules(opened, DERIVATION_RULES)
          else {
            const stale = rulesRefusal(opened, false)
            if (stale !== undefined) throw new Error(stale)
            if (rulesOf(opened) < DERIVATION_RULES) deriveAgain(opened)
          }
        })
        .immediate()
    }
    opened.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    const identity = identityOf(file)
    if (identity === undefined) throw new Error('vanished while it was being opened')
    return E.right({ db: opened, identity })
  } catch (err) {
    db?.close()
    return E.left(failure(file, reasonOf(err, options.busyTimeoutMs), err))
  }
}
