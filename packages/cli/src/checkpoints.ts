import { readCheckpointLine, trustCheckpoints, type SignedCheckpoint, type TrustedCheckpoints } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { exitStatus, usageFailure, type Failure } from './failure.js'
import { readText } from './read.js'

/*
 * The checkpoints file: signed checkpoints, one JSON object a line, kept
 * apart from the ledger (docs/auditing.md): whoever can rewrite the store
 * could remove checkpoints kept inside it.
 */

/** Who keeps the log, as every checkpoint's first line names it. */
export const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'

/** The file's checkpoints, or a usage failure naming the file and the first line that is not one. */
export const readCheckpoints = async (file: string): Promise<E.Either<Failure, ReadonlyArray<SignedCheckpoint>>> => {
  const text = await readText(file, '--checkpoints')
  if (E.isLeft(text)) return text
  const out: SignedCheckpoint[] = []
  for (const [i, line] of text.right.split('\n').entries()) {
    if (line.trim() === '') continue
    const c = readCheckpointLine(line)
    if (E.isLeft(c)) return E.left(usageFailure(`${file}:${i + 1}: 不是签名检查点 / not a signed checkpoint: the line ${c.left} (expected origin, size, head, at, seq and prev or neither, keyId, signature)`))
    out.push(c.right)
  }
  return E.right(out)
}

/** Why a --key text is not an Ed25519 public key, or undefined if it is. A private key is refused: it should never leave the signer. */
const notPublicKey = (pem: string): string | undefined => {
  const parsed = (read: () => KeyObject): KeyObject | undefined => {
    try {
      return read()
    } catch {
      return undefined
    }
  }
  if (parsed(() => createPrivateKey(pem)) !== undefined)
    return '这是私钥；校验只需公钥，私钥不应离开签名方 / this is a private key: verifying needs only the public key (keygen --out-public), and a private key should never leave the signer'
  return parsed(() => createPublicKey(pem))?.asymmetricKeyType === 'ed25519' ? undefined : '不是 PEM 格式的 Ed25519 公钥 / not an Ed25519 public key in PEM (as keygen writes with --out-public)'
}

export interface CheckpointOptions {
  readonly checkpoints?: string
  readonly key?: string
}

/** What --checkpoints and --key give together. */
export interface Evidence {
  readonly checkpoints: ReadonlyArray<SignedCheckpoint>
  readonly trusted: TrustedCheckpoints
  /** PEM text */
  readonly publicKey: string
}

/**
 * The checkpoints of --checkpoints, each signature checked with the public
 * key of --key, and together the signer's whole series (`trustCheckpoints`);
 * none when neither is given. One that does not verify, or one left out of
 * the series, is evidence against the ledger or the file (status 1).
 */
export const evidenceOf = async (options: CheckpointOptions): Promise<E.Either<Failure, Evidence | undefined>> => {
  if (options.checkpoints === undefined && options.key === undefined) return E.right(undefined)
  if (options.checkpoints === undefined || options.key === undefined)
    return E.left(usageFailure('--checkpoints 与 --key 须同时给出：检查点只有配上校验其签名的公钥才算数 / --checkpoints and --key go together: the checkpoints count only with the public key that checks their signatures'))
  const [checkpoints, publicKey] = await Promise.all([readCheckpoints(options.checkpoints), readText(options.key, '--key')])
  if (E.isLeft(checkpoints)) return checkpoints
  if (E.isLeft(publicKey)) return publicKey
  const why = notPublicKey(publicKey.right)
  if (why !== undefined) return E.left(usageFailure(`--key ${options.key}: ${why}`))
  const trusted = trustCheckpoints(checkpoints.right, publicKey.right)
  if (E.isLeft(trusted))
    return E.left({ status: exitStatus.rejected, message: `检查点不成立 ${options.checkpoints}: the signed checkpoints do not verify with ${options.key}: ${trusted.left.message}` })
  return E.right({ checkpoints: checkpoints.right, trusted: trusted.right, publicKey: publicKey.right })
}
