import { START, type ResolvedEvent, type StreamSubscription } from '@eventstore/db-client'
import type { Entry, FollowOptions, StorageFailed, Subscription } from '@policy-ledger/core'
import { fromLogEvent, NotALedger } from './codec.js'
import type { LinkContext } from './links.js'
import { recordedOf } from './reads.js'

export interface FollowContext extends LinkContext {
  readonly failure: (what: string, error: unknown) => StorageFailed
  /** how long to wait before subscribing again after a failure */
  readonly retryMs: number
}

/**
 * The next events a subscription has for us: at least one (waiting for it),
 * at most `max`; undefined once it has ended or we are stopping.
 */
const take = (sub: StreamSubscription, max: number, stopping: AbortSignal, failed: () => unknown): Promise<ResolvedEvent[] | undefined> =>
  new Promise((resolve, reject) => {
    const drain = (): ResolvedEvent[] => {
      const out: ResolvedEvent[] = []
      for (let e: ResolvedEvent | null; out.length < max && (e = sub.read() as ResolvedEvent | null) !== null; ) out.push(e)
      return out
    }
    const finish = (): void => {
      sub.off('readable', onReadable).off('end', onEnd).off('close', onEnd).off('error', onError)
      stopping.removeEventListener('abort', onEnd)
    }
    const onReadable = (): void => {
      const got = drain()
      if (got.length > 0) {
        finish()
        resolve(got)
      }
    }
    const onEnd = (): void => {
      finish()
      resolve(undefined)
    }
    const onError = (error: unknown): void => {
      finish()
      reject(error)
    }
    if (failed() !== undefined) return onError(failed())
    if (stopping.aborted) return onEnd()
    sub.on('readable', onReadable).on('end', onEnd).on('close', onEnd).on('error', onError)
    stopping.addEventListener('abort', onEnd)
    onReadable()
  })

/**
 * Follow the log with the client's catch-up subscription: from the event
 * after the checkpoint, through what is there, then live. When the server
 * goes away the subscription fails; we report it, wait, and subscribe again
 * from the last position handled, so nothing is missed or delivered twice.
 */
export const followLog = (context: FollowContext, options: FollowOptions): Subscription => {
  const { client, names, failure, retryMs } = context
  const batchSize = options.batchSize ?? 500
  let position = options.after
  let stopped = false
  const stopping = new AbortController()
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        stopping.signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      stopping.signal.addEventListener('abort', done)
    })

  const deliver = async (batch: ReadonlyArray<ResolvedEvent>): Promise<void> => {
    const entries: Entry[] = []
    for (const resolved of batch) {
      const entry = fromLogEvent(recordedOf(resolved))
      if (entry.position <= position) continue
      const expected = (entries[entries.length - 1]?.position ?? position) + 1
      if (entry.position !== expected) throw new NotALedger(`the log skipped from position ${expected - 1} to ${entry.position}`)
      entries.push(entry)
    }
    if (entries.length === 0) return
    await options.onEntries(entries)
    position = entries[entries.length - 1]?.position ?? position
  }

  const subscribeOnce = async (): Promise<void> => {
    // a subscription from a revision starts after it, as a checkpoint does
    const sub = client.subscribeToStream(names.log, { fromRevision: position === 0 ? START : BigInt(position - 1) })
    // kept for the subscription's life: an error while we deliver is not left unhandled
    let failed: unknown
    sub.on('error', (error: unknown) => (failed ??= error))
    const next = (): Promise<ResolvedEvent[] | undefined> => take(sub, batchSize, stopping.signal, () => failed)
    try {
      for (let batch = await next(); batch !== undefined && !stopped; batch = await next())
        await deliver(batch)
    } finally {
      await sub.unsubscribe().catch(() => undefined)
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await subscribeOnce()
      } catch (error) {
        if (!stopped) options.onError?.(failure('following the log', error))
      }
      if (!stopped) await pause(retryMs)
    }
  })()

  return {
    position: () => position,
    stop: async () => {
      stopped = true
      stopping.abort()
      await loop
    },
  }
}
