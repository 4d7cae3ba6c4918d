import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { GENESIS_HASH, hashBodyBytes, hashEntry } from '../chain.js'
import type { Entry, UnsealedEntry } from '../envelope.js'
import { validationFailed, type StorageFailed, type ValidationFailed } from '../errors.js'
import type { EventStore, Page, RawEntry } from '../store.js'
import { checkpointSignatureProblem, type KeyInput, type SignedCheckpoint } from './checkpoint.js'

/**
 * What can be wrong at a position of the log. A tail rewritten and
 * re-hashed end to end shows as `content-changed` at the first signed
 * checkpoint whose head it no longer matches.
 */
export type Tampering = 'content-changed' | 'link-broken' | 'position-missing' | 'entries-reordered' | 'log-truncated'

export type Verification =
  | { readonly ok: true; readonly count: number; readonly headHash: string; readonly checkpoints: number }
  | { readonly ok: false; readonly position: number; readonly problem: Tampering; readonly detail: string }

declare const trusted: unique symbol
/** Checkpoints whose signatures were checked against a public key: only these count as evidence. */
export type TrustedCheckpoints = ReadonlyArray<SignedCheckpoint> & { readonly [trusted]: true }

/** Checkpoints split into those whose signatures verify with the key, and why each other one does not. */
export const partitionCheckpoints = (
  checkpoints: ReadonlyArray<SignedCheckpoint>,
  publicKey: KeyInput,
): { readonly trusted: TrustedCheckpoints; readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }> } => {
  const trusted: SignedCheckpoint[] = []
  const invalid: Array<{ index: number; reason: string }> = []
  checkpoints.forEach((c, index) => {
    const bad = checkpointSignatureProblem(c, publicKey)
    if (bad === undefined) trusted.push(c)
    else invalid.push({ index, reason: `the checkpoint of ${c.at} (size ${c.size}): ${bad}` })
  })
  return { trusted: trusted as ReadonlyArray<SignedCheckpoint> as TrustedCheckpoints, invalid }
}

/**
 * Check every checkpoint's signature with the public key the auditor trusts
 * (obtained apart from the log). A checkpoint that does not verify is an
 * error naming it, never silently dropped.
 */
export const trustCheckpoints = (checkpoints: ReadonlyArray<SignedCheckpoint>, publicKey: KeyInput): E.Either<ValidationFailed, TrustedCheckpoints> => {
  const { trusted, invalid } = partitionCheckpoints(checkpoints, publicKey)
  return invalid.length > 0 ? E.left(validationFailed(invalid.map((i) => ({ path: `checkpoints[${i.index}]`, reason: i.reason })))) : E.right(trusted)
}

/** A failure, or undefined while the chain holds so far. */
export type Check = (entry: Entry) => Verification | undefined

export interface ChainWalker {
  readonly check: Check
  /** the same check of a stored body and its hash, parsing the body only when it does not hash as stored */
  readonly checkRaw: (raw: RawEntry) => Verification | undefined
  /** the next item read was not an entry at all (a damaged line of an export) */
  readonly unreadable: (detail: string) => Verification
  readonly result: () => Verification
}

const POSITION = '"position":'
const PREV_HASH = '"prevHash":"'

/**
 * An entry's position and link read straight from a body that hashes as
 * sealed, so canonical: each key then appears at the top level, and only
 * there unless a nested object uses the name (then: undefined, and the
 * caller parses). Read as latin1, a byte per character: the keys and values
 * sought are ASCII, and nothing is decoded.
 */
const sealedFields = (body: Buffer): { readonly position: number; readonly prevHash: string } | undefined => {
  const text = body.toString('latin1')
  const p = text.indexOf(POSITION)
  const h = text.indexOf(PREV_HASH)
  if (p < 0 || h < 0 || p !== text.lastIndexOf(POSITION) || h !== text.lastIndexOf(PREV_HASH)) return undefined
  const position = Number(text.slice(p + POSITION.length, text.indexOf(',', p)))
  const prevHash = text.slice(h + PREV_HASH.length, text.indexOf('"', h + PREV_HASH.length))
  return Number.isSafeInteger(position) ? { position, prevHash } : undefined
}

const failure = (position: number, problem: Tampering, detail: string): Verification => ({ ok: false, position, problem, detail })

/**
 * A walker of the chain that is fed entries in log order, a page at a
 * time: each must sit at the next position, link to the hash of the one
 * before, and hash to its own `hash`; at each trusted checkpoint's size the
 * head must be the one signed, and no checkpoint may lie beyond the end. A
 * gap is judged one entry later: if the missing position turns up next, the
 * entries were reordered.
 */
export const chainWalker = (trusted?: TrustedCheckpoints): ChainWalker => {
  let expected = 1
  let prevHash = GENESIS_HASH
  /** the entry found where `expected` should have been */
  let gap: number | undefined
  const checkpoints = [...(trusted ?? [])].sort((a, b) => a.size - b.size)
  let nextCheckpoint = 0

  /** Those at this size must name this head. */
  const checkpointsUpTo = (size: number, head: string): Verification | undefined => {
    for (; nextCheckpoint < checkpoints.length && (checkpoints[nextCheckpoint] as SignedCheckpoint).size <= size; nextCheckpoint++) {
      const c = checkpoints[nextCheckpoint] as SignedCheckpoint
      if (c.size === size && c.head !== head)
        return failure(
          size,
          'content-changed',
          `the head at ${size} is ${head}, but the checkpoint of ${c.at} signed ${c.head}: an entry at or before ${size} was changed and the chain re-hashed after it`,
        )
    }
    return undefined
  }

  /** A checkpoint beyond the end of the log means entries were cut off. */
  const beyondEnd = (count: number): Verification | undefined => {
    const c = checkpoints[nextCheckpoint]
    return c === undefined ? undefined : failure(count + 1, 'log-truncated', `the checkpoint of ${c.at} was signed over ${c.size} entries; the log ends at ${count}`)
  }

  const missing = (): Verification => failure(expected, 'position-missing', `position ${expected} is missing; the next entry is at ${gap}`)

  /** The checks in their order; `hashes` is asked only once the entry sits where it should. */
  const checkAt = (position: number, linked: string, hash: string, hashes: () => boolean): Verification | undefined => {
    if (gap !== undefined) return position === expected ? failure(expected, 'entries-reordered', `position ${expected} comes after position ${gap}`) : missing()
    if (position < expected) return failure(expected, 'entries-reordered', `position ${position} found after position ${expected - 1}`)
    if (position > expected) {
      gap = position
      return undefined
    }
    if (!hashes()) return failure(expected, 'content-changed', `the entry at ${expected} does not hash to its recorded hash`)
    if (linked !== prevHash) return failure(expected, 'link-broken', `the entry at ${expected} does not link to the hash of the entry before it`)
    prevHash = hash
    const atCheckpoint = checkpointsUpTo(expected, hash)
    if (atCheckpoint !== undefined) return atCheckpoint
    expected++
    return undefined
  }

  const check: Check = (entry) => {
    const { hash, ...unsealed } = entry
    return checkAt(entry.position, entry.prevHash, hash, () => hashEntry(unsealed) === hash)
  }

  return {
    check,
    checkRaw: ({ hash, body }) => {
      const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      const fields = hashBodyBytes(bytes) === hash ? sealedFields(bytes) : undefined
      if (fields !== undefined) return checkAt(fields.position, fields.prevHash, hash, () => true)
      // not as sealed: judge it exactly as a parsed entry is judged
      let entry: Entry
      try {
        entry = { ...(JSON.parse(bytes.toString('utf8')) as UnsealedEntry), hash }
      } catch (err) {
        return gap !== undefined ? missing() : failure(expected, 'content-changed', `at ${expected}: the stored body is not JSON (${(err as Error).message})`)
      }
      return check(entry)
    },
    unreadable: (detail) => (gap !== undefined ? missing() : failure(expected, 'content-changed', `at ${expected}: ${detail}`)),
    result: () => {
      if (gap !== undefined) return missing()
      const count = expected - 1
      // checkpoints of an empty log (size 0) name the genesis hash
      return checkpointsUpTo(count, prevHash) ?? beyondEnd(count) ?? { ok: true, count, headHash: prevHash, checkpoints: checkpoints.length }
    },
  }
}

/** Verify entries already in memory. */
export const verifyEntries = (entries: Iterable<Entry>, trusted?: TrustedCheckpoints): Verification => {
  const walker = chainWalker(trusted)
  for (const e of entries) {
    const failure = walker.check(e)
    if (failure !== undefined) return failure
  }
  return walker.result()
}

/** Verify a whole store, page by page, never holding the log in memory; by raw bodies where the store offers them. */
export const verifyStore = (store: EventStore, trusted?: TrustedCheckpoints, pageSize = 10_000): TaskEither<StorageFailed, Verification> => {
  const walker = chainWalker(trusted)
  return store.readRaw === undefined ? walkPages(store.readAll, walker.check, walker, pageSize) : walkPages(store.readRaw, walker.checkRaw, walker, pageSize)
}

const walkPages =
  <A>(
    read: (page: Page) => TaskEither<StorageFailed, ReadonlyArray<A>>,
    check: (item: A) => Verification | undefined,
    walker: ChainWalker,
    pageSize: number,
  ): TaskEither<StorageFailed, Verification> =>
  async () => {
    // page by how many entries were read, not by the last one's stated position: in a tampered
    // store the two differ (rows swapped), and every entry must be seen to say what happened
    for (let after = 0; ; ) {
      const page = await read({ after, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const item of page.right) {
        const failure = check(item)
        if (failure !== undefined) return E.right(failure)
      }
      if (page.right.length < pageSize) return E.right(walker.result())
      after += page.right.length
    }
  }
