import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { DateTime } from 'luxon'
import { GENESIS_HASH, HASH_ALGORITHM } from '../chain.js'
import type { StorageFailed } from '../errors.js'
import type { EventStore } from '../store.js'
import { isoUtc, PLAN_ZONE } from '../time.js'

/*
 * Signed checkpoints: "at this moment the log held `size` entries and its
 * head hash was `head`", signed with Ed25519. A chain alone proves only that
 * its entries hang together: someone able to write the store could change an
 * entry and re-hash everything after it. A checkpoint signed earlier, with
 * a key that never sat beside the store, catches that, and catches a log cut
 * short. The text signed follows the C2SP checkpoint (origin line, size,
 * base64 head hash, then an extension line with the time), prefixed with the
 * byte 0x01 so that no checkpoint can ever be taken for an entry (0x00).
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
}

export interface SignedCheckpoint extends Checkpoint {
  /** the first 8 bytes (hex) of SHA-256 of the signing key's SPKI bytes */
  readonly keyId: string
  /** Ed25519 over 0x01 ‖ checkpointText, base64 */
  readonly signature: string
}

const CHECKPOINT_DOMAIN = Buffer.from([0x01])

/** The text a checkpoint's signature covers. */
export const checkpointText = (c: Checkpoint): string => {
  const [algorithm, hex = ''] = c.head.split(':')
  if (algorithm !== HASH_ALGORITHM) throw new RangeError(`checkpoint head ${c.head}: expected a ${HASH_ALGORITHM} hash`)
  return `${c.origin}\n${c.size}\n${Buffer.from(hex, 'hex').toString('base64')}\ntime ${c.at}\n`
}

const signed = (c: Checkpoint): Buffer => Buffer.concat([CHECKPOINT_DOMAIN, Buffer.from(checkpointText(c), 'utf8')])

export type KeyInput = KeyObject | string

const publicKeyOf = (k: KeyInput): KeyObject => (typeof k === 'string' ? createPublicKey(k) : k.type === 'private' ? createPublicKey(k) : k)

export const keyIdOf = (publicKey: KeyInput): string =>
  createHash('sha256')
    .update(publicKeyOf(publicKey).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16)

/** A fresh Ed25519 key pair as PEM text: the private key to keep offline, the public key to publish. */
export const generateSigningKeys = (): { readonly privateKey: string; readonly publicKey: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

export const signCheckpoint = (c: Checkpoint, privateKey: KeyInput): SignedCheckpoint => {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey
  const { origin, size, head, at } = c
  return { origin, size, head, at, keyId: keyIdOf(key), signature: sign(null, signed(c), key).toString('base64') }
}

/** Why a checkpoint's signature does not hold, or undefined if it does. */
export const checkpointSignatureProblem = (c: SignedCheckpoint, publicKey: KeyInput): string | undefined => {
  try {
    const key = publicKeyOf(publicKey)
    if (c.keyId !== keyIdOf(key)) return `it names key ${c.keyId}, not the key given (${keyIdOf(key)})`
    return verify(null, signed(c), key, Buffer.from(c.signature, 'base64')) ? undefined : 'its signature does not verify'
  } catch (e) {
    return `it cannot be checked: ${e instanceof Error ? e.message : String(e)}`
  }
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
 * entry recorded by then. Reads the log once, page by page. Sign each with
 * `signCheckpoint`, e.g. at every month's end.
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
