import type { EntryDraft } from './envelope.js'

/** An entry draft as a ledger hands it to a store, for tests of the chain and of verifying it. */
export const draft = (n: number, data: unknown = { price: n }): EntryDraft => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'UsedCarTraded',
  version: 1,
  stream: `vehicle-${n}`,
  revision: 1,
  occurredAt: '2025-06-01T10:00:00+08:00',
  recordedBy: 'commerce',
  source: { system: 'test', recordId: String(n) },
  correlationId: null,
  causationId: null,
  data,
})
