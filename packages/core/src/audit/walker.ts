import { canonicalJson, type Json } from '../canonical.js'
import { GENESIS_HASH, hashBody } from '../chain.js'
import { said, type Wording } from '../codecs.js'
import type { Entry, UnsealedEntry } from '../envelope.js'
import type { RawPage } from '../store.js'
import type { SignedCheckpoint, TrustedCheckpoints } from './checkpoint.js'

/*
 * The chain walker, apart from the rest of verifying (checkpoint
 * signatures, the walk of a whole store): the ranges verified on worker
 * threads (`ranges.ts`) need only this.
 */

/**
 * What can be wrong at a position of the log. A tail rewritten and
 * re-hashed end to end shows as `content-changed` at the first signed
 * checkpoint whose head it no longer matches. The last three are found by
 * checking what the store keeps beside its entries (`derived.ts`): a column
 * beside a body that says otherwise than the body, a stored delta, commit
 * block, snapshot or head that is not what the entries give, and an entry
 * that the ledger could not have recorded (its data does not hold, it
 * stands on another stream than its data names, or its stream no longer
 * folds). Held to a keyring of the departments' public keys, an entry whose
 * attestation does not hold (a bad signature, a key not the unit's, a
 * principal that may not act for its unit) is `signature-invalid`; asked to,
 * one that carries no signature is `signature-missing`.
 */
export type Tampering =
  | 'content-changed'
  | 'link-broken'
  | 'position-missing'
  | 'entries-reordered'
  | 'log-truncated'
  | 'column-changed'
  | 'derived-changed'
  | 'invalid-entry'
  | 'signature-invalid'
  | 'signature-missing'

/** Which derived row is wrong, where it is one: a commit block (its first and last positions), a snapshot, or the stored head. */
export type DerivedPlace =
  | { readonly kind: 'commit'; readonly first: number; readonly last: number }
  | { readonly kind: 'snapshot'; readonly position: number }
  | { readonly kind: 'head' }

/**
 * The verdict. `workers`: how many worker threads verified ranges of the
 * log before this thread walked the rest (absent: it walked all of it).
 */
export type Verification =
  | {
      readonly ok: true
      readonly count: number
      readonly headHash: string
      readonly checkpoints: number
      readonly workers?: number
      /** what was checked beside the chain: commit blocks and snapshots held to the entries (absent: the chain alone was walked) */
      readonly derived?: { readonly commits: number; readonly snapshots: number }
    }
  | {
      readonly ok: false
      readonly position: number
      readonly problem: Tampering
      readonly detail: string
      readonly workers?: number
      readonly derived?: DerivedPlace
    }

/** A failure, or undefined while the chain holds so far. */
export type Check = (entry: Entry) => Verification | undefined

export interface ChainWalker {
  readonly check: Check
  /** the same check of a page of stored bodies and hashes, parsing a body only when it does not hash as stored */
  readonly checkRaw: (page: RawPage) => Verification | undefined
  /** the next item read was not an entry at all (a damaged line of an export) */
  readonly unreadable: (detail: Wording) => Verification
  readonly result: () => Verification
}

const POSITION_KEY = '"position":'
/** Either key, anywhere. */
const EITHER_KEY = /"p(?:osition|revHash)":/g
/** What canonical order puts right after `"position":`: its digits, then the link. */
const LINK = /(\d+),"prevHash":"([^"\\]*)"/y

/**
 * An entry's position and link read straight from a body that hashes as
 * sealed, so canonical: each key then appears at the top level, and only
 * there unless a nested object uses the name (then: undefined, and the
 * caller parses). The first of the keys must be `position`, the link must
 * follow it, and neither key may come after: three regular expression
 * steps, 0.6 µs a body against 1.6 µs searching for each key from both
 * ends (`indexOf`, `lastIndexOf`).
 */
const sealedFields = (text: string): { readonly position: number; readonly prevHash: string } | undefined => {
  EITHER_KEY.lastIndex = 0
  if (!EITHER_KEY.test(text) || !text.startsWith(POSITION_KEY, EITHER_KEY.lastIndex - POSITION_KEY.length)) return undefined
  LINK.lastIndex = EITHER_KEY.lastIndex
  const link = LINK.exec(text)
  if (link === null) return undefined
  EITHER_KEY.lastIndex = LINK.lastIndex
  const position = Number(link[1])
  return EITHER_KEY.test(text) || !Number.isSafeInteger(position) ? undefined : { position, prevHash: link[2] as string }
}

/** A finding; its detail said as every message is (`said`). */
const failure = (position: number, problem: Tampering, detail: Wording): Verification => ({ ok: false, position, problem, detail: said(detail) })

/** A stored body as text, decoded as asked unless it is text already. */
const textOf = (body: string | Uint8Array, encoding: 'latin1' | 'utf8'): string =>
  typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(encoding)

/** What an entry hashes to as it stands, every key it has but its hash; undefined if it has no canonical form (a number that is not finite, nesting too deep to write). */
const hashOf = (entry: Entry): string | undefined => {
  const { hash: _hash, ...unsealed } = entry
  try {
    return hashBody(canonicalJson(unsealed as unknown as Json))
  } catch {
    return undefined
  }
}

/** For a body whose hash was checked already. */
const HASHED = (): boolean => true

/**
 * A walker of the chain that is fed entries in log order, a page at a
 * time: each must sit at the next position, link to the hash of the one
 * before, and hash to its own `hash`; at each trusted checkpoint's size the
 * head must be the one signed, and no checkpoint may lie beyond the end. A
 * gap is judged one entry later: if the missing position turns up next, the
 * entries were reordered.
 */
export const chainWalker = (trusted?: TrustedCheckpoints, after?: { readonly position: number; readonly hash: string }): ChainWalker => {
  let expected = (after?.position ?? 0) + 1
  let prevHash = after?.hash ?? GENESIS_HASH
  /** the entry found where `expected` should have been */
  let gap: number | undefined
  const checkpoints = [...(trusted ?? [])].sort((a, b) => a.size - b.size)
  // resuming: the checkpoints up to `after` were held by whoever verified that far
  let nextCheckpoint = after === undefined ? 0 : checkpoints.filter((c) => c.size <= after.position).length

  /** Those at this size must name this head. */
  const checkpointsUpTo = (size: number, head: string): Verification | undefined => {
    for (; nextCheckpoint < checkpoints.length && (checkpoints[nextCheckpoint] as SignedCheckpoint).size <= size; nextCheckpoint++) {
      const c = checkpoints[nextCheckpoint] as SignedCheckpoint
      if (c.size === size && c.head !== head)
        return failure(
          size,
          'content-changed',
          {
            zh: `位置 ${size} 处的链头为 ${head}，但检查点（${c.at}）签署的是 ${c.head}：位置 ${size} 或之前的某个条目被改动，其后的链被重新计算了哈希`,
            en: `the head at ${size} is ${head}, but the checkpoint of ${c.at} signed ${c.head}: an entry at or before ${size} was changed and the chain re-hashed after it`,
          },
        )
    }
    return undefined
  }

  /** A checkpoint beyond the end of the log means entries were cut off. */
  const beyondEnd = (count: number): Verification | undefined => {
    const c = checkpoints[nextCheckpoint]
    return c === undefined ? undefined : failure(count + 1, 'log-truncated', {
          zh: `检查点（${c.at}）签署时台账有 ${c.size} 个条目，现在止于位置 ${count}`,
          en: `the checkpoint of ${c.at} was signed over ${c.size} entries; the log ends at ${count}`,
        })
  }

  const missing = (): Verification => failure(expected, 'position-missing', { zh: `缺少位置 ${expected}，下一个条目在位置 ${gap}`, en: `position ${expected} is missing; the next entry is at ${gap}` })

  /** The checks in their order; `hashes` is asked only once the entry sits where it should. */
  const checkAt = (position: number, linked: string, hash: string, hashes: () => boolean, unhashed?: Wording): Verification | undefined => {
    if (gap !== undefined) return position === expected ? failure(expected, 'entries-reordered', { zh: `位置 ${expected} 出现在位置 ${gap} 之后`, en: `position ${expected} comes after position ${gap}` }) : missing()
    if (!Number.isSafeInteger(position)) return failure(expected, 'content-changed', { zh: `位置 ${expected} 的条目没有整数位置`, en: `the entry at ${expected} has no whole-number position` })
    if (position < expected) return failure(expected, 'entries-reordered', { zh: `位置 ${position} 出现在位置 ${expected - 1} 之后`, en: `position ${position} found after position ${expected - 1}` })
    if (position > expected) {
      gap = position
      return undefined
    }
    if (!hashes()) return failure(expected, 'content-changed', unhashed ?? { zh: `位置 ${expected} 的条目与其记录的哈希不符`, en: `the entry at ${expected} does not hash to its recorded hash` })
    if (linked !== prevHash) return failure(expected, 'link-broken', { zh: `位置 ${expected} 的条目未链接到前一条目的哈希`, en: `the entry at ${expected} does not link to the hash of the entry before it` })
    prevHash = hash
    const atCheckpoint = checkpointsUpTo(expected, hash)
    if (atCheckpoint !== undefined) return atCheckpoint
    expected++
    return undefined
  }

  // The entry as it stands, every key it has: a key slipped in or taken out changes what it hashes to
  // (the envelope's own builder, `hashEntry`, would read only the keys it knows).
  const check: Check = (entry) => checkAt(entry.position, entry.prevHash, entry.hash, () => hashOf(entry) === entry.hash)

  const checkStored = (hash: string, body: string | Uint8Array): Verification | undefined => {
    // latin1 to find the keys: a character per byte, nothing decoded (the keys are ASCII; a link read so is
    // compared with hashes, which are ASCII, so a byte beyond ASCII in it can only fail to match)
    const asHashed = hashBody(body) === hash
    const fields = asHashed ? sealedFields(textOf(body, 'latin1')) : undefined
    if (fields !== undefined) return checkAt(fields.position, fields.prevHash, hash, HASHED)
    // not as sealed: read it to say where it stands and what is wrong with it
    let entry: Entry
    try {
      entry = { ...(JSON.parse(textOf(body, 'utf8')) as UnsealedEntry), hash }
    } catch (err) {
      return gap !== undefined ? missing() : failure(expected, 'content-changed', { zh: `位置 ${expected}：所存条目不是 JSON（${(err as Error).message}）`, en: `at ${expected}: the stored body is not JSON (${(err as Error).message})` })
    }
    // what is stored must be the very bytes that were hashed: the same entry written otherwise (white
    // space, key order, escapes) is not the sealed one, whatever it parses to
    if (asHashed) return check(entry)
    const rewritten = hashOf(entry) === hash
    return checkAt(entry.position, entry.prevHash, hash, () => false, rewritten
        ? {
            zh: `位置 ${expected} 的条目所存字节不是计算哈希时的字节（已被改写：空白、键的顺序或转义有变）`,
            en: `the entry at ${expected} is not stored as the bytes that were hashed (it was rewritten: white space, key order or escapes changed)`,
          }
        : undefined)
  }

  return {
    check,
    checkRaw: ({ hashes, bodies }) => {
      // a hash missing from its column is not the one recorded: changed content
      for (let i = 0; i < bodies.length; i++) {
        const found = checkStored(hashes[i] ?? '', bodies[i] as string | Uint8Array)
        if (found !== undefined) return found
      }
      return undefined
    },
    unreadable: (detail) => (gap !== undefined ? missing() : failure(expected, 'content-changed', { zh: `位置 ${expected}：${detail.zh}`, en: `at ${expected}: ${detail.en}` })),
    result: () => {
      if (gap !== undefined) return missing()
      const count = expected - 1
      // checkpoints of an empty log (size 0) name the genesis hash
      return checkpointsUpTo(count, prevHash) ?? beyondEnd(count) ?? { ok: true, count, headHash: prevHash, checkpoints: checkpoints.length }
    },
  }
}
