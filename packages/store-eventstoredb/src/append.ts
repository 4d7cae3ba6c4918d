import { NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client'
import {
  EMPTY_HEAD,
  checkSealed,
  concurrencyConflict,
  entryOf,
  idConflict,
  integrityFailed,
  said,
  seal,
  type AppendError,
  type AppendRequest,
  type Entry,
  type Head,
  type IntegrityFailed,
  type SealedEntry,
  type SealedCommit,
} from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { toLogEvent } from './codec.js'
import { settle, writeLinks, type LinkContext } from './links.js'
import { streamLength } from './reads.js'

export const headOf = (last: Entry | undefined): Head =>
  last === undefined ? EMPTY_HEAD : { position: last.position, hash: last.hash, recordedAt: Date.parse(last.recordedAt) }

/**
 * Append a batch. The log stream is the one serialisation point: the batch
 * is a single append to it, expecting the revision of the head it was
 * sealed on, so it lands whole, right after that head, or not at all. The
 * expected stream revisions and the ids are checked against links settled
 * up to that same head; if another writer got in first, the log refuses
 * the append and everything is checked again on the new head.
 */
/** Why a commit cannot land on this head: a stream not at the revision expected, or an id held already. */
const refusal = async ({ client, names }: LinkContext, expected: AppendRequest['expected'], ids: ReadonlyArray<string>): Promise<AppendError | undefined> => {
  const actual = await Promise.all(expected.map((x) => streamLength(client, names.stream(x.stream))))
  const stale = expected.findIndex((x, i) => actual[i] !== x.revision)
  if (stale >= 0) {
    const x = expected[stale] as (typeof expected)[number]
    return concurrencyConflict(x.stream, x.revision, actual[stale] as number)
  }
  const held = await Promise.all(ids.map((id) => streamLength(client, names.id(id))))
  const taken = ids.find((_, i) => (held[i] as number) > 0)
  return taken === undefined ? undefined : idConflict(taken)
}

/** Append sealed entries to the log right after `head`, then their links; false if another writer got in first. */
const land = async (context: LinkContext, head: Head, sealed: ReadonlyArray<SealedEntry>, deltas: ReadonlyArray<Float64Array>): Promise<boolean> => {
  const events = sealed.map((e, i) => toLogEvent(e, deltas[i] ?? new Float64Array()))
  try {
    await context.client.appendToStream(context.names.log, events, { expectedRevision: head.position === 0 ? NO_STREAM : BigInt(head.position - 1) })
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return false
    throw error
  }
  const last = sealed[sealed.length - 1]?.position ?? head.position
  // the commit is durable now; links that fail here are rolled forward by the next reader
  await writeLinks(context, sealed.map(entryOf)).then(
    () => (context.linked.position = Math.max(context.linked.position, last)),
    () => undefined,
  )
  return true
}

export const append = async (context: LinkContext, { drafts, expected, now }: AppendRequest): Promise<E.Either<AppendError, ReadonlyArray<Entry>>> => {
  for (;;) {
    const head = headOf((await settle(context)).last)
    const refused = await refusal(context, expected, drafts.map((d) => d.entry.id))
    if (refused !== undefined) return E.left(refused)
    if (drafts.length === 0) return E.right([])
    const sealed = seal(head, drafts.map((d) => d.entry), now)
    if (await land(context, head, sealed.entries, drafts.map((d) => d.deltas))) return E.right(sealed.entries.map(entryOf))
  }
}

/** Keep a commit sealed elsewhere (a copy of another log) as it is, once it is checked to extend the head; the log's expected revision keeps another writer out. */
export const appendSealed = async (context: LinkContext, { entries, deltas }: SealedCommit): Promise<E.Either<AppendError | IntegrityFailed, void>> => {
  const head = headOf((await settle(context)).last)
  const checked = checkSealed(head, entries, deltas.length)
  if (E.isLeft(checked)) return checked
  const refused = await refusal(context, checked.right.expected, entries.map((e) => e.id))
  if (refused !== undefined) return E.left(refused)
  const sealed = entries.map((e, i) => ({ ...e, body: checked.right.bodies[i] as string }))
  return (await land(context, head, sealed, deltas)) ? E.right(undefined) : E.left(integrityFailed(head.position + 1, said({ zh: '保存复制来的提交块时，另一写入方向台账追加了条目', en: 'another writer appended to the log while a copied commit was being kept' })))
}
