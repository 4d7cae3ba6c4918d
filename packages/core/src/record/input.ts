import type { Attestation } from '../attestation.js'
import type { Entry, EventInput } from '../envelope.js'
import { corrections, type Amendment, type CorrectionEvent } from '../events/corrections.js'
import { registry, type DomainEvent, type Registered } from '../events/index.js'

/*
 * What one input is as it goes along the record path: stated by the caller, decoded
 * (`decode.ts`), given its stream (`resolve.ts`), decided (`decide.ts`), appended (`append.ts`).
 */

/** What a caller records: a domain event, or a correction of one, in its envelope. */
export type RecordInput = (DomainEvent | CorrectionEvent) & Omit<EventInput, 'type' | 'data'>

/** An input that decoded, at its place in the call. */
export interface Stated {
  readonly index: number
  readonly input: RecordInput
  /** what is sealed of the principal it was recorded as, if any */
  readonly attestation?: Attestation
}

/** An input with its stream known: a domain event (known from its data), or a correction with the entry it amends. */
export interface Resolved extends Stated {
  readonly registered: Registered
  readonly stream: string
  readonly amends?: { readonly entry: Entry; readonly amendment: Amendment }
}

/** A correction before the entry it names is looked up: that entry gives it its stream. */
export interface Amending extends Stated {
  readonly amendment: Amendment
}

export type Decoded = Resolved | Amending

/** The attestation of an input, as a field to spread into what carries it on (none where it has none). */
export const attested = (s: Stated): { readonly attestation?: Attestation } => (s.attestation === undefined ? {} : { attestation: s.attestation })

/** The schema version an input's data is recorded at: its type's, or its correction's. */
export const versionOf = (type: string): number => (corrections.get(type) ?? registry.get(type)?.definition)?.version ?? 1

/** Ids as a store may hold them: lower case, and upper case as an earlier release kept what it was given. */
export const asStored = (ids: ReadonlyArray<string>): string[] => [...new Set(ids.flatMap((id) => [id, id.toUpperCase()]))]
