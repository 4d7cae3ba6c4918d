import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { DateTime } from 'luxon'
import { generateDepartmentKeys } from '../attestation.js'
import { GENESIS_HASH, HASH_ALGORITHM } from '../chain.js'
import { said, type Wording } from '../codecs.js'
import { validationFailed, type StorageFailed, type ValidationFailed } from '../errors.js'
import type { Issue } from '../issue.js'
import type { EventStore } from '../store.js'
import { isoUtc, PLAN_ZONE } from '../time.js'

/*
 * Signed checkpoints: "at this moment the log held `size` entries and its
 * head hash was `head`", signed with Ed25519. A chain alone proves only that
 * its entries hang together: someone able to write the store could change an
 * entry and re-hash everything after it. A checkpoint signed earlier, with
 * a key that never sat beside the store, catches that, and catches a log cut
 * short. The text signed follows the C2SP checkpoint (origin line, size,
 * base64 head hash, then extension lines: the time, and the link to the
 * checkpoint signed before), prefixed with the byte 0x01 so that no
 * checkpoint can ever be taken for an entry (0x00).
 *
 * The link makes the signer's checkpoints a chain of their own: each names
 * its number in the series and the hash of the one before it, so a
 * checkpoint left out of a set is a gap that names itself. Checkpoints
 * signed before the link existed carry neither line and are "unchained":
 * each still holds the log at its size, but whether any was left out cannot
 * be told.
 */

export interface Checkpoint {
  /** who keeps the log, e.g. `jiaxiang.gov.cn/policy-ledger` */
  readonly origin: string
  /** entries in the log: the head's position */
  readonly size: number
  /** the head's hash, `sha256:…` */
  readonly head: string
  /** the instant the checkpoint speaks for, ISO-8601 UTC */
  readonly at: string
  /** its number in the signer's series, from 1; with `prev`, or neither (an unchained checkpoint) */
  readonly seq?: number
  /** `checkpointHash` of the checkpoint numbered `seq - 1`; the genesis hash for the first */
  readonly prev?: string
}

export interface SignedCheckpoint extends Checkpoint {
  /** the first 8 bytes (hex) of SHA-256 of the signing key's SPKI bytes */
  readonly keyId: string
  /** Ed25519 over 0x01 ‖ checkpointText, base64 */
  readonly signature: string
}

declare const trusted: unique symbol
/** Checkpoints whose signatures were checked against a public key: only these count as evidence. */
export type TrustedCheckpoints = ReadonlyArray<SignedCheckpoint> & { readonly [trusted]: true }

const CHECKPOINT_DOMAIN = Buffer.from([0x01])

/** The digest of a `sha256:…` hash, base64, as the note writes hashes. */
const noteHash = (hash: string, what: string): string => {
  const [algorithm, hex = ''] = hash.split(':')
  if (algorithm !== HASH_ALGORITHM || !/^[0-9a-f]{64}$/.test(hex)) throw new RangeError(`checkpoint ${what} ${hash}: expected a ${HASH_ALGORITHM} hash (64 hex digits)`)
  return Buffer.from(hex, 'hex').toString('base64')
}

/** The text a checkpoint's signature covers. */
export const checkpointText = (c: Checkpoint): string => {
  const base = `${c.origin}\n${c.size}\n${noteHash(c.head, 'head')}\ntime ${c.at}\n`
  if (c.seq === undefined && c.prev === undefined) return base
  if (c.seq === undefined || c.prev === undefined || !Number.isSafeInteger(c.seq) || c.seq < 1)
    throw new RangeError(`checkpoint of ${c.at}: seq (a whole number from 1) and prev go together`)
  return `${base}seq ${c.seq}\nprev ${noteHash(c.prev, 'prev')}\n`
}

const signed = (c: Checkpoint): Buffer => Buffer.concat([CHECKPOINT_DOMAIN, Buffer.from(checkpointText(c), 'utf8')])

/** What the next checkpoint's `prev` names: SHA-256 of the bytes this one's signature covers. */
export const checkpointHash = (c: Checkpoint): string => `${HASH_ALGORITHM}:${createHash('sha256').update(signed(c)).digest('hex')}`

export type KeyInput = KeyObject | string

const publicKeyOf = (k: KeyInput): KeyObject => (typeof k === 'string' ? createPublicKey(k) : k.type === 'private' ? createPublicKey(k) : k)

export const keyIdOf = (publicKey: KeyInput): string =>
  createHash('sha256')
    .update(publicKeyOf(publicKey).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16)

/** A fresh Ed25519 key pair as PEM text: the private key to keep offline, the public key to publish. */
export const generateSigningKeys = (): { readonly privateKey: string; readonly publicKey: string } => {
  const { privateKey, publicKey } = generateDepartmentKeys('ed25519')
  return { privateKey, publicKey }
}

/** Sign one checkpoint as it is: linked if it carries `seq` and `prev`, else unchained. `signCheckpoints` links them. */
export const signCheckpoint = (c: Checkpoint, privateKey: KeyInput): SignedCheckpoint => {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey
  const { origin, size, head, at, seq, prev } = c
  const link = seq === undefined && prev === undefined ? {} : { seq, prev }
  return { origin, size, head, at, ...link, keyId: keyIdOf(key), signature: sign(null, signed(c), key).toString('base64') }
}

/**
 * Sign checkpoints in order as the next of the signer's series: each names
 * the one before it, the first names `after` (the series' last so far);
 * without `after`, or after an unchained checkpoint, a series begins at 1.
 */
export const signCheckpoints = (checkpoints: ReadonlyArray<Checkpoint>, privateKey: KeyInput, after?: SignedCheckpoint): SignedCheckpoint[] => {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey
  const out: SignedCheckpoint[] = []
  let last = after?.seq === undefined ? undefined : after
  for (const { origin, size, head, at } of checkpoints) {
    const next = signCheckpoint({ origin, size, head, at, seq: (last?.seq ?? 0) + 1, prev: last === undefined ? GENESIS_HASH : checkpointHash(last) }, key)
    out.push(next)
    last = next
  }
  return out
}

/** Why a checkpoint's signature does not hold, or undefined if it does. */
export const checkpointSignatureProblem = (c: SignedCheckpoint, publicKey: KeyInput): Wording | undefined => {
  try {
    const key = publicKeyOf(publicKey)
    if (c.keyId !== keyIdOf(key)) return { zh: `它指明的密钥是 ${c.keyId}，不是所给的密钥（${keyIdOf(key)}）`, en: `it names key ${c.keyId}, not the key given (${keyIdOf(key)})` }
    return verify(null, signed(c), key, Buffer.from(c.signature, 'base64')) ? undefined : { zh: '其签名不成立', en: 'its signature does not verify' }
  } catch (e) {
    // the key's or the signature's own fault, as node:crypto words it, stands in the English
    return { zh: '无法核对', en: `it cannot be checked: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/** What can be wrong with a signer's series of checkpoints (all of them signed by the key). */
export type SeriesProblem =
  | { readonly problem: 'checkpoint-missing'; readonly seq: number; readonly through: number; readonly detail: string }
  | { readonly problem: 'checkpoint-link-broken'; readonly seq: number; readonly detail: string }
  | { readonly problem: 'checkpoint-forked'; readonly seq: number; readonly detail: string }

export interface Series {
  /** checkpoints with a place in the series */
  readonly chained: number
  /** checkpoints without one (signed before checkpoints were linked): whether any of them was left out cannot be proven */
  readonly unchained: number
  /** by number in the series */
  readonly problems: ReadonlyArray<SeriesProblem>
}

const span = (from: number, to: number): Wording =>
  from === to ? { zh: `签署方检查点序列中的第 ${from} 个`, en: `checkpoint ${from} of the series is` } : { zh: `签署方检查点序列中的第 ${from}–${to} 个`, en: `checkpoints ${from}–${to} of the series are` }

/**
 * The series the checkpoints (each signed by the key trusted) form: it must
 * run 1, 2, 3 … to its highest number with none left out, each naming the
 * one before it (the first, the genesis hash), and no number signed twice
 * over different checkpoints (the same checkpoint twice is one). Only a
 * suffix can be left out unseen: what stands at the end is for the caller
 * to demand (a checkpoint at the size expected).
 */
export const checkpointSeries = (checkpoints: ReadonlyArray<SignedCheckpoint>): Series => {
  /** by number: each different checkpoint under it (by hash), and what it names as the one before */
  const versions = new Map<number, Map<string, string | undefined>>()
  for (const c of checkpoints) if (c.seq !== undefined) versions.set(c.seq, (versions.get(c.seq) ?? new Map<string, string | undefined>()).set(checkpointHash(c), c.prev))
  const seqs = [...versions.keys()].sort((a, b) => a - b)
  const problems: SeriesProblem[] = []
  let expected = 1
  for (const seq of seqs) {
    if (seq > expected) {
      const gone = span(expected, seq - 1)
      problems.push({ problem: 'checkpoint-missing', seq: expected, through: seq - 1, detail: said({ zh: `缺少${gone.zh}（序列至第 ${seqs.at(-1)} 个）`, en: `${gone.en} missing (the series runs to ${seqs.at(-1)})` }) })
    }
    const these = versions.get(seq) as Map<string, string | undefined>
    if (these.size > 1) problems.push({ problem: 'checkpoint-forked', seq, detail: said({ zh: `序列中有 ${these.size} 个不同的检查点都编为第 ${seq} 个`, en: `${these.size} different checkpoints are numbered ${seq} in the series` }) })
    // against the one before when it is there (a gap or a fork is named already): any of its versions will do
    const before = seq === 1 ? new Set([GENESIS_HASH]) : new Set(versions.get(seq - 1)?.keys())
    if ((seq === 1 || versions.has(seq - 1)) && [...these.values()].some((prev) => !before.has(prev ?? '')))
      problems.push({
        problem: 'checkpoint-link-broken',
        seq,
        detail: said({
          zh: `序列中的第 ${seq} 个检查点没有指向${seq === 1 ? '序列的起点' : `第 ${seq - 1} 个检查点`}`,
          en: `checkpoint ${seq} of the series does not name ${seq === 1 ? 'the start of a series' : `checkpoint ${seq - 1}`} as the one before it`,
        }),
      })
    expected = seq + 1
  }
  const unchained = checkpoints.filter((c) => c.seq === undefined).length
  return { chained: checkpoints.length - unchained, unchained, problems }
}

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
    else invalid.push({ index, reason: said({ zh: `检查点（${c.at}，条目数 ${c.size}）：${bad.zh}`, en: `the checkpoint of ${c.at} (size ${c.size}): ${bad.en}` }) })
  })
  return { trusted: trusted as ReadonlyArray<SignedCheckpoint> as TrustedCheckpoints, invalid }
}

/**
 * Check every checkpoint's signature with the public key the auditor trusts
 * (obtained apart from the log), and that together they are the signer's
 * whole series so far (`checkpointSeries`): a checkpoint that does not
 * verify, or one left out of the series, is an error naming it, never
 * silently passed over. Unchained checkpoints are accepted as they are.
 */
export const trustCheckpoints = (checkpoints: ReadonlyArray<SignedCheckpoint>, publicKey: KeyInput): E.Either<ValidationFailed, TrustedCheckpoints> => {
  const { trusted, invalid } = partitionCheckpoints(checkpoints, publicKey)
  const issues: Issue[] = [
    ...invalid.map((i) => ({ path: `checkpoints[${i.index}]`, reason: i.reason })),
    ...(invalid.length > 0 ? [] : checkpointSeries(trusted).problems.map((p) => ({ path: 'checkpoints', reason: p.detail }))),
  ]
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(trusted)
}

/** The last instant of each month (Asia/Shanghai) from the month of `from` through the month before `to`. */
export const monthEnds = (from: number, to: number): number[] => {
  const out: number[] = []
  for (let m = DateTime.fromMillis(from, { zone: PLAN_ZONE }).startOf('month').plus({ months: 1 }); m.toMillis() <= to; m = m.plus({ months: 1 }))
    out.push(m.toMillis() - 1)
  return out
}

/**
 * Checkpoints of the log as it stood at each instant (ascending): the last
 * entry recorded by then. Reads the log once, page by page. Sign them with
 * `signCheckpoints`, which links each to the one before, e.g. at every
 * month's end and, last, at the head.
 */
export const checkpointsAt =
  (store: EventStore, origin: string, instants: ReadonlyArray<number>, pageSize = 10_000): TaskEither<StorageFailed, ReadonlyArray<Checkpoint>> =>
  async () => {
    const out: Checkpoint[] = []
    let head = { size: 0, head: GENESIS_HASH }
    let next = 0
    const emitUpTo = (recordedAt: number): void => {
      while (next < instants.length && (instants[next] as number) < recordedAt) {
        out.push({ origin, ...head, at: isoUtc(instants[next] as number) })
        next++
      }
    }
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const e of page.right) {
        emitUpTo(Date.parse(e.recordedAt))
        head = { size: e.position, head: e.hash }
      }
      const last = page.right[page.right.length - 1]
      if (last === undefined || page.right.length < pageSize) break
      after = last.position
    }
    emitUpTo(Number.POSITIVE_INFINITY)
    return E.right(out)
  }
