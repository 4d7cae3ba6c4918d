import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError, type EventStoreDBClient, type RecordedEvent, type ResolvedEvent } from '@eventstore/db-client'
import { NotALedger } from './codec.js'

export interface ReadOptions {
  /** a revision to start from (inclusive); default the start, or the end backwards */
  readonly from?: bigint
  readonly count: number
  readonly backwards?: boolean
  readonly resolveLinks?: boolean
}

/** A stream's events as the client reads them; none if the stream does not exist. */
export const readEvents = async (client: EventStoreDBClient, stream: string, options: ReadOptions): Promise<ResolvedEvent[]> => {
  if (options.count <= 0) return []
  const out: ResolvedEvent[] = []
  try {
    const read = client.readStream(stream, {
      fromRevision: options.from ?? (options.backwards === true ? END : START),
      maxCount: options.count,
      direction: options.backwards === true ? BACKWARDS : FORWARDS,
      resolveLinkTos: options.resolveLinks ?? false,
    })
    for await (const resolved of read) out.push(resolved)
  } catch (error) {
    if (error instanceof StreamNotFoundError) return []
    throw error
  }
  return out
}

/** The event itself, never a link: a link whose target is gone means the ledger's streams were tampered with. */
export const recordedOf = (resolved: ResolvedEvent): RecordedEvent => {
  const event = resolved.event
  if (event === undefined) throw new NotALedger('a read returned no event')
  if (event.type === '$>') throw new NotALedger(`${event.streamId} links to an event that is not there`)
  return event
}

/** How many events a stream holds (its last revision + 1), 0 if it does not exist. */
export const streamLength = async (client: EventStoreDBClient, stream: string): Promise<number> => {
  const [last] = await readEvents(client, stream, { count: 1, backwards: true })
  return last?.event === undefined ? 0 : Number(last.event.revision) + 1
}
