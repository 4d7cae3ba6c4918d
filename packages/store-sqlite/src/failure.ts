import { storageFailed, type StorageFailed } from '@policy-ledger/core'

/** Every storage error names the file it is about; a SQLite file has no credentials to leak. */
export const failure = (file: string, reason: string, cause?: unknown): StorageFailed =>
  storageFailed(`SQLite ledger ${JSON.stringify(file)}: ${reason}`, cause)

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : ''

/** SQLite's failure in words a county office can act on. */
export const reasonOf = (err: unknown, busyTimeoutMs: number): string => {
  const code = codeOf(err)
  const detail = err instanceof Error ? err.message : String(err)
  if (code === 'SQLITE_NOTADB') return 'is not a SQLite database (a text file, or damaged at its header); nothing was written to it'
  if (code.startsWith('SQLITE_CORRUPT')) return `is damaged: SQLite reports corruption (${detail}); restore it from a backup`
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return `is locked by another writer for longer than busyTimeoutMs (${busyTimeoutMs} ms); try again`
  if (code.startsWith('SQLITE_READONLY')) return 'cannot be written: the file or its directory is read-only, or the store was opened readonly'
  if (code.startsWith('SQLITE_CANTOPEN')) return 'cannot be opened: check that the path is a file and its directory exists and is writable'
  if (code === 'SQLITE_FULL') return 'cannot be written: the disk is full'
  if (code.startsWith('SQLITE_IOERR')) return `input/output error (${detail})`
  return detail
}
