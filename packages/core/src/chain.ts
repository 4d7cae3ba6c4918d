import * as E from 'fp-ts/lib/Either.js'
import { hash as digest } from 'node:crypto'
import { canonicalJson, writeCanonical, type Json } from './canonical.js'
import { said } from './codecs.js'
import { integrityFailed, type IntegrityFailed } from './errors.js'
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
export const entryBody = (e: UnsealedEntry): string => leafOf(e, e.position, JSON.stringify(e.recordedAt), e.prevHash).slice(1)

/**
 * What an entry's hash is taken over: the domain byte, then the body, for a draft at its place
 * in the log (`recordedAt` comes quoted: one commit shares it). Joined in one step, it is one
 * flat text that the hash reads as it stands, and the body a slice of it, not another copy.
 */
const leafOf = (e: EntryDraft, position: number, recordedAt: string, prevHash: string): string => {
  const out = ['\u0000{']
  // present only when given, first in canonical order: an entry without one has the bytes it always had
  if (e.attestation !== undefined) {
    out.push('"attestation":')
    writeCanonical(e.attestation as unknown as Json, out)
    out.push(',')
  }
  out.push('"causationId":', JSON.stringify(e.causationId), ',"correlationId":', JSON.stringify(e.correlationId), ',"data":')
  writeCanonical(e.data as Json, out)
  out.push(',"id":', JSON.stringify(e.id), ',"occurredAt":', JSON.stringify(e.occurredAt), ',"position":', String(position))
  out.push(',"prevHash":', JSON.stringify(prevHash), ',"recordedAt":', recordedAt, ',"recordedBy":', JSON.stringify(e.recordedBy))
  out.push(',"revision":', String(e.revision), ',"source":')
  writeCanonical(e.source as unknown as Json, out)
  out.push(',"stream":', JSON.stringify(e.stream), ',"type":', JSON.stringify(e.type), ',"version":', String(e.version), '}')
  return out.join('')
}

const ENTRY_DOMAIN = Buffer.from([0x00])

/**
 * Where the bytes hashed are laid out: the domain byte, once, then the
 * body's UTF-8. Writing a body into it spares the string that joining
 * `\u0000` and the body would make, only for the hash to flatten and
 * encode it again: a verify hashes every stored body.
 */
const scratch = Buffer.alloc(1 << 16)
ENTRY_DOMAIN.copy(scratch)

/** The hash of an entry's body, held as text or as its UTF-8 bytes (as a store reads it without decoding). */
export const hashBody = (body: string | Uint8Array): string => {
  const text = typeof body === 'string'
  // a UTF-16 unit is at most 3 bytes of UTF-8: a longer body is joined, as it rarely is
  if ((text ? body.length * 3 : body.byteLength) >= scratch.length)
    return `${HASH_ALGORITHM}:${digest(HASH_ALGORITHM, Buffer.concat([ENTRY_DOMAIN, text ? Buffer.from(body) : body]), 'hex')}`
  const size = text ? scratch.write(body, ENTRY_DOMAIN.length) : (scratch.set(body, ENTRY_DOMAIN.length), body.byteLength)
  return `${HASH_ALGORITHM}:${digest(HASH_ALGORITHM, scratch.subarray(0, ENTRY_DOMAIN.length + size), 'hex')}`
}

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
  const quotedRecordedAt = JSON.stringify(recordedAt)
  let prevHash = head.hash
  let position = head.position
  const entries: SealedEntry[] = []
  // each entry built once, field by field: spreading the draft twice per entry cost more than its hash
  for (const d of drafts) {
    position += 1
    const leaf = leafOf(d, position, quotedRecordedAt, prevHash)
    const hash = `${HASH_ALGORITHM}:${digest(HASH_ALGORITHM, leaf, 'hex')}`
    const body = leaf.slice(1)
    entries.push({
      id: d.id,
      type: d.type,
      version: d.version,
      stream: d.stream,
      revision: d.revision,
      occurredAt: d.occurredAt,
      recordedBy: d.recordedBy,
      source: d.source,
      correlationId: d.correlationId,
      causationId: d.causationId,
      data: d.data,
      ...(d.attestation === undefined ? {} : { attestation: d.attestation }),
      position,
      recordedAt,
      prevHash,
      hash,
      body,
    })
    prevHash = hash
  }
  return { entries, head: { position, hash: prevHash, recordedAt: recordedAtMs } }
}

/** A sealed entry as a store hands it back, without the body it keeps. */
export const entryOf = (e: SealedEntry): Entry => ({
  id: e.id,
  type: e.type,
  version: e.version,
  stream: e.stream,
  revision: e.revision,
  occurredAt: e.occurredAt,
  recordedBy: e.recordedBy,
  source: e.source,
  correlationId: e.correlationId,
  causationId: e.causationId,
  data: e.data,
  ...(e.attestation === undefined ? {} : { attestation: e.attestation }),
  position: e.position,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash,
})

/** Why an entry does not extend the chain, or undefined if it does. */
export const checkLink = (expected: { position: number; hash: string }, entry: Entry, body: string): string | undefined => {
  if (entry.position !== expected.position + 1)
    return `position ${expected.position + 1} expected, found ${entry.position}`
  if (entry.prevHash !== expected.hash) return 'link broken: prevHash does not match the previous entry'
  if (hashBody(body) !== entry.hash) return 'content changed: hash does not match the entry'
  return undefined
}

/**
 * A commit sealed elsewhere, checked to extend this head exactly as `seal`
 * would have: consecutive positions, each linked to the one before, one
 * recordedAt later than the head's, and each entry's canonical body hashing
 * to its hash. What a store keeps of it (`appendSealed`): the bodies, the
 * head after it, and the revision each stream must stand at before it,
 * which the store checks as it checks an append's.
 */
export const checkSealed = (
  head: Head,
  entries: ReadonlyArray<Entry>,
  deltas: number,
): E.Either<IntegrityFailed, { readonly bodies: ReadonlyArray<string>; readonly head: Head; readonly expected: ReadonlyArray<{ readonly stream: string; readonly revision: number }> }> => {
  const first = entries[0]
  if (first === undefined) return E.left(integrityFailed(head.position + 1, said({ zh: '封存的提交块中没有条目', en: 'a sealed commit with no entry' })))
  if (deltas !== entries.length) return E.left(integrityFailed(first.position, said({ zh: `封存的提交块有 ${entries.length} 个条目，却有 ${deltas} 份增量`, en: `a sealed commit of ${entries.length} entries with ${deltas} deltas` })))
  const recordedAt = Date.parse(first.recordedAt)
  if (!(recordedAt > head.recordedAt)) return E.left(integrityFailed(
        first.position,
        said({
          zh: `记录时间 ${first.recordedAt} 不晚于链头的 ${new Date(head.recordedAt).toISOString()}`,
          en: `recorded at ${first.recordedAt}, not after the head's ${new Date(head.recordedAt).toISOString()}`,
        }),
      ))
  const bodies: string[] = []
  const revisions = new Map<string, number>()
  const expected: Array<{ stream: string; revision: number }> = []
  let prev = { position: head.position, hash: head.hash }
  for (const e of entries) {
    const before = revisions.get(e.stream)
    if (before === undefined) expected.push({ stream: e.stream, revision: e.revision - 1 })
    revisions.set(e.stream, e.revision)
    const { hash, ...unsealed } = e
    let body: string
    try {
      body = canonicalJson(unsealed as unknown as Json)
    } catch (err) {
      return E.left(integrityFailed(e.position, said({ zh: `该条目没有规范形式：${(err as Error).message}`, en: `the entry has no canonical form: ${(err as Error).message}` })))
    }
    const why =
      e.position !== prev.position + 1
        ? { zh: `应为位置 ${prev.position + 1}，却是 ${e.position}`, en: `position ${prev.position + 1} expected, found ${e.position}` }
        : e.prevHash !== prev.hash
          ? { zh: '它未链接到前一条目', en: 'it does not link to the entry before it' }
          : e.recordedAt !== first.recordedAt
            ? { zh: `同一提交块，却有记录时间 ${e.recordedAt} 和 ${first.recordedAt}`, en: `one commit, but recorded at ${e.recordedAt} and at ${first.recordedAt}` }
            : hashBody(body) !== hash
              ? { zh: '它与其记录的哈希不符', en: 'it does not hash to its recorded hash' }
              : !Number.isSafeInteger(e.revision) || e.revision < 1 || (before !== undefined && e.revision !== before + 1)
                ? {
                    zh: `流 ${e.stream} 的版本 ${e.revision} 未接续${before === undefined ? '该流现有的版本' : `版本 ${before}`}`,
                    en: `revision ${e.revision} of ${e.stream} does not follow ${before ?? 'the stream as it stands'}`,
                  }
                : undefined
    if (why !== undefined) return E.left(integrityFailed(e.position, said(why)))
    bodies.push(body)
    prev = { position: e.position, hash }
  }
  return E.right({ bodies, expected, head: { position: prev.position, hash: prev.hash, recordedAt } })
}
