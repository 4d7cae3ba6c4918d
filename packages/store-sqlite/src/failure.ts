import { said, storageFailed, type StorageFailed } from '@policy-ledger/core'

/** Every storage error names the file it is about; a SQLite file has no credentials to leak. */
export const failure = (file: string, reason: string, cause?: unknown): StorageFailed =>
  storageFailed(`SQLite 台账 ledger ${JSON.stringify(file)}: ${reason}`, cause)

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : ''

/** SQLite's failure in words a county office can act on. */
export const reasonOf = (err: unknown, busyTimeoutMs: number): string => {
  const code = codeOf(err)
  const detail = err instanceof Error ? err.message : String(err)
  if (code === 'SQLITE_NOTADB') return '不是 SQLite 数据库（文本文件，或文件头已损坏），未写入任何内容 / is not a SQLite database (a text file, or damaged at its header); nothing was written to it'
  if (code.startsWith('SQLITE_CORRUPT')) return `已损坏：SQLite 报告数据损坏（${detail}），请从备份恢复 / is damaged: SQLite reports corruption (${detail}); restore it from a backup`
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return `被另一写入方锁定超过 ${busyTimeoutMs} 毫秒，请稍后再试 / is locked by another writer for longer than busyTimeoutMs (${busyTimeoutMs} ms); try again`
  if (code.startsWith('SQLITE_READONLY')) return '无法写入：文件或其目录只读，或存储以只读方式打开 / cannot be written: the file or its directory is read-only, or the store was opened readonly'
  if (code.startsWith('SQLITE_CANTOPEN')) return '无法打开：请检查路径是文件、其目录存在且可写 / cannot be opened: check that the path is a file and its directory exists and is writable'
  if (code === 'SQLITE_FULL') return '无法写入：磁盘已满 / cannot be written: the disk is full'
  if (code.startsWith('SQLITE_IOERR')) return `读写错误 / input/output error (${detail})`
  return said({ zh: code === '' ? 'SQLite 出错' : `SQLite 出错（${code}）`, en: detail })
}
