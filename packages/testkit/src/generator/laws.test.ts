import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { allocate, lastDay, firstDay } from './calendar.js'
import { World } from './world.js'

describe('volumes add up exactly', () => {
  test('a year spread over its days sums to its quota, never below zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 2008, max: 2030 }), fc.constantFrom('office', 'retail', 'farm', 'even', 'spring', 'year-end'), (quota, year, season) => {
        const days = allocate(quota, year, season as 'office')
        expect(days.length).toBe(lastDay(year) - firstDay(year) + 1)
        expect(days.reduce((s, d) => s + d, 0)).toBe(quota)
        expect(days.every((d) => d >= 0)).toBe(true)
      }),
    )
  })

  test('portions of a total add up to it, and none is empty while there is enough to go round', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 10_000_000 }), (seed, count, extra) => {
        const w = new World(seed)
        const total = count + extra
        const portions = Array.from({ length: count }, (_, i) => w.portion('x', total, count, i))
        expect(portions.reduce((s, p) => s + p, 0)).toBe(total)
        expect(portions.every((p) => p >= 1)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
