import { verifyStore, type DerivedPlace, type Tampering } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { evidenceOf, type CheckpointOptions } from '../checkpoints.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { readKeyring } from '../principal.js'
import { describeDb, withStore } from '../store.js'

const problems: Readonly<Record<Tampering, string>> = {
  'content-changed': '内容被改动 content changed',
  'link-broken': '链接断开 link broken',
  'position-missing': '位置缺失 position missing',
  'entries-reordered': '顺序被打乱 entries reordered',
  'log-truncated': '日志被截断 log truncated',
  'column-changed': '旁列与记录不符 a column beside an entry was changed',
  'derived-changed': '派生数据与记录不符 derived data does not match the entries',
  'invalid-entry': '记录不成立 an entry the ledger could not have recorded',
  'signature-invalid': '签名不成立 a signature that does not hold (bad, a key the keyring does not give the unit, or a principal that may not act for it)',
  'signature-missing': '缺少签名 an entry without the signature required',
}

const placeOf = (d: DerivedPlace): string => {
  switch (d.kind) {
    case 'commit':
      return `提交块 commit block ${d.first}–${d.last}`
    case 'snapshot':
      return `快照 snapshot at ${d.position}`
    case 'head':
      return '链头记录 the stored head'
  }
}

export interface VerifyOptions extends CheckpointOptions {
  readonly db: string
  /** the departments' public keys (JSON): every signed entry is held to them */
  readonly keyring?: string
  /** with a keyring: an entry without a signature is a finding */
  readonly requireSignatures?: boolean
}

/**
 * `policy-ledger verify`: walk the whole hash chain, and hold everything the
 * store derives from it (deltas, commit blocks, snapshots, the columns
 * beside each entry, the head) to the entries; OK with the count and head,
 * or the first bad position and what is wrong there. With signed
 * checkpoints kept apart from the ledger, also a tail re-hashed end to end
 * and a log cut short, which the chain alone cannot show.
 */
export const verifyCommand = async (options: VerifyOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const evidence = await evidenceOf(options)
  if (E.isLeft(evidence)) return evidence
  if (options.requireSignatures === true && options.keyring === undefined)
    return E.left(usageFailure('--require-signatures 须与 --keyring 同用 / --require-signatures needs --keyring: signatures are checked against it'))
  const keyring = options.keyring === undefined ? undefined : await readKeyring(options.keyring)
  if (keyring !== undefined && E.isLeft(keyring)) return keyring
  const signatures = keyring === undefined ? {} : { keyring: keyring.right, requireSignatures: options.requireSignatures === true }
  return withStore(options.db, { access: 'read' }, async (store) => {
    const v = await verifyStore(store, evidence.right?.trusted, signatures)()
    if (E.isLeft(v)) return E.left(storeFailure(v.left))
    const result = v.right
    if (result.ok) {
      const signed =
        evidence.right === undefined
          ? '  注意 note: 未核对签名检查点，截尾或整段重算哈希的伪造无法发现 / without signed checkpoints (--checkpoints, --key) a tail cut off or re-hashed end to end cannot be seen\n'
          : `  签名检查点 signed checkpoints held: ${result.checkpoints}\n`
      const derived =
        result.derived === undefined
          ? ''
          : `  派生数据 derived data: 提交块 ${result.derived.commits} 个、快照 ${result.derived.snapshots} 个，每份增量均已由条目重新派生并核对一致 / ${result.derived.commits} commit blocks, ${result.derived.snapshots} snapshots, every delta derived again from the entries and found equal\n`
      const recordedBy =
        keyring === undefined
          ? '  注意 note: 未核对记录单位签名，recordedBy 未经证明 / without --keyring no department signature was checked: recordedBy is not proven\n'
          : `  签名 signatures: ${options.requireSignatures === true ? `每个签名已按密钥环 ${options.keyring} 核对，每条均已签名 / every signature held to the keyring ${options.keyring}, and every entry is signed` : `每个签名已按密钥环 ${options.keyring} 核对，未签名的条目不算问题（--require-signatures 则拒绝之） / every signature held to the keyring ${options.keyring}; unsigned entries allowed (--require-signatures to refuse them)`}\n`
      process.stdout.write(`OK 台账校验通过 ledger verified: ${describeDb(options.db)}\n  条目 entries: ${result.count}\n  链头 head: ${result.headHash}\n${derived}${signed}${recordedBy}`)
      return E.right(exitStatus.ok)
    }
    const where = result.derived === undefined ? '' : `  所在 where: ${placeOf(result.derived)}\n`
    process.stdout.write(
      `FAILED 台账校验未通过 ledger does not verify: ${describeDb(options.db)}\n  位置 position: ${result.position}\n  问题 problem: ${problems[result.problem]}\n${where}  详情 detail: ${result.detail}\n`,
    )
    return E.right(exitStatus.rejected)
  })
}
