import { createHash, createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto'
import type { Json } from './canonical.js'

/*
 * Signed checkpoints, as the bundle format defines them: Ed25519 over
 * 0x01 ‖ the note text
 *
 *   <origin>\n<size>\n<base64 head hash>\ntime <at>\n
 *   seq <n>\nprev <base64 hash of checkpoint n-1>\n      (chained checkpoints only)
 *
 * where the hash of a checkpoint is SHA-256 of those same signed bytes and
 * checkpoint 1 names 32 zero bytes. The links make the signer's checkpoints
 * a series: one left out is a gap. Checkpoints without the two lines were
 * signed before the links existed ("unchained").
 */

export interface Checkpoint {
  readonly origin: string
  readonly size: number
  readonly head: string
  readonly at: string
  readonly seq?: number
  readonly prev?: string
  readonly keyId: string
  readonly signature: string
}

export type SeriesProblem =
  | { readonly problem: 'checkpoint-missing'; readonly seq: number; readonly through: number; readonly detail: string }
  | { readonly problem: 'checkpoint-link-broken'; readonly seq: number; readonly detail: string }
  | { readonly problem: 'checkpoint-forked'; readonly seq: number; readonly detail: string }

const ZERO = `sha256:${'0'.repeat(64)}`
const REQUIRED = ['origin', 'size', 'head', 'at', 'keyId', 'signature'] as const
const LINK = ['seq', 'prev'] as const

type Obj = { readonly [key: string]: Json }
const isObj = (u: Json): u is Obj => typeof u === 'object' && u !== null && !Array.isArray(u)

/** A checkpoint line's value as a checkpoint, or why it is not one. */
export const checkpointOf = (u: Json): Checkpoint | string => {
  if (!isObj(u)) return 'is not a JSON object'
  const keys = Object.keys(u)
  const lacking = REQUIRED.filter((k) => !keys.includes(k))
  if (lacking.length > 0) return `lacks ${lacking.join(', ')}`
  const beyond = keys.filter((k) => !(REQUIRED as ReadonlyArray<string>).includes(k) && !(LINK as ReadonlyArray<string>).includes(k))
  if (beyond.length > 0) return `has keys a checkpoint does not: ${beyond.join(', ')}`
  if (('seq' in u) !== ('prev' in u)) return 'has one of seq and prev without the other'
  const texts = ['origin', 'head', 'at', 'keyId', 'signature'].every((k) => typeof u[k] === 'string')
  const linked = !('seq' in u) || (Number.isSafeInteger(u['seq']) && (u['seq'] as number) >= 1 && typeof u['prev'] === 'string')
  return texts && linked && Number.isSafeInteger(u['size']) ? (u as unknown as Checkpoint) : 'has a field of the wrong type'
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** A `sha256:` hash as the note writes it, or undefined if it is not one. */
const base64Of = (hash: string): string | undefined => {
  const m = /^sha256:([0-9a-f]{64})$/.exec(hash)
  return m === null ? undefined : Buffer.from(m[1] as string, 'hex').toString('base64')
}

/** The bytes signed, or why there are none. */
const signedBytes = (c: Checkpoint): Buffer | string => {
  const head = base64Of(c.head)
  if (head === undefined) return `its head ${c.head} is not a sha256 hash`
  const prev = c.prev === undefined ? '' : base64Of(c.prev)
  if (prev === undefined) return `its prev ${String(c.prev)} is not a sha256 hash`
  const link = c.seq === undefined ? '' : `seq ${c.seq}\nprev ${prev}\n`
  return Buffer.concat([Buffer.from([0x01]), Buffer.from(`${c.origin}\n${c.size}\n${head}\ntime ${c.at}\n${link}`, 'utf8')])
}

export const keyIdOf = (key: KeyObject): string => sha256(key.export({ type: 'spki', format: 'der' }) as Buffer).slice(0, 16)

/** Why the checkpoint's signature does not hold with the key, or undefined if it does. */
export const signatureProblem = (c: Checkpoint, key: KeyObject): string | undefined => {
  if (c.keyId !== keyIdOf(key)) return `it names key ${c.keyId}, not the key used (${keyIdOf(key)})`
  const bytes = signedBytes(c)
  if (typeof bytes === 'string') return bytes
  try {
    return verify(null, bytes, key, Buffer.from(c.signature, 'base64')) ? undefined : 'its signature does not verify'
  } catch (e) {
    return `it cannot be checked: ${e instanceof Error ? e.message : String(e)}`
  }
}

/** The hash the next checkpoint names; only of a checkpoint whose signature holds. */
const hashOf = (c: Checkpoint): string => `sha256:${sha256(signedBytes(c) as Buffer)}`

const span = (from: number, to: number): string => (from === to ? `checkpoint ${from} of the series is` : `checkpoints ${from}–${to} of the series are`)

/**
 * What is wrong with the series the signed checkpoints form: it must run
 * 1, 2, 3 … with none left out, each naming the one before, and no number
 * given to two different checkpoints. Returns the count of unchained ones too.
 */
export const seriesOf = (signed: ReadonlyArray<Checkpoint>): { readonly unchained: number; readonly problems: ReadonlyArray<SeriesProblem> } => {
  const versions = new Map<number, Map<string, Checkpoint>>()
  for (const c of signed) if (c.seq !== undefined) versions.set(c.seq, (versions.get(c.seq) ?? new Map<string, Checkpoint>()).set(hashOf(c), c))
  const seqs = [...versions.keys()].sort((a, b) => a - b)
  const last = seqs[seqs.length - 1]
  const problems: SeriesProblem[] = []
  let next = 1
  for (const seq of seqs) {
    if (seq > next) problems.push({ problem: 'checkpoint-missing', seq: next, through: seq - 1, detail: `${span(next, seq - 1)} missing (the series runs to ${last})` })
    const these = versions.get(seq) as Map<string, Checkpoint>
    if (these.size > 1) problems.push({ problem: 'checkpoint-forked', seq, detail: `${these.size} different checkpoints are numbered ${seq}` })
    const before = seq === 1 ? new Set([ZERO]) : new Set(versions.get(seq - 1)?.keys())
    if ((seq === 1 || versions.has(seq - 1)) && [...these.values()].some((c) => !before.has(c.prev as string)))
      problems.push({ problem: 'checkpoint-link-broken', seq, detail: `checkpoint ${seq} does not name ${seq === 1 ? 'the start of a series' : `checkpoint ${seq - 1}`} as the one before it` })
    next = seq + 1
  }
  return { unchained: signed.filter((c) => c.seq === undefined).length, problems }
}

/** The public key in a PEM text, or why there is none: a private key is refused, since it should never leave the signer. */
export const publicKeyOf = (pem: string): KeyObject | string => {
  try {
    createPrivateKey(pem)
    return '这是私钥；校验只需公钥，私钥不应离开签名方 — a private key: verifying needs only the public key, and a private key should never leave the signer'
  } catch {
    // not a private key: it may be the public one
  }
  try {
    return createPublicKey(pem)
  } catch {
    return '不是 PEM 公钥 — not a public key in PEM'
  }
}
