import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { seriesParts, unpackDeltas } from '../deltas.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { feeds } from './feeds.js'
import { registry } from './index.js'

/*
 * The table of what each event type feeds is what a plan's formulas are
 * checked against: every contribution an event makes must be to a metric
 * listed for its type. docs/events.md has an example of every event type.
 */
const doc = readFileSync(new URL('../../../../docs/events.md', import.meta.url), 'utf8')
const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string) as RecordInput)

describe('feeds', () => {
  it('lists every event type, and only those', () => {
    expect(new Set(Object.keys(feeds))).toEqual(new Set(registry.keys()))
  })

  it('lists every metric the examples of docs/events.md contribute to, under their own type', async () => {
    const store = memoryStore()
    const ledger = createLedger({ plan: jiaxiang2024, store })
    for (const example of examples) expect(E.isRight(await ledger.record(example)())).toBe(true)
    const rows = await store.readDeltas({ after: 0, limit: 10_000 })()
    if (E.isLeft(rows)) throw new Error(rows.left.message)
    const entries = await store.readAll({ after: 0, limit: 10_000 })()
    if (E.isLeft(entries)) throw new Error(entries.left.message)
    const typeAt = new Map(entries.right.map((e) => [e.position, e.type]))
    let seen = 0
    for (const row of rows.right) {
      const type = typeAt.get(row.position) ?? ''
      // a correction moves what the entry it amends contributed: that entry's type answers for it
      if (!registry.has(type)) continue
      const listed: ReadonlyArray<string> = feeds[type as keyof typeof feeds] ?? []
      for (const d of unpackDeltas(row.deltas)) {
        const metric = seriesParts(jiaxiang2024.codes)(d)?.metric
        seen++
        expect(listed, `${type} → ${metric}`).toContain(metric)
      }
    }
    expect(seen).toBeGreaterThan(examples.length / 2)
  })
})
