import { verifyStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { evidenceOf, type CheckpointOptions } from '../checkpoints.js'
import { exitStatus, storeFailure, type ExitStatus, type Failure } from '../failure.js'
import { describeDb, withStore } from '../store.js'

const problems = {
  'content-changed': '内容被改动 content changed',
  'link-broken': '链接断开 link broken',
  'position-missing': '位置缺失 position missing',
  'entries-reordered': '顺序被打乱 entries reordered',
  'log-truncated': '日志被截断 log truncated',
} as const

export interface VerifyOptions extends CheckpointOptions {
  readonly db: string
}

/**
 * `policy-ledger verify`: walk the whole hash chain; OK with the count and
 * head, or the first bad position. With signed checkpoints kept apart from
 * the ledger, also a tail re-hashed end to end and a log cut short, which
 * the chain alone cannot show.
 */
export const verifyCommand = async (options: VerifyOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const evidence = await evidenceOf(options)
  if (E.isLeft(evidence)) return evidence
  return withStore(options.db, { access: 'read' }, async (store) => {
    const v = await verifyStore(store, evidence.right?.trusted)()
    if (E.isLeft(v)) return E.left(storeFailure(v.left))
    const result = v.right
    if (result.ok) {
      const signed =
        evidence.right === undefined
          ? '  注意 note: 未核对签名检查点，截尾或整段重算哈希的伪造无法发现 without signed checkpoints (--checkpoints, --key) a tail cut off or re-hashed end to end cannot be seen\n'
          : `  签名检查点 signed checkpoints held: ${result.checkpoints}\n`
      process.stdout.write(`OK 链完整 chain verified: ${describeDb(options.db)}\n  条目 entries: ${result.count}\n  链头 head: ${result.headHash}\n${signed}`)
      return E.right(exitStatus.ok)
    }
    process.stdout.write(
      `FAILED 链校验失败 chain broken: ${describeDb(options.db)}\n  位置 position: ${result.position}\n  问题 problem: ${problems[result.problem]}\n  详情 detail: ${result.detail}\n`,
    )
    return E.right(exitStatus.rejected)
  })
}
