import { jsonEvent, type EventData, type JSONType, type RecordedEvent } from '@eventstore/db-client'
import { hashEntry, type Entry, type EntryDeltas, type SealedEntry } from '@policy-ledger/core'

/**
 * An entry as an EventStoreDB event in the log: the event's id, type and
 * JSON data are the entry's own, so EventStoreDB's tools and projections
 * see the domain event; everything else of the envelope (the hash chain
 * included) and the packed tally deltas go in the event's metadata.
 */
export interface LogMetadata {
  readonly id: string
  readonly type: string
  readonly version: number
  readonly stream: string
  readonly revision: number
  readonly position: number
  readonly occurredAt: string
  readonly recordedAt: string
  readonly recordedBy: string
  readonly source: { readonly system: string; readonly recordId: string }
  readonly correlationId: string | null
  readonly causationId: string | null
  readonly prevHash: string
  readonly hash: string
  /** the packed deltas, little-endian float64s, base64 */
  readonly deltas: string
}

/** The log is not what this adapter wrote: a foreign or damaged stream. */
export class NotALedger extends Error {
  override readonly name = 'NotALedger'
}

const isJsonData = (u: unknown): u is JSONType => typeof u === 'object' && u !== null

export const packBase64 = (deltas: Float64Array): string => {
  const bytes = Buffer.alloc(deltas.length * 8)
  deltas.forEach((x, i) => bytes.writeDoubleLE(x, i * 8))
  return bytes.toString('base64')
}

const unpackBase64 = (text: string): Float64Array => {
  const bytes = Buffer.from(text, 'base64')
  const out = new Float64Array(Math.floor(bytes.length / 8))
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i * 8)
  return out
}

export const toLogEvent = ({ body: _body, data, ...envelope }: SealedEntry, deltas: Float64Array): EventData => {
  if (!isJsonData(data)) throw new TypeError(`entry ${envelope.id}: data must be a JSON object`)
  const metadata: LogMetadata = { ...envelope, deltas: packBase64(deltas) }
  return jsonEvent({ id: envelope.id, type: envelope.type, data, metadata })
}

const fields: ReadonlyArray<readonly [keyof LogMetadata, 'string' | 'number' | 'string|null' | 'source']> = [
  ['id', 'string'],
  ['type', 'string'],
  ['version', 'number'],
  ['stream', 'string'],
  ['revision', 'number'],
  ['position', 'number'],
  ['occurredAt', 'string'],
  ['recordedAt', 'string'],
  ['recordedBy', 'string'],
  ['source', 'source'],
  ['correlationId', 'string|null'],
  ['causationId', 'string|null'],
  ['prevHash', 'string'],
  ['hash', 'string'],
  ['deltas', 'string'],
]

const fits = (value: unknown, kind: (typeof fields)[number][1]): boolean => {
  switch (kind) {
    case 'string|null':
      return value === null || typeof value === 'string'
    case 'source':
      return typeof value === 'object' && value !== null && typeof (value as { system?: unknown }).system === 'string' && typeof (value as { recordId?: unknown }).recordId === 'string'
    default:
      return typeof value === kind
  }
}

/** The log metadata of an event, checked field by field and against the event's place in the log. */
const metadataOf = (event: RecordedEvent): LogMetadata => {
  const where = `event ${event.revision} of ${event.streamId}`
  const meta: unknown = event.metadata
  if (typeof meta !== 'object' || meta === null || meta instanceof Uint8Array) throw new NotALedger(`${where} has no ledger metadata`)
  const wrong = fields.find(([key, kind]) => !fits((meta as Record<string, unknown>)[key], kind))
  if (wrong !== undefined) throw new NotALedger(`${where}: metadata field ${wrong[0]} is missing or not ${wrong[1]}`)
  const m = meta as LogMetadata
  if (BigInt(m.position) !== event.revision + 1n) throw new NotALedger(`${where} claims position ${m.position}`)
  return m
}

/** An entry read back from the log; its hash is checked, so a damaged entry never passes for one. */
export const fromLogEvent = (event: RecordedEvent): Entry => {
  const { deltas: _deltas, hash, ...envelope } = metadataOf(event)
  if (!event.isJson) throw new NotALedger(`event ${event.revision} of ${event.streamId} is not JSON`)
  const unsealed = { ...envelope, data: event.data }
  if (hashEntry(unsealed as Omit<Entry, 'hash'>) !== hash)
    throw new NotALedger(`event ${event.revision} of ${event.streamId}: content changed, its hash does not match`)
  // the hash matched: these are the very fields the ledger sealed
  return { ...unsealed, hash } as Entry
}

export const deltasFromLogEvent = (event: RecordedEvent): EntryDeltas => {
  const m = metadataOf(event)
  return { position: m.position, recordedAt: Date.parse(m.recordedAt), deltas: unpackBase64(m.deltas) }
}
