import { hash } from 'node:crypto'
import { canonicalJson, type Json } from './canonical.js'
import type { Entry, EntryDraft, SealedEntry, UnsealedEntry } from './envelope.js'

/**
 * The hash chain. Each entry's hash covers the canonical bytes of the entry
 * itself (its `prevHash` included, its own `hash` left out), prefixed with a
 * domain byte as RFC 6962 keeps leaves and nodes apart: 0x00 for entries,
 * 0x01 for signed checkpoints. The algorithm is named in every hash
 * (`sha256:…`), so another (SM3, say) can join later without ambiguity.
 */
export const HASH_ALGORITHM = 'sha256'
export const GENESIS_HASH = `${HASH_ALGORITHM}:${'0'.repeat(64)}`

/**
 * The bytes an entry's hash covers, as stored: canonical JSON without `hash`.
 * The envelope's keys are known, so they are written in their canonical
 * order directly; `canonicalJson` of the whole entry gives the same text
 * (a test holds the two together).
 */
export const entryBody = (e: UnsealedEntry): string =>
  `{"causationId":${JSON.stringify(e.causationId)},"correlationId":${JSON.stringify(e.correlationId)},"data":${canonicalJson(e.data as Json)},"id":${JSON.stringify(e.id)},"occurredAt":${JSON.stringify(e.occurredAt)},"position":${e.position},"prevHash":${JSON.stringify(e.prevHash)},"recordedAt":${JSON.stringify(e.recordedAt)},"recordedBy":${JSON.stringify(e.recordedBy)},"revision":${e.revision},"source":${canonicalJson(e.source as unknown as Json)},"stream":${JSON.stringify(e.stream)},"type":${JSON.stringify(e.type)},"version":${e.version}}`

// one-shot hashing of the domain byte and the body as one string: the same bytes, without a Hash object per entry
export const hashBody = (body: string): string => `${HASH_ALGORITHM}:${hash(HASH_ALGORITHM, `\u0000${body}`, 'hex')}`

const ENTRY_DOMAIN = Buffer.from([0x00])

/** The same hash of a body held as its UTF-8 bytes, as a store reads it without decoding. */
export const hashBodyBytes = (body: Uint8Array): string => `${HASH_ALGORITHM}:${hash(HASH_ALGORITHM, Buffer.concat([ENTRY_DOMAIN, body]), 'hex')}`

export const hashEntry = (entry: UnsealedEntry): string => hashBody(entryBody(entry))

/** What a store knows of the end of its log, enough to extend the chain. */
export interface Head {
  /** position of the last entry; 0 for an empty log */
  readonly position: number
  readonly hash: string
  /** epoch ms of the last append; 0 for an empty log */
  readonly recordedAt: number
}

export const EMPTY_HEAD: Head = { position: 0, hash: GENESIS_HASH, recordedAt: 0 }

/**
 * Give a batch its place in the log: consecutive positions after the head,
 * one `recordedAt` for the whole batch (it is one commit) strictly after the
 * head's, and the chain of hashes. Stores call this inside their write lock,
 * so that positions are gap-free and commit order is position order.
 */
export const seal = (
  head: Head,
  drafts: ReadonlyArray<EntryDraft>,
  now: number,
): { readonly entries: ReadonlyArray<SealedEntry>; readonly head: Head } => {
  const recordedAtMs = Math.max(now, head.recordedAt + 1)
  const recordedAt = new Date(recordedAtMs).toISOString()
  let prevHash = head.hash
  let position = head.position
  const entries = drafts.map((draft) => {
    position += 1
    const unsealed: UnsealedEntry = { ...draft, position, recordedAt, prevHash }
    const body = entryBody(unsealed)
    const hash = hashBody(body)
    prevHash = hash
    return { ...unsealed, hash, body }
  })
  return { entries, head: { position, hash: prevHash, recordedAt: recordedAtMs } }
}

/** Why an entry does not extend the chain, or undefined if it does. */
export const checkLink = (expected: { position: number; hash: string }, entry: Entry, body: string): string | undefined => {
  if (entry.position !== expected.position + 1)
    return `position ${expected.position + 1} expected, found ${entry.position}`
  if (entry.prevHash !== expected.hash) return 'link broken: prevHash does not match the previous entry'
  if (hashBody(body) !== entry.hash) return 'content changed: hash does not match the entry'
  return undefined
}
