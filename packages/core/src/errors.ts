import { wordingOf } from './codecs.js'
import type { Entry } from './envelope.js'
import type { Issue } from './issue.js'

/**
 * Everything that can go wrong when recording or reading, as data. Callers
 * branch on `code`, which is stable; `message` is for people.
 */
export type LedgerError =
  | ValidationFailed
  | NotAllowed
  | InvariantViolated
  | ConcurrencyConflict
  | Duplicate
  | IdConflict
  | NotFound
  | StorageFailed
  | IntegrityFailed
  | PlanInvalid
  | UnknownIndicator

export interface ValidationFailed {
  readonly code: 'VALIDATION_FAILED'
  readonly message: string
  readonly issues: ReadonlyArray<Issue>
}
export interface NotAllowed {
  readonly code: 'NOT_ALLOWED'
  readonly message: string
  readonly index?: number
  readonly recordedBy: string
  readonly type: string
}
export interface InvariantViolated {
  readonly code: 'INVARIANT_VIOLATED'
  readonly message: string
  readonly index?: number
  readonly stream: string
}
export interface ConcurrencyConflict {
  readonly code: 'CONCURRENCY_CONFLICT'
  readonly message: string
  readonly stream: string
  readonly expected: number
  readonly actual: number
}
/** The same id with the same content was recorded before: nothing new was written. */
export interface Duplicate {
  readonly code: 'DUPLICATE'
  readonly message: string
  readonly entry: Entry
}
/** The same id was recorded before with different content: an error in the caller's ids. */
export interface IdConflict {
  readonly code: 'ID_CONFLICT'
  readonly message: string
  readonly index?: number
  readonly id: string
}
export interface NotFound {
  readonly code: 'NOT_FOUND'
  readonly message: string
}
export interface StorageFailed {
  readonly code: 'STORAGE_FAILED'
  readonly message: string
  readonly cause?: unknown
}
/**
 * What a store holds does not hang together: data derived from the entries
 * (deltas, snapshots, the columns beside them) that does not agree with
 * them, or entries that do not extend a log. A reader refuses rather than
 * print from it; `verifyStore` says exactly where.
 */
export interface IntegrityFailed {
  readonly code: 'INTEGRITY_FAILED'
  readonly message: string
  /** the first position where it shows */
  readonly position: number
}

/** A plan that does not hang together: every problem, each at its path in the plan (file). */
export interface PlanInvalid {
  readonly code: 'PLAN_INVALID'
  readonly message: string
  /** the plan's code, where it has one */
  readonly plan: string
  readonly issues: ReadonlyArray<Issue>
}
/** An indicator id the plan does not have. */
export interface UnknownIndicator {
  readonly code: 'UNKNOWN_INDICATOR'
  readonly message: string
  readonly plan: string
  readonly id: string
}

const at = (index: number | undefined): string => (index === undefined ? '' : `input ${index}: `)

export const validationFailed = (issues: ReadonlyArray<Issue>): ValidationFailed => ({
  code: 'VALIDATION_FAILED',
  message: issues.map((i) => `${at(i.index)}${i.path}: ${i.reason}`).join('; '),
  issues,
})

/** `why` is said as every message is (`said`), and put into this one in each language. */
export const notAllowed = (recordedBy: string, type: string, why: string, index?: number): NotAllowed => {
  const w = wordingOf(why)
  return {
    code: 'NOT_ALLOWED',
    message: `${at(index)}${recordedBy} 无权记录 ${type}：${w.zh} / ${recordedBy} may not record ${type}: ${w.en}`,
    recordedBy,
    type,
    ...(index === undefined ? {} : { index }),
  }
}

export const invariantViolated = (stream: string, reason: string, index?: number): InvariantViolated => ({
  code: 'INVARIANT_VIOLATED',
  message: `${at(index)}${stream}: ${reason}`,
  stream,
  ...(index === undefined ? {} : { index }),
})

export const concurrencyConflict = (stream: string, expected: number, actual: number): ConcurrencyConflict => ({
  code: 'CONCURRENCY_CONFLICT',
  message: `${stream}: 预期版本 ${expected}，但流已在版本 ${actual} / expected revision ${expected}, but the stream is at ${actual}`,
  stream,
  expected,
  actual,
})

export const duplicate = (entry: Entry): Duplicate => ({
  code: 'DUPLICATE',
  message: `事件 ${entry.id} 已于第 ${entry.position} 条记录过，未写入新内容 / event ${entry.id} was recorded before, at position ${entry.position}; nothing new was written`,
  entry,
})

export const idConflict = (id: string, index?: number): IdConflict => ({
  code: 'ID_CONFLICT',
  message: `${at(index)}事件编号 ${id} 已用于内容不同的事件，请换一个编号，或作废先前的事件 / event id ${id} was already used for different content; use a new id, or void the earlier event`,
  id,
  ...(index === undefined ? {} : { index }),
})

export const notFound = (what: string): NotFound => ({ code: 'NOT_FOUND', message: `未找到 / not found: ${what}` })

/** `what` is said as every message is (`said`: `中文 / English`), and put into this one in each language. */
export const integrityFailed = (position: number, what: string): IntegrityFailed => {
  const w = wordingOf(what)
  return {
    code: 'INTEGRITY_FAILED',
    message: `台账在位置 ${position} 处数据不一致：${w.zh}；请运行 verify 查明所有问题 / the ledger does not hang together at position ${position}: ${w.en}; run verify to find every problem`,
    position,
  }
}

export const storageFailed = (message: string, cause?: unknown): StorageFailed => ({
  code: 'STORAGE_FAILED',
  message,
  ...(cause === undefined ? {} : { cause }),
})

export const planInvalid = (plan: string, issues: ReadonlyArray<Issue>): PlanInvalid => ({
  code: 'PLAN_INVALID',
  message: `方案 ${plan} 有 ${issues.length} 处问题 / the plan ${plan} has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => `  ${i.path}: ${i.reason}`).join('\n')}`,
  plan,
  issues,
})

export const unknownIndicator = (plan: string, id: string, near?: string): UnknownIndicator => ({
  code: 'UNKNOWN_INDICATOR',
  message: `${plan} 没有指标 ${JSON.stringify(id)}${near === undefined ? '' : `；是否指 '${near}'？`} / ${plan} has no indicator ${JSON.stringify(id)}${near === undefined ? '' : `; did you mean '${near}'?`}`,
  plan,
  id,
})
