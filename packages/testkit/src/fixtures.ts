import type { DataOf, EventType, RecordInput } from '@policy-ledger/core'
import { uuidFrom } from './ids.js'

/**
 * Build a valid input for any event type: the envelope filled in with
 * plausible values, the data as given. Tests override what they care about.
 */
export const input = <T extends EventType>(
  type: T,
  data: DataOf<T>,
  envelope: Partial<Omit<RecordInput, 'type' | 'data'>> & { readonly seed?: string } = {},
): RecordInput => {
  const { seed, ...rest } = envelope
  const id = rest.id ?? uuidFrom(seed ?? `${type}/${JSON.stringify(data)}/${rest.occurredAt ?? ''}`)
  return {
    id,
    type,
    occurredAt: '2025-06-01T10:00:00+08:00',
    recordedBy: 'public-security',
    source: { system: 'testkit', recordId: id },
    ...rest,
    data,
  } as RecordInput
}
