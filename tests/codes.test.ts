import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jiaxiang2024 } from '../packages/plan-jiaxiang-2024/src/index.js'
import { codesFile, codesPage, documented, enumerated } from '../scripts/codes.js'

const examples = [...readFileSync(new URL('../docs/events.md', import.meta.url), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1] as string) as { readonly type: string; readonly data: Record<string, unknown> },
)

/** The example's data with the value at `path` replaced. */
const withValue = (data: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown): Record<string, unknown> => {
  const [key, ...rest] = path
  if (key === undefined) return data
  return { ...data, [key]: rest.length === 0 ? value : withValue(data[key] as Record<string, unknown>, rest, value) }
}

describe('docs/codes.md', () => {
  it('is what scripts/codes.ts writes from the plan and the codecs (run it after changing either)', () => {
    expect(readFileSync(codesFile, 'utf8')).toBe(codesPage(jiaxiang2024))
  })

  it("lists each enumerated field's words as its codec takes them: every word listed, and no other", () => {
    let checked = 0
    for (const event of documented) {
      const example = examples.find((e) => e.type === event.type)
      for (const field of enumerated(event.data)) {
        if (field.is.kind !== 'enum' || example === undefined) continue
        const at = field.path.join('.')
        for (const word of field.is.words) expect(event.data.is(withValue(example.data, field.path, word)), `${event.type}.${at} = ${word}`).toBe(true)
        expect(event.data.is(withValue(example.data, field.path, `${field.is.words[0]}-x`)), `${event.type}.${at}`).toBe(false)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('names every town, unit and sector code field of the data, as the ledger checks them against the plan', () => {
    const codeFields = documented.flatMap((e) => enumerated(e.data).filter((f) => f.is.kind !== 'enum').map((f) => `${e.type}.${f.path.join('.')}`))
    expect(codeFields).toContain('VehicleScrapped.town')
    expect(codeFields).toContain('TechRenovationProjectRegistered.sector')
    expect(codeFields).toContain('EventVoided.responsibleUnit')
  })
})
