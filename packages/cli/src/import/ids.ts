import { createHash } from 'node:crypto'

/*
 * An event's id where a sheet gives none: a name-based UUID (RFC 9562
 * version 5) of its source record, so that the same row imported again is
 * the same event, a duplicate, never a second one. The namespace is fixed
 * for good (docs/cli.md): a new one would make every sheet imported before
 * new events again.
 */

/** The namespace of the ids derived from source records. */
export const SOURCE_ID_NAMESPACE = '6f9c1d2e-8a4b-4c3d-9e5f-7a1b2c3d4e5f'

const uuidV5 = (namespace: string, name: string): string => {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The id of the event of a source record: the UUID v5 of `["<system>","<recordId>"]` (JSON, so no text of one can pass for the other's). */
export const sourceId = (system: string, recordId: string): string => uuidV5(SOURCE_ID_NAMESPACE, JSON.stringify([system, recordId]))
