import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Authorize, AuthorizeRequest } from '../authorization/authorize.js'
import { uuid } from '../audit/log.test-helpers.js'
import { emptyHistory, factOf } from '../stream-fold.js'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { permitted, standingAllowed } from './authorization.js'
import { correctionOf, leftOf, op, resolvedOn, rightOf, voidOf } from './steps.test-helpers.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'

/** A policy that notes what it is asked and refuses what `refuse` says. */
const asking = (refuse: Authorize = () => E.right(undefined)) => {
  const asked: AuthorizeRequest[] = []
  const authorize: Authorize = (r) => (asked.push(r), refuse(r))
  return { authorize, asked }
}

describe('who may record what', () => {
  it('asks the policy about a new fact as stated and a correction as the fact it leaves standing; a void waits for its stream', async () => {
    const store = memoryStore()
    rightOf(await createLedger({ plan: jiaxiang2024, store }).recordBatch([op('register', 1, 0, 1), op('trade', 1, 10, 2)])())
    const corrected = { ...(op('trade', 1, 10, 2).data as object), price: 7 }
    const batch = await resolvedOn(store, [op('trade', 1, 20, 3), correctionOf(4, uuid(2), corrected), voidOf(5, uuid(1), 'public-security')])
    const { authorize, asked } = asking()
    expect(rightOf(permitted(batch, authorize, false))).toBe(batch)
    expect(asked).toEqual([
      { type: 'UsedCarTraded', recordedBy: 'commerce', data: op('trade', 1, 20, 3).data },
      { type: 'UsedCarTraded', recordedBy: 'commerce', data: corrected, correction: 'EventCorrected' },
    ])
  })

  it('refuses with the policy’s reason and the input’s index, asking no further', async () => {
    const store = memoryStore()
    const batch = await resolvedOn(store, [op('register', 1, 0, 1), op('trade', 2, 0, 2), op('trade', 3, 0, 3)])
    const { authorize, asked } = asking((r) => (r.type === 'UsedCarTraded' ? E.left('不是责任单位 / not responsible') : E.right(undefined)))
    expect(leftOf(permitted(batch, authorize, false))).toEqual({
      code: 'NOT_ALLOWED',
      message: 'input 1: commerce 无权记录 UsedCarTraded：不是责任单位 / commerce may not record UsedCarTraded: not responsible',
      recordedBy: 'commerce',
      type: 'UsedCarTraded',
      index: 1,
    })
    expect(asked).toHaveLength(2)
  })

  it('refuses a recordedBy the principal may not act for, before the policy is asked', async () => {
    const store = memoryStore()
    const batch = await resolvedOn(store, [op('trade', 1, 0, 1)], true, { id: 'security-clerk-01', actsFor: ['public-security', 'transport'] })
    const { authorize, asked } = asking()
    const error = leftOf(permitted(batch, authorize, true))
    expect(error.message).toBe(
      'commerce 无权记录 UsedCarTraded：记录人 security-clerk-01 无权代表 commerce（可代表 public-security、transport） / commerce may not record UsedCarTraded: principal security-clerk-01 may not act for commerce (it acts for public-security, transport)',
    )
    expect(asked).toEqual([])
  })

  it('judges a correction on the fact as it stands on its stream, and a new fact not at all', async () => {
    const store = memoryStore()
    rightOf(await createLedger({ plan: jiaxiang2024, store }).record(op('register', 1, 0, 1))())
    const [voiding] = await resolvedOn(store, [voidOf(2, uuid(1), 'public-security')])
    const [fresh] = await resolvedOn(store, [op('trade', 1, 5, 3)])
    if (voiding?.amends === undefined || fresh === undefined) throw new Error('not resolved')
    const standing = { ...(op('register', 1, 0, 1).data as object), town: 'macun' }
    const fact = factOf({ ...voiding.amends.entry, data: standing })
    expect(E.isRight(fact)).toBe(true)
    const h = { ...emptyHistory(voiding.stream, voiding.registered.aggregate), facts: E.isRight(fact) ? [fact.right] : [] }
    const { authorize, asked } = asking(() => E.left('no'))
    expect(standingAllowed(h, voiding, authorize)).toEqual(E.left('no'))
    expect(asked).toEqual([{ type: 'VehicleRegistered', recordedBy: 'public-security', data: standing, correction: 'EventVoided' }])
    // with the fact not in the history, the entry as recorded stands
    standingAllowed(emptyHistory(voiding.stream, voiding.registered.aggregate), voiding, authorize)
    expect(asked[1]?.data).toEqual(op('register', 1, 0, 1).data)
    expect(standingAllowed(h, fresh, authorize)).toEqual(E.right(undefined))
    expect(asked).toHaveLength(2)
  })
})
