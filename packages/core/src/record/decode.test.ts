import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { uuid } from '../audit/log.test-helpers.js'
import { decodeAll } from './decode.js'
import { leftOf, op, rightOf, voidOf } from './steps.test-helpers.js'

/** ids as a caller may write them: upper-case hex */
const UPPER = 'ABCDEF00-0000-4000-8000-00000000000A'
const UPPER_VOID = 'ABCDEF00-0000-4000-8000-00000000000B'

describe('decoding inputs', () => {
  it('gives every id its canonical lower-case form, a correction’s entryId too, and leaves the caller’s input as given', () => {
    const event = { ...op('register', 1, 0, 1), id: UPPER }
    const correction = voidOf(2, UPPER)
    const [d1, d2] = rightOf(decodeAll([event, { ...correction, id: UPPER_VOID }], false))
    expect(d1?.input.id).toBe(UPPER.toLowerCase())
    expect(d2?.input.id).toBe(UPPER_VOID.toLowerCase())
    expect(d2 !== undefined && 'amendment' in d2 && d2.amendment.entryId).toBe(UPPER.toLowerCase())
    expect((d2?.input.data as { entryId: string }).entryId).toBe(UPPER.toLowerCase())
    expect(event.id).toBe(UPPER)
    expect((correction.data as { entryId: string }).entryId).toBe(UPPER)
  })

  it('gives a domain event its stream from its data, and a correction none until it is resolved', () => {
    const [event, correction] = rightOf(decodeAll([op('trade', 3, 5, 1), voidOf(2, uuid(1))], false))
    expect(event).toMatchObject({ index: 0, stream: 'vehicle-LSVAM4187C0000003' })
    expect(correction).toMatchObject({ index: 1, amendment: { entryId: uuid(1) } })
    expect(correction !== undefined && 'stream' in correction).toBe(false)
  })

  it('decodes a plain copy: each field read once, and what the caller changes afterwards is not what was decoded', () => {
    let reads = 0
    const input = op('register', 1, 0, 1)
    const tricky = {
      ...input,
      get recordedBy() {
        reads++
        return reads === 1 ? 'public-security' : 'commerce'
      },
    }
    const [d] = rightOf(decodeAll([tricky], true))
    expect(reads).toBe(1)
    expect(d?.input.recordedBy).toBe('public-security')
    ;(input.data as { town: string }).town = 'macun'
    const [again] = rightOf(decodeAll([input], true))
    expect((again?.input.data as { town: string }).town).toBe('macun')
    expect((d?.input.data as { town: string }).town).toBe('zhifang')
  })

  it('refuses a field that cannot be read as plain data, naming it', () => {
    const throwing = Object.defineProperty({ ...op('register', 1, 0, 1) }, 'occurredAt', {
      enumerable: true,
      get: () => {
        throw new Error('gone')
      },
    })
    const error = leftOf(decodeAll([throwing], true))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'occurredAt', reason: 'could not be read as plain data: gone' }] })
  })

  it('names every issue of a batch with the index of its input, and none for a single record', () => {
    const good = op('register', 1, 0, 1)
    const badEnvelope = { ...op('register', 2, 0, 2), recordedBy: 'No Body' }
    const badData = { ...op('trade', 3, 0, 3), data: { ...op('trade', 3, 0, 3).data, price: -5 } }
    const batch = leftOf(decodeAll([good, badEnvelope, badData], false))
    expect(batch.code).toBe('VALIDATION_FAILED')
    if (batch.code === 'VALIDATION_FAILED') {
      expect(batch.issues.map((i) => [i.index, i.path])).toEqual([
        [1, 'recordedBy'],
        [2, 'data.price'],
      ])
    }
    const single = leftOf(decodeAll([badData], true))
    expect(single.code === 'VALIDATION_FAILED' && single.issues).toEqual([{ path: 'data.price', reason: '应为非负整数金额（分），收到 -5 / expected a non-negative amount in 分 (integer), got -5' }])
  })

  it('names the envelope’s issues and the data’s together, and refuses input that is no object at all', () => {
    const both = leftOf(decodeAll([{ ...op('trade', 3, 0, 3), id: 'x', data: { vin: 'SHORT' } }], true))
    expect(both.code === 'VALIDATION_FAILED' && both.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'data.vin']))
    for (const junk of [null, 7, 'event', [], undefined]) expect(E.isLeft(decodeAll([junk], true))).toBe(true)
  })
})
