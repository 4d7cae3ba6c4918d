/**
 * A STAND-IN FOR EVENTSTOREDB, FOR TESTS ONLY. It is not EventStoreDB and
 * makes no claim to behave like it beyond what is written here.
 *
 * No EventStoreDB or KurrentDB server can run where these tests run, so the
 * adapter is driven end to end through the real `@eventstore/db-client`
 * 6.2.1 against this in-memory gRPC server. It registers the client package's
 * own generated `StreamsService` definition and implements only what that
 * client sends for the calls the adapter makes:
 *
 * - `Append` (client streaming: options, then proposed messages): expected
 *   revision any / no_stream / stream_exists / exact, a `WrongExpectedVersion`
 *   result, and a re-append of the same event ids at the same place taken as
 *   done (EventStoreDB's idempotent write);
 * - `Read` (server streaming): a stream or `$all`, forwards or backwards,
 *   from start / end / a revision or position, a count, `$>` links resolved on
 *   request, `StreamNotFound`; and subscriptions: a confirmation, catch-up,
 *   then live events, from a revision or position exclusive as on a server.
 *
 * It does not register the `ServerFeatures` service, so the client gets
 * UNIMPLEMENTED when it probes for features, as from a 20.x server, and
 * appends with `Append` rather than `BatchAppend`. Filters, deletes,
 * metadata streams, ACLs and credentials are not implemented.
 *
 * `stop()` then `start()` brings it back on the same port with the same
 * events, as a server restarting on its own database would.
 */
import * as grpc from '@grpc/grpc-js'
import grpcService from '@eventstore/db-client/generated/streams_grpc_pb.js'
import pb from '@eventstore/db-client/generated/streams_pb.js'
import shared from '@eventstore/db-client/generated/shared_pb.js'

const { AppendReq, AppendResp, ReadReq, ReadResp } = pb
type AppendReqT = InstanceType<typeof AppendReq>
type ReadReqT = InstanceType<typeof ReadReq>
type ReadRespT = InstanceType<typeof ReadResp>

interface Recorded {
  readonly id: string
  readonly stream: string
  readonly revision: number
  /** place in `$all` */
  readonly position: number
  readonly type: string
  readonly contentType: string
  /** 100 ns ticks since the Unix epoch, as the server stamps `created` */
  readonly created: string
  readonly customMetadata: Uint8Array
  readonly data: Uint8Array
}

type Expected = { readonly kind: 'any' } | { readonly kind: 'no_stream' } | { readonly kind: 'stream_exists' } | { readonly kind: 'exact'; readonly revision: number }

/** The events, which outlive any one run of the server. */
class Database {
  readonly all: Recorded[] = []
  readonly streams = new Map<string, Recorded[]>()
  readonly listeners = new Set<(e: Recorded) => void>()

  /** Append atomically, or say why not: the stream's current revision (-1: no stream). */
  append(
    stream: string,
    expected: Expected,
    proposed: ReadonlyArray<Omit<Recorded, 'stream' | 'revision' | 'position' | 'created'>>,
  ): { ok: true; revision: number; position: number } | { ok: false; current: number } {
    const events = this.streams.get(stream) ?? []
    const current = events.length - 1
    const from =
      expected.kind === 'exact' ? expected.revision : expected.kind === 'no_stream' ? -1 : expected.kind === 'any' ? this.replayedAt(events, proposed) : current
    if (expected.kind === 'stream_exists' && current < 0) return { ok: false, current }
    // the same ids already at the expected place: a retry of a write that landed
    const slice = events.slice(from + 1, from + 1 + proposed.length)
    if (from !== current && proposed.length > 0 && slice.length === proposed.length && slice.every((e, i) => e.id === proposed[i]?.id)) {
      const last = slice[slice.length - 1] as Recorded
      return { ok: true, revision: last.revision, position: last.position }
    }
    if (from !== current) return { ok: false, current }
    const created = (BigInt(Date.now()) * 10_000n).toString()
    const written = proposed.map((p, i): Recorded => ({ ...p, stream, revision: current + 1 + i, position: this.all.length + i, created }))
    this.all.push(...written)
    this.streams.set(stream, [...events, ...written])
    for (const e of written) for (const listener of this.listeners) listener(e)
    const last = written[written.length - 1]
    return { ok: true, revision: last?.revision ?? current, position: last?.position ?? this.all.length - 1 }
  }

  /** For `any`: where these ids were written before, or the end of the stream. */
  private replayedAt(events: ReadonlyArray<Recorded>, proposed: ReadonlyArray<{ readonly id: string }>): number {
    const first = proposed[0]
    const at = first === undefined ? -1 : events.findIndex((e) => e.id === first.id)
    return at < 0 ? events.length - 1 : at - 1
  }

  resolve(e: Recorded): Recorded | undefined {
    if (e.type !== '$>') return undefined
    const text = Buffer.from(e.data).toString('utf8')
    const at = text.indexOf('@')
    return this.streams.get(text.slice(at + 1))?.[Number(text.slice(0, at))]
  }
}

const uuidOf = (u: InstanceType<typeof shared.UUID> | undefined): string => {
  if (u === undefined) throw new Error('event without id')
  if (u.hasString()) return u.getString()
  const s = u.getStructured()
  const hex = (BigInt.asUintN(64, BigInt(s?.getMostSignificantBits() ?? '0')).toString(16).padStart(16, '0') +
    BigInt.asUintN(64, BigInt(s?.getLeastSignificantBits() ?? '0')).toString(16).padStart(16, '0'))
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const streamName = (id: InstanceType<typeof shared.StreamIdentifier> | undefined): string =>
  Buffer.from(id?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8')

const recordedEvent = (e: Recorded): InstanceType<typeof ReadResp.ReadEvent.RecordedEvent> => {
  const r = new ReadResp.ReadEvent.RecordedEvent()
  r.setId(new shared.UUID().setString(e.id))
  r.setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(e.stream, 'utf8')))
  r.setStreamRevision(String(e.revision))
  r.setPreparePosition(String(e.position))
  r.setCommitPosition(String(e.position))
  r.getMetadataMap().set('type', e.type).set('content-type', e.contentType).set('created', e.created)
  r.setCustomMetadata(e.customMetadata)
  r.setData(e.data)
  return r
}

const eventResponse = (db: Database, e: Recorded, resolveLinks: boolean): ReadRespT => {
  const read = new ReadResp.ReadEvent()
  const target = resolveLinks ? db.resolve(e) : undefined
  if (target === undefined) read.setEvent(recordedEvent(e))
  else read.setEvent(recordedEvent(target)).setLink(recordedEvent(e))
  read.setCommitPosition(String(e.position))
  return new ReadResp().setEvent(read)
}

const appendHandler =
  (db: Database): grpc.handleClientStreamingCall<AppendReqT, InstanceType<typeof AppendResp>> =>
  (call, callback) => {
    let stream: string | undefined
    let expected: Expected = { kind: 'any' }
    const proposed: Array<Omit<Recorded, 'stream' | 'revision' | 'position' | 'created'>> = []
    call.on('data', (req: AppendReqT) => {
      const options = req.getOptions()
      if (options !== undefined) {
        stream = streamName(options.getStreamIdentifier())
        const C = AppendReq.Options.ExpectedStreamRevisionCase
        const c = options.getExpectedStreamRevisionCase()
        expected =
          c === C.REVISION ? { kind: 'exact', revision: Number(options.getRevision()) } : c === C.NO_STREAM ? { kind: 'no_stream' } : c === C.STREAM_EXISTS ? { kind: 'stream_exists' } : { kind: 'any' }
        return
      }
      const m = req.getProposedMessage()
      if (m === undefined) return
      const meta = m.getMetadataMap()
      proposed.push({
        id: uuidOf(m.getId()),
        type: meta.get('type') ?? '',
        contentType: meta.get('content-type') ?? 'application/octet-stream',
        customMetadata: m.getCustomMetadata_asU8(),
        data: m.getData_asU8(),
      })
    })
    call.on('error', () => undefined)
    call.on('end', () => {
      if (stream === undefined || stream === '') return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'no stream given' })
      const outcome = db.append(stream, expected, proposed)
      const resp = new AppendResp()
      if (outcome.ok) {
        const success = new AppendResp.Success()
        if (outcome.revision < 0) success.setNoStream(new shared.Empty())
        else success.setCurrentRevision(String(outcome.revision))
        success.setPosition(new AppendResp.Position().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)))
        resp.setSuccess(success)
      } else {
        const wev = new AppendResp.WrongExpectedVersion()
        if (outcome.current < 0) wev.setCurrentNoStream(new shared.Empty())
        else wev.setCurrentRevision(String(outcome.current))
        if (expected.kind === 'exact') wev.setExpectedRevision(String(expected.revision))
        else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new shared.Empty())
        else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new shared.Empty())
        else wev.setExpectedAny(new shared.Empty())
        resp.setWrongExpectedVersion(wev)
      }
      callback(null, resp)
    })
  }

/** Which events a read covers and where it starts; `after` is exclusive, as subscriptions are. */
interface Selection {
  readonly source: () => ReadonlyArray<Recorded>
  readonly matches: (e: Recorded) => boolean
  readonly stream: string | undefined
  /** the index of `source()` the read starts at (inclusive), in its direction */
  readonly from: (events: ReadonlyArray<Recorded>) => number
}

/** Where a read starts in `events`: a revision or position is inclusive for reads, exclusive for subscriptions. */
const startAt = (events: ReadonlyArray<Recorded>, end: boolean, at: number | undefined, backwards: boolean, subscription: boolean): number => {
  if (end) return backwards ? events.length - 1 : events.length
  if (at === undefined) return backwards ? events.length - 1 : 0
  return subscription ? at + 1 : at
}

const select = (db: Database, options: InstanceType<typeof ReadReq.Options>, backwards: boolean, subscription: boolean): Selection => {
  const streamOptions = options.getStream()
  if (streamOptions !== undefined) {
    const stream = streamName(streamOptions.getStreamIdentifier())
    const revision = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : undefined
    return {
      stream,
      source: () => db.streams.get(stream) ?? [],
      matches: (e) => e.stream === stream,
      from: (events) => startAt(events, streamOptions.hasEnd(), revision, backwards, subscription),
    }
  }
  const all = options.getAll()
  const position = all?.hasPosition() ? Number(all.getPosition()?.getCommitPosition()) : undefined
  return {
    stream: undefined,
    source: () => db.all,
    matches: () => true,
    from: (events) => startAt(events, all?.hasEnd() === true, position, backwards, subscription),
  }
}

const readHandler =
  (db: Database): grpc.handleServerStreamingCall<ReadReqT, ReadRespT> =>
  (call) => {
    const options = call.request.getOptions()
    if (options === undefined) return void call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'no read options' })
    if (options.hasFilter()) {
      return void call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'filters are not implemented by this stand-in' })
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS
    const subscription = options.hasSubscription()
    const resolveLinks = options.getResolveLinks()
    const selection = select(db, options, backwards && !subscription, subscription)
    const events = selection.source()
    const start = selection.from(events)

    if (!subscription) {
      if (selection.stream !== undefined && events.length === 0) {
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(selection.stream, 'utf8')))
        call.write(new ReadResp().setStreamNotFound(notFound))
        return call.end()
      }
      const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER
      const chosen = backwards ? events.slice(Math.max(0, start - count + 1), start + 1).reverse() : events.slice(start, start + count)
      for (const e of chosen) call.write(eventResponse(db, e, resolveLinks))
      return call.end()
    }

    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(`stand-in-${Date.now()}`)))
    for (const e of events.slice(Math.max(0, start))) call.write(eventResponse(db, e, resolveLinks))
    // nothing can be appended between the catch-up above and this line: one thread
    const live = (e: Recorded): void => {
      if (selection.matches(e)) call.write(eventResponse(db, e, resolveLinks))
    }
    db.listeners.add(live)
    const drop = (): void => {
      db.listeners.delete(live)
    }
    call.on('cancelled', drop)
    call.on('close', drop)
    call.on('error', drop)
  }

export interface StandIn {
  readonly port: number
  /** what a client is given: no TLS, as `--insecure` servers are run */
  readonly connectionString: string
  /** serve again on the same port, with the events it held */
  readonly start: () => Promise<void>
  /** go away: every open call is cut off */
  readonly stop: () => Promise<void>
}

const bind = (server: grpc.Server, port: number): Promise<number> =>
  new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  )

export const startStandIn = async (): Promise<StandIn> => {
  const db = new Database()
  let server: grpc.Server | undefined
  const serve = async (port: number): Promise<number> => {
    const s = new grpc.Server()
    s.addService(grpcService.StreamsService, { append: appendHandler(db), read: readHandler(db) } as unknown as grpc.UntypedServiceImplementation)
    const bound = await bind(s, port)
    server = s
    return bound
  }
  const port = await serve(0)
  return {
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    start: async () => {
      if (server === undefined) await serve(port)
    },
    stop: async () => {
      server?.forceShutdown()
      server = undefined
      db.listeners.clear()
    },
  }
}
