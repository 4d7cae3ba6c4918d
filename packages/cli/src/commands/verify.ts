import { verifyStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, storeFailure, type ExitStatus, type Failure } from '../failure.js'
import { describeDb, withStore } from '../store.js'

const problems = {
  'content-changed': '内容被改动 content changed',
  'link-broken': '链接断开 link broken',
  'position-missing': '位置缺失 position missing',
  'entries-reordered': '顺序被打乱 entries reordered',
  'log-truncated': '日志被截断 log truncated',
} as const

/** `policy-ledger verify`: walk the whole hash chain; OK with the count and head, or the first bad position. */
export const verifyCommand = (options: { readonly db: string }): Promise<E.Either<Failure, ExitStatus>> =>
  withStore(options.db, { access: 'read' }, async (store) => {
    const v = await verifyStore(store)()
    if (E.isLeft(v)) return E.left(storeFailure(v.left))
    const result = v.right
    if (result.ok) {
      process.stdout.write(`OK 链完整 chain verified: ${describeDb(options.db)}\n  条目 entries: ${result.count}\n  链头 head: ${result.headHash}\n`)
      return E.right(exitStatus.ok)
    }
    process.stdout.write(
      `FAILED 链校验失败 chain broken: ${describeDb(options.db)}\n  位置 position: ${result.position}\n  问题 problem: ${problems[result.problem]}\n  详情 detail: ${result.detail}\n`,
    )
    return E.right(exitStatus.rejected)
  })
