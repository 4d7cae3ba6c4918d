import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { said, wordingOf } from '../codecs.js'
import type { Entry } from '../envelope.js'
import { integrityFailed, storageFailed, validationFailed, type IntegrityFailed, type LedgerError } from '../errors.js'
import { deriver } from '../projections/rebuild.js'
import type { EventStore } from '../store.js'
import { deriveWith } from './derived.js'
import { chainWalker } from './walker.js'
import { verifyStore } from './verify.js'

/*
 * Moving a ledger to another store without rewriting its history: every
 * entry carried as it was sealed — position, recordedAt, hash — commit by
 * commit, so that "as known at" questions and every signed checkpoint
 * answer on the copy as on the original. Only derived data is made anew:
 * the copy derives each entry's delta from the entries, as verify does, and
 * never takes the source's.
 */

export interface CopyResult {
  readonly entries: number
  readonly commits: number
  readonly headHash: string
}

export interface CopyOptions {
  /** entries read at a time; default 2,000 */
  readonly pageSize?: number
  /** told after each commit is written */
  readonly progress?: (copied: number) => void
}

/**
 * Copy the whole log of `from` into `to`, which must be empty and keep
 * sealed commits (`appendSealed`). The source is verified first (chain and
 * derived data): a source that does not verify is refused, nothing written.
 * While copying, each entry is checked again against the chain, so a
 * source changed meanwhile stops the copy at the last whole commit, which
 * leaves the target a sound ledger of that prefix and says so.
 */
export const copyLog =
  (from: EventStore, to: EventStore, options: CopyOptions = {}): TaskEither<LedgerError, CopyResult> =>
  async () => {
    const { pageSize = 2_000, progress } = options
    const appendSealed = to.appendSealed
    if (appendSealed === undefined) return E.left(storageFailed(said({ zh: `${to.kind} 存储无法保存复制来的台账（它没有 appendSealed）`, en: `the ${to.kind} store cannot keep a copied log (it has no appendSealed)` })))
    const target = await to.head()()
    if (E.isLeft(target)) return target
    if (target.right.position !== 0)
      return E.left(validationFailed([{ path: 'to', reason: said({ zh: `目标台账不是空的：已有 ${target.right.position} 个条目；台账只能复制到空的存储中`, en: `the target already holds ${target.right.position} entries; a log is copied only into an empty store` }) }]))
    const verdict = await verifyStore(from, undefined, pageSize)()
    if (E.isLeft(verdict)) return verdict
    if (!verdict.right.ok) {
      const { position, problem } = verdict.right
      const detail = wordingOf(verdict.right.detail)
      return E.left(
        validationFailed([
          { path: 'from', reason: said({ zh: `源台账在位置 ${position} 未通过校验（${problem}：${detail.zh}），未复制任何内容`, en: `the source does not verify at ${position} (${problem}: ${detail.en}); nothing was copied` }) },
        ]),
      )
    }

    const walker = chainWalker()
    const d = deriver({ historyCacheSize: 200_000 })
    let pending: { entries: Entry[]; deltas: Float64Array[] } = { entries: [], deltas: [] }
    let commits = 0
    let copied = 0
    let headHash = target.right.hash

    const flush = async (): Promise<E.Either<LedgerError, void>> => {
      if (pending.entries.length === 0) return E.right(undefined)
      const written = await appendSealed(pending)()
      if (E.isLeft(written)) return written
      commits++
      copied += pending.entries.length
      headHash = (pending.entries[pending.entries.length - 1] as Entry).hash
      pending = { entries: [], deltas: [] }
      progress?.(copied)
      return E.right(undefined)
    }

    /** `why` as it was said (`中文 / English`) */
    const changed = (position: number, why: string): E.Either<IntegrityFailed, never> => {
      const w = wordingOf(why)
      return E.left(
        integrityFailed(
          position,
          said({
            zh: `源台账在复制过程中被改动（${w.zh}）；目标台账保存了其前 ${copied} 个条目，本身是完好的台账`,
            en: `the source changed while it was copied (${w.en}); the target holds its first ${copied} entries, a sound ledger by itself`,
          }),
        ),
      )
    }

    for (let after = 0; ; after += pageSize) {
      const page = await from.readAll({ after, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const entry of page.right) {
        const broken = walker.check(entry)
        if (broken !== undefined && !broken.ok) return changed(broken.position, broken.detail)
        // a commit is the run of entries sealed with one recordedAt
        if (pending.entries.length > 0 && (pending.entries[0] as Entry).recordedAt !== entry.recordedAt) {
          const flushed = await flush()
          if (E.isLeft(flushed)) return flushed
        }
        const derived = await deriveWith(from, d, entry)
        if (E.isLeft(derived)) return derived
        if (typeof derived.right === 'string') return changed(entry.position, derived.right)
        pending.entries.push(entry)
        pending.deltas.push(derived.right)
      }
      if (page.right.length < pageSize) break
    }
    const flushed = await flush()
    if (E.isLeft(flushed)) return flushed
    return E.right({ entries: copied, commits, headHash })
  }
