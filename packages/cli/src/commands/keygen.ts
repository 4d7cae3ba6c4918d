import { generateDepartmentKeys, type SignatureAlgorithm } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { outputTo, sameFile } from '../output.js'

export interface KeygenOptions {
  readonly outPrivate: string
  readonly outPublic: string
  /** ed25519 (default; what checkpoints are signed with) or sm2 (a department's 国密 key for signing entries) */
  readonly alg?: SignatureAlgorithm
}

/**
 * `policy-ledger keygen`: a key pair for signing checkpoints (Ed25519) or a
 * department's entries (Ed25519 or SM2; its public key goes in the keyring). The
 * private key is readable by its owner only, and no key file is ever
 * overwritten: a key lost that way would leave every checkpoint it signed
 * unverifiable, or a checkpoint signed with a key nobody can name.
 */
export const keygenCommand = async (options: KeygenOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (sameFile(options.outPrivate, options.outPublic)) return E.left(usageFailure('--out-private 与 --out-public 须是两个不同的文件 / --out-private and --out-public must be two different files'))
  const keep = { replace: 'never' } as const
  const privateOut = outputTo({ option: '--out-private', path: options.outPrivate }, keep, 0o600)
  if (E.isLeft(privateOut)) return privateOut
  const publicOut = outputTo({ option: '--out-public', path: options.outPublic }, keep, 0o644)
  if (E.isLeft(publicOut)) return publicOut
  const alg = options.alg ?? 'ed25519'
  const keys = generateDepartmentKeys(alg)
  const written = await privateOut.right.emit(keys.privateKey)
  if (E.isLeft(written)) return written
  const published = await publicOut.right.emit(keys.publicKey)
  if (E.isLeft(published)) return published
  process.stdout.write(
    [
      `私钥 private key: ${options.outPrivate} (0600)`,
      `  离线保管，勿与台账放在同一台机器上 / keep it offline, never on the ledger's machine`,
      `公钥 public key: ${options.outPublic}`,
      `  经台账以外的渠道交给审计人员 / give it to auditors by another road (website, an official letter)`,
      `密钥环条目 keyring entry: { "alg": "${alg}", "publicKey": "${keys.hex}" }`,
      '',
    ].join('\n'),
  )
  return E.right(exitStatus.ok)
}
