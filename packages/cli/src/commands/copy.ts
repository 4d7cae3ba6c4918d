import { copyLog, verifyStore, wordingOf, type Tampering, type Wording } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, ledgerFailure, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { placeOf } from '../output.js'
import { progressBar } from '../progress.js'
import { describeDb, withStore } from '../store.js'

export interface CopyOptions {
  readonly from: string
  readonly to: string
}

/** The copy's verdict where it fails: the first place and what is wrong there, in each language. */
const copyFailed = (position: number, problem: Tampering, detail: Wording): string =>
  `  副本在位置 ${position} 未通过校验（${problem}）：${detail.zh} / the copy does not verify at ${position} (${problem}): ${detail.en}`

/**
 * `policy-ledger copy`: move a ledger to another store without rewriting its
 * history. Every entry is carried as it was sealed (position, recordedAt,
 * hash), so "as known at" questions and old signed checkpoints answer on the
 * copy as on the original; the copy derives its own deltas from the entries.
 * The source is verified first; the target must be empty; the copy is
 * verified at the end.
 */
export const copyCommand = async (options: CopyOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (placeOf(options.from) === placeOf(options.to)) return E.left(usageFailure('--from 与 --to 是同一个台账：台账只能复制到另一个空的存储 / --from and --to name the same ledger: a ledger is copied into another, empty store'))
  return withStore(options.from, { access: 'read' }, (source) =>
    withStore(options.to, { access: 'write' }, async (target) => {
      const head = await source.head()()
      if (E.isLeft(head)) return E.left(storeFailure(head.left))
      const bar = progressBar('复制 copying', head.right.position)
      let shown = 0
      const copied = await copyLog(source, target, {
        progress: (n) => {
          bar.advance(n - shown)
          shown = n
        },
      })()
      bar.stop()
      if (E.isLeft(copied)) return E.left(ledgerFailure(copied.left))
      const verified = await verifyStore(target)()
      if (E.isLeft(verified)) return E.left(storeFailure(verified.left))
      const { entries, commits, headHash } = copied.right
      const v = verified.right
      process.stdout.write(
        [
          `已复制 copied: ${describeDb(options.from)} → ${describeDb(options.to)}`,
          `  条目 entries: ${entries}（${commits} 次提交，位置、记录时间与哈希均原样 / ${commits} commits, positions, recordedAt and hashes as sealed）`,
          `  链头 head: ${headHash}`,
          v.ok
            ? `  副本校验通过：${v.count} 个条目，其增量已由条目重新派生；原台账的签名检查点对它同样成立 / the copy verifies: ${v.count} entries, its deltas derived again from the entries; signed checkpoints of the original hold on it`
            : copyFailed(v.position, v.problem, wordingOf(v.detail)),
          '',
        ].join('\n'),
      )
      return E.right(v.ok ? exitStatus.ok : exitStatus.rejected)
    }),
  )
}
