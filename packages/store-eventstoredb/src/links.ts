import { binaryEvent, NO_STREAM, type EventStoreDBClient } from '@eventstore/db-client'
import type { Entry } from '@policy-ledger/core'
import { fromLogEvent } from './codec.js'
import { linkId, type Names } from './names.js'
import { readEvents, recordedOf, streamLength } from './reads.js'

/**
 * The aggregate streams and the id index are links to log entries, written
 * after the commit that made the entries. A writer that dies in between
 * leaves its commit unlinked, so whoever reads or writes next rolls the
 * links forward (`settle`) before trusting them. Only the last commit can
 * be unlinked: every writer settles before it appends, and its append
 * succeeds only on the head it settled.
 */
export interface LinkContext {
  readonly client: EventStoreDBClient
  readonly names: Names
  /** the last position this handle knows to be linked: links are never taken back, so it need not look again */
  readonly linked: { position: number }
}

const PAGE = 256

const link = (names: Names, kind: 'stream' | 'id', entry: Entry) =>
  binaryEvent({ id: linkId(kind, entry.id), type: '$>', data: Buffer.from(`${entry.position - 1}@${names.log}`, 'utf8') })

/**
 * Write a commit's links so that the id link of its last entry is written
 * last, after all the others have landed: when that one is there, all are.
 * Every write names the exact revision it extends and deterministic event
 * ids, so writing a link again (a roll-forward racing the writer) is taken
 * by the server as done.
 */
export const writeLinks = async ({ client, names }: LinkContext, entries: ReadonlyArray<Entry>): Promise<void> => {
  const byStream = new Map<string, Entry[]>()
  for (const e of entries) byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), e])
  const idLink = (e: Entry) => client.appendToStream(names.id(e.id), link(names, 'id', e), { expectedRevision: NO_STREAM })
  await Promise.all([
    ...[...byStream].map(([stream, own]) =>
      client.appendToStream(
        names.stream(stream),
        own.map((e) => link(names, 'stream', e)),
        { expectedRevision: (own[0] as Entry).revision === 1 ? NO_STREAM : BigInt((own[0] as Entry).revision - 2) },
      ),
    ),
    ...entries.slice(0, -1).map(idLink),
  ])
  const last = entries[entries.length - 1]
  if (last !== undefined) await idLink(last)
}

/** The log's last commit: the trailing entries sharing the head's recordedAt (one commit, one recordedAt). */
const lastCommit = async (client: EventStoreDBClient, names: Names): Promise<Entry[]> => {
  const commit: Entry[] = []
  let from: bigint | undefined
  for (;;) {
    const page = (await readEvents(client, names.log, { backwards: true, count: PAGE, ...(from === undefined ? {} : { from }) })).map((r) => fromLogEvent(recordedOf(r)))
    for (const e of page) {
      if (commit.length > 0 && e.recordedAt !== commit[0]?.recordedAt) return commit.reverse()
      commit.push(e)
    }
    const oldest = commit[commit.length - 1]
    if (page.length < PAGE || oldest === undefined || oldest.position === 1) return commit.reverse()
    from = BigInt(oldest.position - 2)
  }
}

/**
 * Roll the last commit's links forward if need be. Gives the log's last
 * entry, if any, and whether links were written just now (so a read made
 * alongside may have missed them).
 */
export const settle = async (context: LinkContext): Promise<{ readonly last: Entry | undefined; readonly rolled: boolean }> => {
  const { client, names, linked } = context
  const [head] = await readEvents(client, names.log, { backwards: true, count: 1 })
  if (head === undefined) return { last: undefined, rolled: false }
  const last = fromLogEvent(recordedOf(head))
  if (last.position <= linked.position) return { last, rolled: false }
  const rolled = (await streamLength(client, names.id(last.id))) === 0
  if (rolled) await writeLinks(context, await lastCommit(client, names))
  linked.position = Math.max(linked.position, last.position)
  return { last, rolled }
}
