import type { Attestation } from './attestation.js'

/** The system an event came from and its own record id there: the way back to the source. */
export interface Source {
  readonly system: string
  readonly recordId: string
}

/**
 * What a caller states when recording an event. Everything the ledger
 * assigns itself (stream, revision, position, recordedAt, hashes) is absent.
 */
export interface EventInput<Type extends string = string, Data = unknown> {
  /** caller-supplied UUID; recording the same id and content again is a no-op */
  readonly id: string
  readonly type: Type
  /** business time: when it happened, ISO-8601 with offset */
  readonly occurredAt: string
  /** the recording department, a unit code of the plan */
  readonly recordedBy: string
  readonly source: Source
  readonly correlationId?: string
  readonly causationId?: string
  readonly data: Data
  /** the stream revision the caller decided against; omit to let the ledger read it */
  readonly expectedRevision?: number
}

/** A recorded event: the envelope the ledger keeps, hash-chained. */
export interface Entry<Type extends string = string, Data = unknown> {
  readonly id: string
  readonly type: Type
  /** schema version of `data` */
  readonly version: number
  /** the aggregate's stream, derived from the data (e.g. `vehicle-LSVAM4187C2184847`) */
  readonly stream: string
  /** 1 for a stream's first event */
  readonly revision: number
  /** place in the whole log: 1, 2, 3, … without gaps */
  readonly position: number
  readonly occurredAt: string
  /** assigned by the ledger at commit: ISO-8601 UTC, increasing from one commit to the next */
  readonly recordedAt: string
  readonly recordedBy: string
  readonly source: Source
  readonly correlationId: string | null
  readonly causationId: string | null
  readonly data: Data
  /** who vouched for `recordedBy` and, signed, the department's signature (see attestation.ts); absent: only claimed */
  readonly attestation?: Attestation
  /** hash of the entry before this one (`sha256:000…` before the first) */
  readonly prevHash: string
  /** `sha256:` and the hex digest of this entry's canonical bytes */
  readonly hash: string
}

/** An entry before its own hash is known: exactly what the hash covers. */
export type UnsealedEntry = Omit<Entry, 'hash'>

/** An entry as the ledger hands it to a store, before the store gives it a place in the log. */
export type EntryDraft = Omit<UnsealedEntry, 'position' | 'recordedAt' | 'prevHash'>

/** A sealed entry with the canonical text its hash covers, which is what stores keep. */
export type SealedEntry = Entry & { readonly body: string }
