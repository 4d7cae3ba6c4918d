import { packDeltas } from '../contributions.js'
import type { Entry } from '../envelope.js'
import { registry } from '../events/index.js'
import { advance, emptyHistory, factOf, upcast, type History } from '../history.js'
import type { EntryDeltas } from '../store.js'

/**
 * Derive every entry's delta again from the events alone, folding each
 * stream in log order exactly as the ledger did when it recorded them. A
 * rebuild equals the stored deltas unless the rules of an aggregate changed
 * since, or someone altered the stored deltas: auditors compare the two.
 */
export function* rebuildDeltas(entries: Iterable<Entry>): Generator<EntryDeltas> {
  const histories = new Map<string, History>()
  for (const stored of entries) {
    const registered = registry.get(stored.type)
    if (registered === undefined) throw new Error(`entry ${stored.position}: unknown event type ${stored.type}`)
    const entry = upcast(stored)
    const h = histories.get(entry.stream) ?? emptyHistory(entry.stream, registered.aggregate)
    const next = advance(h, registered.aggregate, factOf(entry))
    if ('reason' in next) throw new Error(`entry ${entry.position} (${entry.type} ${entry.id}) no longer holds: ${next.reason}`)
    histories.set(entry.stream, next.history)
    yield { position: entry.position, recordedAt: Date.parse(entry.recordedAt), deltas: packDeltas(next.delta) }
  }
}
