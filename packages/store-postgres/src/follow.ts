import { followByPolling, type EventStore, type FollowOptions, type Subscription } from '@policy-ledger/core'
import pg from 'pg'
import type { Db } from './db.js'

export interface FollowTiming {
  /** the longest a follower waits for a notification before reading anyway; default 2 s */
  readonly idleMs?: number
  /** how long to wait before trying again after the server could not be reached; default 500 ms */
  readonly retryMs?: number
}

/**
 * A wake-up call from LISTEN: `wait` resolves on the next notification on the
 * ledger's channel, or after `ms` at the latest. A notification that arrives
 * while the follower is reading is remembered, so none is lost between a read
 * and the next wait. The connection is reopened by itself whenever it drops,
 * and a reopened connection wakes the follower, since commits may have landed
 * while nobody listened.
 */
const listen = (db: Db, retryMs: number) => {
  let news = false
  let wake: (() => void) | undefined
  let client: pg.PoolClient | undefined
  let retry: NodeJS.Timeout | undefined
  let closed = false

  const notify = (): void => {
    news = true
    wake?.()
  }
  const reconnectLater = (): void => {
    if (!closed && retry === undefined) retry = setTimeout(() => ((retry = undefined), void connect()), retryMs)
  }
  const drop = (c: pg.PoolClient): void => {
    if (client !== c) return
    client = undefined
    c.release(true)
    reconnectLater()
  }
  const connect = async (): Promise<void> => {
    let c: pg.PoolClient
    try {
      c = await db.pool.connect()
    } catch {
      return reconnectLater()
    }
    c.on('notification', notify)
    c.on('error', () => drop(c))
    c.on('end', () => drop(c))
    client = c
    try {
      await c.query(`LISTEN ${pg.escapeIdentifier(db.schema.channel)}`)
    } catch {
      return drop(c)
    }
    if (closed) return close()
    notify()
  }
  const close = async (): Promise<void> => {
    closed = true
    clearTimeout(retry)
    const c = client
    client = undefined
    // destroyed rather than pooled again, so that no pooled connection keeps listening
    c?.release(true)
    wake?.()
  }
  void connect()

  const wait = (ms: number): Promise<void> => {
    if (news) {
      news = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        wake = undefined
        news = false
        resolve()
      }
      const timer = setTimeout(done, ms)
      wake = done
    })
  }
  return { wait, close }
}

/** Follow the log: read pages after the last position, woken by LISTEN/NOTIFY rather than by a tight poll. */
export const follow =
  (db: Db, readAll: EventStore['readAll'], timing: FollowTiming = {}) =>
  (options: FollowOptions): Subscription => {
    const { idleMs = 2000, retryMs = 500 } = timing
    const listener = listen(db, retryMs)
    const subscription = followByPolling(readAll, options, { idleMs, retryMs, wait: listener.wait })
    return {
      position: subscription.position,
      stop: async () => {
        await listener.close()
        await subscription.stop()
      },
    }
  }
