import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { codesIn, type CodeKind } from '../codecs.js'
import { corrections } from '../events/corrections.js'
import { validationFailed, type LedgerError } from '../errors.js'
import type { Issue } from '../issue.js'
import type { Plan } from '../plan/define.js'
import { didYouMean } from '../plan/nearest.js'
import { keyPath } from '../plain.js'
import type { Resolved } from './input.js'

/*
 * Events carry a plan's codes as plain text (codecs.ts): here each is
 * checked against the plan the ledger records under — the unit that records,
 * and every town, unit and sector the data names (a correction's corrected
 * data too) — and refused, named by its path, where the plan has no such one.
 */

const words: Readonly<Record<CodeKind, { readonly zh: string; readonly en: string }>> = {
  town: { zh: '镇街', en: 'town' },
  unit: { zh: '单位', en: 'unit' },
  sector: { zh: '行业', en: 'sector' },
}

const known = (plan: Plan, kind: CodeKind): ReadonlyMap<string, unknown> =>
  kind === 'town' ? plan.townByCode : kind === 'unit' ? plan.unitByCode : plan.sectorByCode

/** Why a code is not one of the plan's, or undefined if it is. */
export const codeProblem = (plan: Plan, kind: CodeKind, code: string): string | undefined => {
  const codes = known(plan, kind)
  if (codes.has(code)) return undefined
  const near = didYouMean(code, codes.keys())
  const { zh, en } = words[kind]
  return `'${code}' 不是 ${plan.document} 的${zh}${near.zh} / '${code}' is not a ${en} of ${plan.document}${near.en}`
}

/** A codec that carries no codes. */
const NO_CODES: t.Mixed = t.unknown

const at = (prefix: string, path: ReadonlyArray<string>): string => path.reduce(keyPath, prefix)

/** The issues of one input: each code it carries that the plan does not have. */
const issuesOf = (plan: Plan, r: Resolved, index: number | undefined): Issue[] => {
  const uses = [
    { path: 'recordedBy', kind: 'unit' as const, code: r.input.recordedBy },
    ...(r.amends === undefined
      ? codesIn(r.registered.definition.data, r.input.data).map((u) => ({ ...u, path: at('data', u.path) }))
      : [
          ...codesIn(corrections.get(r.input.type)?.data ?? NO_CODES, r.input.data).map((u) => ({ ...u, path: at('data', u.path) })),
          ...codesIn(r.registered.definition.data, r.amends.amendment.data).map((u) => ({ ...u, path: at('data.data', u.path) })),
        ]),
  ]
  return uses.flatMap(({ path, kind, code }) => {
    const reason = codeProblem(plan, kind, code)
    return reason === undefined ? [] : [{ ...(index === undefined ? {} : { index }), path, reason }]
  })
}

/** The inputs as they stand, or every code among them the plan does not have; a batch with any is refused whole. */
export const checkCodes = (plan: Plan, resolved: ReadonlyArray<Resolved>, single: boolean): E.Either<LedgerError, ReadonlyArray<Resolved>> => {
  const issues = resolved.flatMap((r) => issuesOf(plan, r, single ? undefined : r.index))
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(resolved)
}
