import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { checkCodes } from './codes.js'
import { correctionOf, leftOf, op, resolvedOn, rightOf } from './steps.test-helpers.js'

/*
 * The codes an event carries are plain text to the codecs; this step holds
 * each to the plan the ledger records under, naming the plan, the path and
 * the code meant where one is a slip away.
 */

const issuesOf = (e: E.Either<{ readonly code: string }, unknown>) => {
  const error = E.isLeft(e) ? e.left : undefined
  return error !== undefined && 'issues' in error ? (error.issues as ReadonlyArray<{ readonly index?: number; readonly path: string; readonly reason: string }>) : []
}

describe('checking the codes against the plan', () => {
  it('passes the codes the plan has, as they stand', async () => {
    const resolved = await resolvedOn(memoryStore(), [op('register', 1, 0, 1), op('trade', 1, 5, 2)])
    expect(rightOf(checkCodes(jiaxiang2024, resolved, false))).toBe(resolved)
  })

  it('refuses a unit, a town and a sector the plan does not have, each at its path, naming the plan and the code meant', async () => {
    const typo = { ...op('register', 1, 0, 1), recordedBy: 'public-securty' }
    const nowhere = { ...op('trade', 2, 0, 2), data: { ...(op('trade', 2, 0, 2).data as object), town: 'macunn' } }
    const issues = issuesOf(checkCodes(jiaxiang2024, await resolvedOn(memoryStore(), [typo, nowhere] as never), false))
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [0, 'recordedBy'],
      [1, 'data.town'],
    ])
    expect(issues[0]?.reason).toBe(
      "'public-securty' 不是 嘉政发〔2024〕5号 的单位；是否指 'public-security'？ / 'public-securty' is not a unit of 嘉政发〔2024〕5号; did you mean 'public-security'?",
    )
    expect(issues[1]?.reason).toContain("did you mean 'macun'?")
  })

  it('checks a correction’s responsible unit and the codes of its corrected data', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const traded = rightOf(await ledger.record(op('trade', 1, 5, 1))())
    const moved = correctionOf(2, traded.id, { ...(traded.data as object), town: 'nowhere' })
    const wrongUnit = { ...correctionOf(3, traded.id, traded.data as Record<string, unknown>), data: { entryId: traded.id, data: traded.data, reason: 'r', responsibleUnit: 'comerce' } }
    const refused = leftOf(await ledger.recordBatch([moved, wrongUnit] as never)())
    expect(refused.code === 'VALIDATION_FAILED' && refused.issues.map((i) => [i.index, i.path])).toEqual([
      [0, 'data.data.town'],
      [1, 'data.responsibleUnit'],
    ])
    expect(rightOf(await store.head()()).position).toBe(1)
  })

  it('refuses a principal who acts for a unit the plan does not have, before anything is recorded', async () => {
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
    const refused = leftOf(await ledger.as({ id: 'clerk', actsFor: ['commerce', 'comerce'] }).record(op('trade', 1, 5, 1))())
    expect(refused.code === 'VALIDATION_FAILED' && refused.issues).toEqual([
      { path: 'principal.actsFor[1]', reason: expect.stringContaining("did you mean 'commerce'?") },
    ])
  })
})
