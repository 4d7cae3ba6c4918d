import { packDeltas } from '../contributions.js'
import type { Entry } from '../envelope.js'
import { amendmentOf, isCorrection } from '../events/corrections.js'
import type { Aggregate, Fact } from '../events/define.js'
import { registry } from '../events/index.js'
import { advance, amend, emptyHistory, factOf, upcast, type History } from '../history.js'
import type { EntryDeltas } from '../store.js'

/**
 * Derive every entry's delta again from the events alone, folding each
 * stream in log order exactly as the ledger did when it recorded them. A
 * rebuild equals the stored deltas unless the rules of an aggregate changed
 * since, or someone altered the stored deltas: auditors compare the two.
 */
export function* rebuildDeltas(entries: Iterable<Entry>): Generator<EntryDeltas> {
  const streams = new Map<string, { readonly history: History; readonly aggregate: Aggregate<unknown, Fact> }>()
  for (const stored of entries) {
    const entry = upcast(stored)
    const known = streams.get(entry.stream)
    let aggregate: Aggregate<unknown, Fact>
    let next: ReturnType<typeof advance>
    if (isCorrection(entry.type)) {
      // a correction lands on a stream its entry began
      if (known === undefined) throw new Error(`entry ${entry.position}: ${entry.type} on ${entry.stream}, a stream with no entry before it`)
      aggregate = known.aggregate
      next = amend(known.history, aggregate, amendmentOf(entry))
    } else {
      const registered = registry.get(entry.type)
      if (registered === undefined) throw new Error(`entry ${entry.position}: unknown event type ${entry.type}`)
      aggregate = registered.aggregate
      next = advance(known?.history ?? emptyHistory(entry.stream, aggregate), aggregate, factOf(entry))
    }
    if ('reason' in next) throw new Error(`entry ${entry.position} (${entry.type} ${entry.id}) no longer holds: ${next.reason}`)
    streams.set(entry.stream, { history: next.history, aggregate })
    yield { position: entry.position, recordedAt: Date.parse(entry.recordedAt), deltas: packDeltas(next.delta) }
  }
}
