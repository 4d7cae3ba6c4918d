import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { corrections } from './corrections.js'
import { eventTypes, registry } from './index.js'

/*
 * docs/events.md is the contract other systems code against: every JSON
 * example in it must record, in the order written, into one ledger; every
 * event type must have one; and an example spoilt in any field of its data
 * must be refused naming that field, with nothing written.
 */

const doc = readFileSync(new URL('../../../../docs/events.md', import.meta.url), 'utf8')
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as RecordInput)

describe('docs/events.md', () => {
  const accepted = [...eventTypes, ...corrections.keys()]

  it('has a JSON example for every event type the ledger accepts, corrections included', () => {
    expect(new Set(examples.map((e) => e.type))).toEqual(new Set(accepted))
  })

  it('documents every event type under its own heading', () => {
    for (const type of accepted) expect(doc).toContain(`### \`${type}\``)
  })

  it('records every example, in order, into one ledger', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    for (const [i, example] of examples.entries()) {
      const r = await ledger.record(example)()
      expect(E.isRight(r) ? r.right.position : `example ${i + 1} (${example.type}): ${r.left.message}`).toBe(i + 1)
    }
  })
})

/** Values no field of any event accepts: no field is nullable or a list, and no struct has a field named `x-…`. */
const spoilt = fc.oneof(
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.dictionary(fc.string().map((k) => `x-${k}`), fc.anything(), { maxKeys: 3 }),
)

describe('malformed data', () => {
  it('is refused as VALIDATION_FAILED at data.<field>, and nothing is written', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    const first = examples[0] as RecordInput
    expect(E.isRight(await ledger.record(first)())).toBe(true)
    await fc.assert(
      fc.asyncProperty(
        // domain events only: a correction's data is checked against the entry it names, tested in audit/corrections tests
        fc.constantFrom(...examples.slice(1).filter((e) => registry.has(e.type))),
        fc.nat(),
        spoilt,
        fc.boolean(),
        async (example, pick, value, addUnknown) => {
          const data = example.data as Record<string, unknown>
          const fields = Object.keys(data)
          const field = addUnknown ? 'notAField' : (fields[pick % fields.length] as string)
          const bad = { ...example, data: { ...data, [field]: value } } as unknown as RecordInput
          const r = await ledger.record(bad)()
          expect(E.isLeft(r) && r.left.code).toBe('VALIDATION_FAILED')
          if (E.isLeft(r) && r.left.code === 'VALIDATION_FAILED') {
            expect(r.left.issues.length).toBeGreaterThan(0)
            for (const issue of r.left.issues) expect(issue.path.startsWith(`data.${field}`)).toBe(true)
          }
          const head = await store.head()()
          expect(E.isRight(head) && head.right.position).toBe(1)
        },
      ),
      { numRuns: 300 },
    )
  })
})
