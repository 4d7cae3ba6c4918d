import { NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client'
import {
  EMPTY_HEAD,
  concurrencyConflict,
  entryOf,
  idConflict,
  seal,
  type AppendError,
  type AppendRequest,
  type Entry,
  type Head,
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
export const append = async (context: LinkContext, { drafts, expected, now }: AppendRequest): Promise<E.Either<AppendError, ReadonlyArray<Entry>>> => {
  const { client, names } = context
  for (;;) {
    const head = headOf((await settle(context)).last)
    const actual = await Promise.all(expected.map((x) => streamLength(client, names.stream(x.stream))))
    const stale = expected.findIndex((x, i) => actual[i] !== x.revision)
    if (stale >= 0) {
      const x = expected[stale] as (typeof expected)[number]
      return E.left(concurrencyConflict(x.stream, x.revision, actual[stale] as number))
    }
    const held = await Promise.all(drafts.map((d) => streamLength(client, names.id(d.entry.id))))
    const taken = drafts.find((_, i) => (held[i] as number) > 0)
    if (taken !== undefined) return E.left(idConflict(taken.entry.id))
    if (drafts.length === 0) return E.right([])

    const sealed = seal(head, drafts.map((d) => d.entry), now)
    const events = sealed.entries.map((e, i) => toLogEvent(e, drafts[i]?.deltas ?? new Float64Array()))
    try {
      await client.appendToStream(names.log, events, { expectedRevision: head.position === 0 ? NO_STREAM : BigInt(head.position - 1) })
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) continue
      throw error
    }
    const entries = sealed.entries.map(entryOf)
    // the commit is durable now; links that fail here are rolled forward by the next reader
    await writeLinks(context, entries).then(
      () => (context.linked.position = Math.max(context.linked.position, sealed.head.position)),
      () => undefined,
    )
    return E.right(entries)
  }
}
