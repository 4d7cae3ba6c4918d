import { getInMemoryEventStore, type Event, type EventStore as EmmettStore } from '@event-driven-io/emmett'
import { getPostgreSQLEventStore, readMessagesBatch as readPostgresBatch } from '@event-driven-io/emmett-postgresql'
import { getSQLiteEventStore, readMessagesBatch as readSqliteBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite'
import { createRequire } from 'node:module'
import { registry, type RecordInput } from '@policy-ledger/core'
import { median, peakRssMb, quantile } from './stats.js'
import type { Target } from './targets.js'
import { lines, type Workload } from './workload.js'

/*
 * Emmett 0.42 on the same events: each of our inputs becomes an Emmett
 * event `{ type, data }` on the same stream name, appended with the
 * expected stream version (as our ledger checks revisions). Emmett appends
 * to one stream at a time, so a batch of 1,000 inputs is one
 * `appendToStream` per stream it touches, in order. Emmett neither
 * validates nor hashes.
 */

interface Emmett {
  readonly store: EmmettStore
  readonly close: () => Promise<void>
}

export const openEmmett = (target: Target): Emmett => {
  switch (target.kind) {
    case 'memory':
      return { store: getInMemoryEventStore(), close: async () => undefined }
    case 'sqlite': {
      // one connection for the whole run: by default Emmett opens a file connection per append, which would be unfair to it
      const connection = sqliteConnection({ fileName: target.file })
      const store = getSQLiteEventStore({ fileName: target.file, connectionOptions: { singleton: true, connection } })
      return { store, close: async () => connection.close() }
    }
    case 'postgres': {
      const store = getPostgreSQLEventStore(target.url)
      return { store, close: () => store.close() }
    }
  }
}

type Stream = string

/** The stream an input lands on, as our ledger derives it; a correction stays on the stream of the entry it names. */
const streamNamer = (): ((input: RecordInput) => Stream) => {
  const byId = new Map<string, Stream>()
  return (input) => {
    const registered = registry.get(input.type)
    const stream =
      registered !== undefined
        ? registered.definition.stream(input.data)
        : byId.get((input.data as { readonly entryId: string }).entryId) ?? `unknown-${input.id}`
    byId.set(input.id, stream)
    return stream
  }
}

const eventOf = (input: RecordInput): Event => ({ type: input.type, data: input.data as Record<string, unknown> }) as Event

export interface EmmettLoadResult {
  readonly batched: { readonly events: number; readonly ms: number; readonly perSecond: number }
  readonly single: { readonly events: number; readonly p50Ms: number; readonly p95Ms: number }
  readonly streams: ReadonlyArray<Stream>
  readonly rssMb: number
}

export const loadEmmett = async ({ store }: Emmett, w: Workload): Promise<EmmettLoadResult> => {
  const streamOf = streamNamer()
  const versions = new Map<Stream, bigint>()
  const append = async (stream: Stream, events: Event[]): Promise<void> => {
    const r = await store.appendToStream(stream, events, { expectedStreamVersion: versions.get(stream) ?? 0n })
    versions.set(stream, r.nextExpectedStreamVersion)
  }
  let batchedEvents = 0
  let batchedMs = 0
  const latencies: number[] = []
  for await (const line of lines(w)) {
    // grouping by stream is Emmett's price of a batch and is timed with it
    const t0 = performance.now()
    if (line.kind === 'batch') {
      const groups = new Map<Stream, Event[]>()
      for (const input of line.inputs) {
        const stream = streamOf(input)
        const group = groups.get(stream)
        if (group === undefined) groups.set(stream, [eventOf(input)])
        else group.push(eventOf(input))
      }
      for (const [stream, events] of groups) await append(stream, events)
      batchedMs += performance.now() - t0
      batchedEvents += line.inputs.length
    } else {
      const input = line.inputs[0] as RecordInput
      await append(streamOf(input), [eventOf(input)])
      latencies.push(performance.now() - t0)
    }
  }
  return {
    batched: { events: batchedEvents, ms: batchedMs, perSecond: (batchedEvents / batchedMs) * 1000 },
    single: { events: latencies.length, p50Ms: median(latencies), p95Ms: quantile(latencies, 0.95) },
    streams: [...versions.keys()],
    rssMb: peakRssMb(),
  }
}

export interface ReadResult {
  readonly events: number
  readonly ms: number
  readonly perSecond: number
  readonly rssMb: number
}

const PAGE = 10_000

/** The little of `pg` used here: this package has no @types/pg of its own, so the shape is stated. */
interface PgPool {
  readonly query: (sql: string) => Promise<unknown>
  readonly end: () => Promise<void>
}
const { Pool } = createRequire(import.meta.url)('pg') as { readonly Pool: new (config: { readonly connectionString: string; readonly max: number }) => PgPool }

/** Read every event back in global order, a page at a time, with Emmett's own batch reader. */
const readGlobal = async (readBatch: (after: bigint) => Promise<{ readonly messages: ReadonlyArray<unknown>; readonly currentGlobalPosition: bigint }>): Promise<number> => {
  let events = 0
  for (let after = 0n; ; ) {
    const { messages, currentGlobalPosition } = await readBatch(after)
    events += messages.length
    if (messages.length < PAGE) return events
    after = currentGlobalPosition
  }
}

/**
 * Every event back. SQLite and PostgreSQL: Emmett's `readMessagesBatch`
 * (PostgreSQL's given a plain `pg` pool as its executor, since Emmett's own
 * pool is not exposed). In memory Emmett has no global read, so every
 * stream is read in turn (`streams`, known from the load in the same process).
 */
export const readAllEmmett = async (target: Target, emmett: Emmett | undefined, streams: ReadonlyArray<Stream>): Promise<ReadResult> => {
  const t0 = performance.now()
  let events: number
  switch (target.kind) {
    case 'memory': {
      if (emmett === undefined) throw new Error('the in-memory store is read in the process that loaded it')
      events = 0
      for (const stream of streams) events += (await emmett.store.readStream(stream)).events.length
      break
    }
    case 'sqlite': {
      const connection = sqliteConnection({ fileName: target.file })
      try {
        events = await readGlobal((after) => readSqliteBatch(connection, { after, batchSize: PAGE }))
      } finally {
        connection.close()
      }
      break
    }
    case 'postgres': {
      const pool = new Pool({ connectionString: target.url, max: 1 })
      try {
        const executor = { query: (sql: string) => pool.query(sql) } as unknown as Parameters<typeof readPostgresBatch>[0]
        events = await readGlobal((after) => readPostgresBatch(executor, { after, batchSize: PAGE }))
      } finally {
        await pool.end()
      }
      break
    }
  }
  const ms = performance.now() - t0
  return { events, ms, perSecond: (events / ms) * 1000, rssMb: peakRssMb() }
}
