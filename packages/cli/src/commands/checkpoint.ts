import { calendar, checkpointsAt, monthEnds, signCheckpoint, type Checkpoint, type EventStore, type StorageFailed } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { createPrivateKey } from 'node:crypto'
import { existsSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { ORIGIN, readCheckpoints } from '../checkpoints.js'
import { readText } from '../read.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
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

const privateKeyOf = (pem: string, file: string): E.Either<Failure, ReturnType<typeof createPrivateKey>> => {
  try {
    const key = createPrivateKey(pem)
    return key.asymmetricKeyType === 'ed25519' ? E.right(key) : E.left(usageFailure(`--key ${file}: an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`))
  } catch {
    return E.left(usageFailure(`--key ${file}: not a private key in PEM (as keygen writes with --out-private)`))
  }
}

/**
 * `policy-ledger checkpoint`: sign the head (or each month's end) and
 * append it to the checkpoints file, which is kept apart from the ledger.
 * A month already in the file is not signed again.
 */
export const checkpointCommand = async (options: CheckpointCommandOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const pem = await readText(options.key, '--key')
  if (E.isLeft(pem)) return pem
  const key = privateKeyOf(pem.right, options.key)
  if (E.isLeft(key)) return key
  const before = existsSync(options.out) ? await readCheckpoints(options.out) : E.right([])
  if (E.isLeft(before)) return before
  const signedAt = new Set(before.right.map((c) => c.at))
  return withStore(options.db, { access: 'read' }, async (store) => {
    const due = await (options.monthEnds === true ? ofMonthEnds(store) : ofHead(store))
    if (E.isLeft(due)) return E.left(storeFailure(due.left))
    const fresh = due.right.filter((c) => !signedAt.has(c.at)).map((c) => signCheckpoint(c, key.right))
    await appendFile(options.out, fresh.map((c) => `${JSON.stringify(c)}\n`).join(''))
    const last = fresh[fresh.length - 1]
    process.stdout.write(
      [
        `已签发 signed ${fresh.length} checkpoint(s) → ${options.out}` + (due.right.length > fresh.length ? `（${due.right.length - fresh.length} already in the file）` : ''),
        ...(last === undefined ? [] : [`  最后 last: ${last.at} · 条目 entries ${last.size} · 链头 head ${last.head}`, `  密钥 key id: ${last.keyId}`]),
        '',
      ].join('\n'),
    )
    return E.right(exitStatus.ok)
  })
}
