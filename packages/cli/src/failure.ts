import type { LedgerError } from '@policy-ledger/core'

/**
 * Exit statuses, part of the command's contract (docs/cli.md): scripts
 * branch on them, so they never change meaning.
 */
export const exitStatus = {
  ok: 0,
  /** lines were rejected, or the ledger does not verify (its chain, or the data derived from it, does not hang together) */
  rejected: 1,
  /** a bad option, a missing or unreadable input file: nothing was done */
  usage: 2,
  /** the store cannot be reached, or what --db names is not a ledger */
  store: 3,
  /** something the command did not foresee: a bug to report */
  internal: 4,
} as const

export type ExitStatus = (typeof exitStatus)[keyof typeof exitStatus]

/** Why a command stopped: one sentence for a person, and the status for a script. */
export interface Failure {
  readonly status: ExitStatus
  readonly message: string
}

export const usageFailure = (message: string): Failure => ({ status: exitStatus.usage, message })

/** A store's failure: status 3; but data in it that does not hang together (INTEGRITY_FAILED) is a finding, status 1, as verify's is. */
export const storeFailure = (error: Pick<LedgerError, 'message'> & { readonly code?: LedgerError['code'] }): Failure => ({
  status: error.code === 'INTEGRITY_FAILED' ? exitStatus.rejected : exitStatus.store,
  message: error.message,
})

/** What each of the ledger's error codes means, in Chinese: said before the ledger's own words, which are English where they come from core. */
export const codeZh: Readonly<Record<LedgerError['code'], string>> = {
  VALIDATION_FAILED: '字段不符合要求',
  NOT_ALLOWED: '该单位无权填报此类事件',
  INVARIANT_VIOLATED: '与台账中已记录的事实不符',
  CONCURRENCY_CONFLICT: '记录时版本冲突',
  DUPLICATE: '重复记录',
  ID_CONFLICT: '事件编号已用于内容不同的事件',
  NOT_FOUND: '台账中没有',
  STORAGE_FAILED: '台账存储出错',
  INTEGRITY_FAILED: '台账的派生数据不一致',
  PLAN_INVALID: '方案有误',
  UNKNOWN_INDICATOR: '方案中没有此指标',
}

/**
 * The ledger's refusal of what a command asked, as a failure: a store that
 * failed is status 3, any other refusal (a bad field, an impossible fact, a
 * unit not allowed) status 1, in the ledger's own words.
 */
export const ledgerFailure = (error: Pick<LedgerError, 'code' | 'message'>): Failure => ({
  status: error.code === 'STORAGE_FAILED' ? exitStatus.store : exitStatus.rejected,
  message: error.code === 'STORAGE_FAILED' ? error.message : `已拒绝（${codeZh[error.code]}） refused (${error.code}): ${error.message}`,
})

/** A query's failure: a bad value it was given (an unknown indicator, an entry or a thing the ledger does not hold) is a usage error; the rest is the store's. */
export const queryFailure = (error: Pick<LedgerError, 'code' | 'message'>): Failure =>
  error.code === 'VALIDATION_FAILED' || error.code === 'NOT_FOUND' ? usageFailure(error.message) : storeFailure(error)
