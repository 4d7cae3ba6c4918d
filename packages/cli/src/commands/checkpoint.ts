import { calendar, checkpointsAt, keyIdOf, monthEnds, signCheckpoints, trustCheckpoints, type Checkpoint, type EventStore, type SignedCheckpoint, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { ORIGIN, readCheckpoints } from '../checkpoints.js'
import { readText } from '../read.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { outputTo } from '../output.js'
import { withStore } from '../store.js'

export interface CheckpointCommandOptions {
  readonly db: string
  /** the private key's PEM file */
  readonly key: string
  /** the NDJSON file the signed checkpoints are appended to */
  readonly out: string
  readonly monthEnds?: boolean
}

/**
 * The head as it stands: at the later of now and its last append (a ledger
 * whose clock ran ahead, as the demo's does, is never signed "before" its head).
 */
const ofHead = async (store: EventStore): Promise<E.Either<StorageFailed, ReadonlyArray<Checkpoint>>> =>
  pipe(
    await store.head()(),
    E.map((h) => [{ origin: ORIGIN, size: h.position, head: h.hash, at: calendar.isoUtc(Math.max(Date.now(), h.recordedAt)) }]),
  )

/** The log as it stood at the end of each month (Asia/Shanghai) from its first entry's to the month before its last. */
const ofMonthEnds = async (store: EventStore): Promise<E.Either<StorageFailed, ReadonlyArray<Checkpoint>>> => {
  const [first, head] = await Promise.all([store.readAll({ after: 0, limit: 1 })(), store.head()()])
  if (E.isLeft(first)) return first
  if (E.isLeft(head)) return head
  const start = first.right[0]
  if (start === undefined) return E.right([])
  return checkpointsAt(store, ORIGIN, monthEnds(Date.parse(start.recordedAt), head.right.recordedAt))()
}

const privateKeyOf = (pem: string, file: string): E.Either<Failure, KeyObject> => {
  try {
    const key = createPrivateKey(pem)
    return key.asymmetricKeyType === 'ed25519' ? E.right(key) : E.left(usageFailure(`--key ${file}: 是 ${key.asymmetricKeyType ?? '未知类型'} 密钥，不是 Ed25519 / an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`))
  } catch {
    return E.left(usageFailure(`--key ${file}: 不是 PEM 格式的私钥（即 keygen --out-private 写出的） / not a private key in PEM (as keygen writes with --out-private)`))
  }
}

/**
 * The series this key has signed into the file so far: its checkpoints
 * there must verify and none may be left out, or nothing is added after
 * them (a link to a checkpoint that is not the signer's would break the
 * series for good). Checkpoints of other keys are other series.
 */
const seriesSoFar = (file: string, before: ReadonlyArray<SignedCheckpoint>, key: KeyObject): E.Either<Failure, ReadonlyArray<SignedCheckpoint>> => {
  const publicKey = createPublicKey(key)
  const mine = before.filter((c) => c.keyId === keyIdOf(publicKey))
  return pipe(
    trustCheckpoints(mine, publicKey),
    E.bimap(
      (e) => usageFailure(`${file}: 用此密钥签署的检查点不成立，不在其后追加 / its checkpoints signed with this key do not hold, so none is added after them: ${e.message}`),
      () => mine,
    ),
  )
}

/**
 * `policy-ledger checkpoint`: sign the head (or each month's end) and
 * append it to the checkpoints file, which is kept apart from the ledger.
 * Each new checkpoint names the one before it in the file, so that the
 * file's checkpoints form a series from which none can be left out unseen;
 * a month's end at or before the file's last checkpoint is not signed.
 */
export const checkpointCommand = async (options: CheckpointCommandOptions): Promise<E.Either<Failure, ExitStatus>> => {
  // appended to, so replaced by itself and more; never the ledger or the key
  const output = outputTo({ option: '--out', path: options.out }, { db: options.db, inputs: [{ option: '--key', path: options.key }], replace: 'yes' })
  if (E.isLeft(output)) return output
  const pem = await readText(options.key, '--key')
  if (E.isLeft(pem)) return pem
  const key = privateKeyOf(pem.right, options.key)
  if (E.isLeft(key)) return key
  const before = existsSync(options.out) ? await readCheckpoints(options.out) : E.right([])
  if (E.isLeft(before)) return before
  const mine = seriesSoFar(options.out, before.right, key.right)
  if (E.isLeft(mine)) return mine
  const lastAt = mine.right.reduce((t, c) => Math.max(t, Date.parse(c.at)), Number.NEGATIVE_INFINITY)
  const after = mine.right.reduce<SignedCheckpoint | undefined>((last, c) => (c.seq !== undefined && c.seq > (last?.seq ?? 0) ? c : last), undefined)
  return withStore(options.db, { access: 'read' }, async (store) => {
    const due = await (options.monthEnds === true ? ofMonthEnds(store) : ofHead(store))
    if (E.isLeft(due)) return E.left(storeFailure(due.left))
    const later = options.monthEnds === true ? due.right.filter((c) => Date.parse(c.at) > lastAt) : due.right
    const fresh = signCheckpoints(later, key.right, after)
    const written = fresh.length === 0 ? E.right(undefined) : await output.right.write(async (put) => {
      // the file as it is now, whole, then the new lines: a failure leaves it as it was, never with half a line
      if (existsSync(options.out)) await put(await readFile(options.out))
      await put(fresh.map((c) => `${JSON.stringify(c)}\n`).join(''))
      return E.right(undefined)
    })
    if (E.isLeft(written)) return written
    const [first, last] = [fresh[0], fresh[fresh.length - 1]]
    const skipped = due.right.length - later.length
    process.stdout.write(
      [
        `已签发 signed ${fresh.length} checkpoint(s) → ${options.out}` + (skipped > 0 ? `（${skipped} 个月末不晚于文件中最后一个检查点，不再签署 ${skipped} month end(s) at or before the file's last checkpoint, not signed again）` : ''),
        ...(first === undefined || last === undefined
          ? []
          : [
              `  最后 last: ${last.at} · 条目 entries ${last.size} · 链头 head ${last.head}`,
              `  序列 series: 第 ${first.seq === last.seq ? last.seq : `${first.seq}–${last.seq}`} 个，各自指向前一个 checkpoint(s) ${first.seq === last.seq ? last.seq : `${first.seq}–${last.seq}`} of the series, each naming the one before`,
              `  密钥 key id: ${last.keyId}`,
            ]),
        '',
      ].join('\n'),
    )
    return E.right(exitStatus.ok)
  })
}
