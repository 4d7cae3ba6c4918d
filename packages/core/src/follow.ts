import * as E from 'fp-ts/lib/Either.js'
import type { Entry } from './envelope.js'
import type { StorageFailed } from './errors.js'
import type { FollowOptions, Page, Subscription } from './store.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'

export interface PollOptions {
  /** how long to wait when there is nothing new; default 200 ms */
  readonly idleMs?: number
  /** how long to wait after a failed read before trying again; default 1 s */
  readonly retryMs?: number
  /**
   * Resolves when there may be something new, or after `ms` at the latest.
   * A store with change notifications (PostgreSQL's LISTEN) wakes it early.
   */
  readonly wait?: (ms: number) => Promise<void>
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Follow a log by reading pages after the last delivered position: catch up
 * first, then poll. Any store whose `readAll` is gap-free and in commit order
 * (every store of this port) follows correctly this way.
 */
export const followByPolling = (
  readAll: (page: Page) => TaskEither<StorageFailed, ReadonlyArray<Entry>>,
  options: FollowOptions,
  poll: PollOptions = {},
): Subscription => {
  const { idleMs = 200, retryMs = 1000, wait = sleep } = poll
  const limit = options.batchSize ?? 500
  let position = options.after
  let stopped = false
  let wake: (() => void) | undefined
  const pause = (ms: number): Promise<void> =>
    Promise.race([wait(ms), new Promise<void>((resolve) => (wake = resolve))])

  const loop = (async () => {
    while (!stopped) {
      const page = await readAll({ after: position, limit })()
      if (stopped) break
      if (E.isLeft(page)) {
        options.onError?.(page.left)
        await pause(retryMs)
        continue
      }
      if (page.right.length > 0) {
        await options.onEntries(page.right)
        position = page.right[page.right.length - 1]?.position ?? position
      }
      if (page.right.length < limit) await pause(idleMs)
    }
  })()

  return {
    position: () => position,
    stop: async () => {
      stopped = true
      wake?.()
      await loop
    },
  }
}
