import { beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '@policy-ledger/core'
import { toJson } from './json.js'
import { sampleReports } from './testing/fixture.js'

let report: Report
beforeAll(async () => {
  ;({ report } = await sampleReports())
})

const keysSorted = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object') return true
  if (Array.isArray(value)) return value.every(keysSorted)
  const keys = Object.keys(value)
  return keys.every((k, i) => i === 0 || (keys[i - 1] as string) < k) && Object.values(value).every(keysSorted)
}

/** The same object with its keys in reverse order, at every level. */
const reversed = (value: unknown): unknown =>
  value === null || typeof value !== 'object'
    ? value
    : Array.isArray(value)
      ? value.map(reversed)
      : Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))

describe('JSON', () => {
  it('is the report as it is, pretty, with keys in a stable order at every level', () => {
    const json = toJson(report)
    expect(JSON.parse(json)).toEqual(report)
    expect(keysSorted(JSON.parse(json))).toBe(true)
    expect(json.startsWith('{\n  "filter": {},\n  "indicators": [\n    {\n')).toBe(true)
    expect(json.endsWith('}\n')).toBe(true)
    expect(json).toContain('"zh": "新能源汽车保有量"')
  })

  it('gives the same bytes whatever order the fields were built in', () => {
    expect(toJson(reversed(report) as Report)).toBe(toJson(report))
  })
})
