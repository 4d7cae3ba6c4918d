import * as t from 'io-ts'
import { Struct, Text, UnitCodec, Uuid, type Wording } from '../codecs.js'
import { withNamedData, type Titled } from './define.js'

/*
 * Corrections, never edits. A mistake in the ledger is put right by a new
 * event that names the earlier one by id: voided (it should never have been
 * recorded) or corrected (its data replaced, same type, same stream). The
 * original stays in the log and still verifies; projections fold the
 * stream as if the original were absent or had the corrected data.
 *
 * A correction lands on the stream of the entry it corrects. Its stream is
 * therefore not derived from its data, as every other event's is, but
 * looked up in the store by the entry's id.
 */

const correctionFields = {
  /** the id of the entry voided or corrected */
  entryId: Uuid,
  /** why, in words an auditor can read */
  reason: Text(1000),
  /** the department that answers for the correction */
  responsibleUnit: UnitCodec,
}

export interface CorrectionDefinition<Type extends string = string, Data = unknown> extends Titled<Type> {
  readonly data: t.Type<Data, Data, unknown>
}

const defineCorrection = <Type extends string, Data>(written: Titled<Type> & { readonly data: (name: Wording) => t.Type<Data, Data, unknown> }): CorrectionDefinition<Type, Data> =>
  withNamedData(written)

export const EventVoided = defineCorrection({
  type: 'EventVoided',
  version: 1,
  title: { zh: '作废事件', en: 'Event voided' },
  data: (name: Wording) => Struct(name, correctionFields),
})

export const EventCorrected = defineCorrection({
  type: 'EventCorrected',
  version: 1,
  title: { zh: '更正事件', en: 'Event corrected' },
  // `data` is the corrected event's whole data, checked against that event's own type once the entry is found
  data: (name: Wording) => Struct(name, { ...correctionFields, data: t.UnknownRecord }),
})

export interface VoidData {
  readonly entryId: string
  readonly reason: string
  readonly responsibleUnit: string
}
export interface CorrectData extends VoidData {
  readonly data: Readonly<Record<string, unknown>>
}

/** A correction as a caller records it. */
export type CorrectionEvent = { readonly type: 'EventVoided'; readonly data: VoidData } | { readonly type: 'EventCorrected'; readonly data: CorrectData }
export type CorrectionType = CorrectionEvent['type']

export const corrections: ReadonlyMap<string, CorrectionDefinition> = new Map(
  ([EventVoided, EventCorrected] as ReadonlyArray<CorrectionDefinition<string, unknown>>).map((d) => [d.type, d]),
)

export const isCorrection = (type: string): type is CorrectionType => corrections.has(type)

/** What a correction does to the stream's facts: the entry it names, and its new data (absent for a void). */
export interface Amendment {
  readonly entryId: string
  readonly data?: unknown
}

/**
 * A correction's amendment, read from its data. Stored data is read as it
 * is and may be forged: data that names no entry amends none (entryId ''),
 * never a throw; verify finds the body that was changed.
 */
export const amendmentOf = (e: { readonly type: string; readonly data: unknown }): Amendment => {
  const d: { readonly entryId?: unknown; readonly data?: unknown } = typeof e.data === 'object' && e.data !== null ? e.data : {}
  const entryId = typeof d.entryId === 'string' ? d.entryId : ''
  return e.type === EventCorrected.type ? { entryId, data: d.data } : { entryId }
}
