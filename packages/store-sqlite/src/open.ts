import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { statSync, type Stats } from 'node:fs'
import { endianness } from 'node:os'
import { dirname } from 'node:path'
import { DERIVATION_RULES, type StorageFailed } from '@policy-ledger/core'
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
    case 'foreign':
      return contents.applicationId !== 0
        ? `is not a policy-ledger database: it belongs to another application (application_id ${hex(contents.applicationId)}, ours is ${hex(APPLICATION_ID)}); nothing was written to it`
        : `is not a policy-ledger database: it is another SQLite database, with tables ${contents.tables.slice(0, 5).join(', ')}${contents.tables.length > 5 ? ', …' : ''} and no policy-ledger mark; nothing was written to it`
    case 'ledger':
      if (contents.version > SCHEMA_VERSION)
        return `was written by a newer policy-ledger (schema version ${contents.version}; this one knows up to ${SCHEMA_VERSION}); upgrade policy-ledger to use it`
      if (readonly && contents.version < SCHEMA_VERSION)
        return `has schema version ${contents.version} and needs migrating to ${SCHEMA_VERSION}: open it once without readonly`
      return undefined
    case 'empty':
      return readonly ? 'is empty, not a policy-ledger database yet: open it once without readonly to create it' : undefined
  }
}

/** Why a ledger's derived data cannot be read as it stands, or undefined if it can. */
const rulesRefusal = (db: Database.Database, readonly: boolean): string | undefined => {
  const rules = rulesOf(db)
  if (rules > DERIVATION_RULES)
    return `was derived by a newer policy-ledger's rules (version ${rules}; this one knows up to ${DERIVATION_RULES}); upgrade policy-ledger to use it`
  if (readonly && rules < DERIVATION_RULES)
    return `keeps deltas derived by an earlier release's rules (version ${rules}; this release derives by version ${DERIVATION_RULES}): open it once without readonly to derive them again from its entries`
  return undefined
}

/** Why the path cannot hold a ledger, checked before SQLite is asked to open anything. */
const pathProblem = (file: string, mustExist: boolean): string | undefined => {
  const s = statSync(file, { throwIfNoEntry: false })
  if (s !== undefined) return s.isFile() ? undefined : `is ${s.isDirectory() ? 'a directory' : 'not a regular file'}, not a ledger file`
  if (mustExist) return 'does not exist (it may have been moved or deleted); it will be used again once it is back'
  const parent = statSync(dirname(file), { throwIfNoEntry: false })
  if (parent === undefined) return `cannot be created: its directory ${JSON.stringify(dirname(file))} does not exist`
  return parent.isDirectory() ? undefined : `cannot be created: ${JSON.stringify(dirname(file))} is not a directory`
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
  if (endianness() !== 'LE') return E.left(failure(file, 'this store keeps tally deltas little-endian and runs on little-endian machines only'))
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
