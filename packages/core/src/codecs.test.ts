import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { Count, Struct, Text, toIssues, Uuid } from './codecs.js'
import { Party } from './events/common.js'
import { VehicleScrapped } from './events/vehicles.js'

// a struct with required, optional and nested fields, as events are built
const fields: Record<string, t.Mixed> = { id: Uuid, name: Text(5), party: Party }
const optional: Record<string, t.Mixed> = { count: Count }
const Sample = Struct({ zh: '样例', en: 'a sample' }, fields, optional)

const valid = { id: '0b1e7d4c-3f7a-4c2e-9a55-2f0c6e8b1d90', name: 'abc', party: { name: '嘉祥', licence: 'L-1' }, count: 3 }
const candidates: Record<string, ReadonlyArray<unknown>> = {
  id: [valid.id, 'not-a-uuid', 7, undefined],
  name: ['abc', '', '   ', 'too long', null, undefined],
  party: [valid.party, { name: 'x' }, { name: '' }, { name: 'x', licence: 'no spaces allowed' }, { name: 'x', other: 1 }, [], 'party', undefined],
  count: [3, 0, -1, 1.5, '3', undefined],
  extra: [undefined, 1],
}

/** Whether a value should pass, field by field, by each field codec on its own. */
const oracle = (o: Record<string, unknown>): boolean =>
  Object.keys(o).every((k) => k in fields || k in optional || o[k] === undefined) &&
  Object.entries(fields).every(([k, codec]) => o[k] !== undefined && E.isRight(codec.validate(o[k], []))) &&
  Object.entries(optional).every(([k, codec]) => o[k] === undefined || E.isRight(codec.validate(o[k], [])))

describe('Struct', () => {
  it('accepts exactly what its fields accept, by `is` and by `validate` alike, and names what fails (property)', () => {
    const value = fc.record(Object.fromEntries(Object.entries(candidates).map(([k, vs]) => [k, fc.constantFrom(...vs)])))
    fc.assert(
      fc.property(value, (picked) => {
        const o = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined))
        const ok = oracle(o)
        expect(Sample.is(o)).toBe(ok)
        const r = Sample.validate(o, [])
        expect(E.isRight(r)).toBe(ok)
        if (E.isRight(r)) expect(r.right).toBe(o)
        else expect(r.left.length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
    expect(Sample.is(valid)).toBe(true)
    expect(Sample.is(null)).toBe(false)
    expect(Sample.is([valid])).toBe(false)
  })

  it("is named in Chinese, then in English: a nested struct by its own words, an event's data by the event's title", () => {
    const reasons = (u: unknown): ReadonlyArray<string> => {
      const r = VehicleScrapped.data.decode(u)
      return E.isLeft(r) ? toIssues(r.left).map((i) => i.reason) : []
    }
    expect(reasons('scrapped')).toEqual(['应为报废汽车规范回收拆解（VehicleScrapped），收到 "scrapped" / expected VehicleScrapped (End-of-life vehicle taken in and dismantled by a licensed recycler), got "scrapped"'])
    const scrapped = { vin: 'LSVAM4187C2184510', category: 'passenger-car', fuelType: 'petrol', town: 'macun' }
    expect(reasons({ ...scrapped, recycler: 'a recycler' })).toEqual(['应为具有资质的报废机动车回收拆解企业，收到 "a recycler" / expected a licensed recycler, got "a recycler"'])
    expect(reasons({ ...scrapped, recycler: { name: 'x', licence: 'L-1' }, dismantled: true })).toEqual([
      '不是报废汽车规范回收拆解（VehicleScrapped）的字段 / not a field of VehicleScrapped (End-of-life vehicle taken in and dismantled by a licensed recycler)',
    ])
    expect(reasons(scrapped)).toEqual(['缺少此项，应为具有资质的报废机动车回收拆解企业 / missing; expected a licensed recycler'])
  })
})
