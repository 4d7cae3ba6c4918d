import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { GENESIS_HASH } from '../chain.js'
import type { Reopen } from '../store.js'
import type { SignedCheckpoint } from './checkpoint.js'
import { chunkClaims, MAX_CHUNKS, unclaimed, verifyRange, type RangeVerdict, type ReadRaw } from './ranges.js'

/*
 * Verifying on several cores. Hashing is compute: worker threads are used
 * for it as for any other computation, while each opens its own read-only
 * view of the store (`reopen`), so the storage I/O stays the store's own.
 * The log's whole pages are cut into chunks; this thread verifies them from
 * the front while the workers start and take them from the back, so a
 * worker slow to start costs nothing but its share; then this thread joins
 * the chunks end to end.
 */

/** What a worker is sent: plain data and shared memory only. */
export interface WorkerTask {
  readonly reopen: Reopen
  /** the claims on the chunks, shared with every thread (`chunkClaims`) */
  readonly claims: SharedArrayBuffer
  /** one word per worker, set once it starts claiming */
  readonly started: SharedArrayBuffer
  readonly index: number
  /** entries per chunk: whole pages */
  readonly chunk: number
  readonly pageSize: number
  /** trusted checkpoints (their signatures were checked by the sender) */
  readonly checkpoints: ReadonlyArray<SignedCheckpoint>
}

// the worker sits beside this module: `.ts` when run from the sources (vitest, tsx), `.js` from dist
const extension = extname(fileURLToPath(import.meta.url))
const WORKER = new URL(`./verify-worker${extension}`, import.meta.url)

/**
 * From dist the worker is started as it is. From the sources it needs tsx,
 * registered inside the worker before the worker module is imported: Node 20
 * does not apply an inherited `--import tsx` to a worker's own module. (The
 * workspace's source condition is inherited: the bench, the CLI's dev script
 * and vitest all run with it.)
 */
const startWorker = (task: WorkerTask): Worker =>
  extension === '.ts'
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(WORKER.href)}))`, {
        eval: true,
        workerData: task,
      })
    : new Worker(WORKER, { workerData: task })

type Verdicts = ReadonlyArray<readonly [number, RangeVerdict]>

/** A worker's verdicts; none if it failed or was stopped (its chunks are then walked by the caller). */
const verdictsOf = (worker: Worker): Promise<Verdicts> =>
  new Promise((resolve) => {
    let verdicts: Verdicts = []
    worker.once('message', (v: Verdicts) => {
      verdicts = v
    })
    worker.once('error', () => undefined)
    worker.once('exit', () => resolve(verdicts))
  })

export interface Split {
  /** worker threads to start */
  readonly workers: number
  /** whether this thread verifies chunks too, or only joins them */
  readonly here: boolean
  readonly pageSize: number
}

/**
 * Verify the first `count` entries' whole pages in chunks on several
 * threads: the longest run of clean chunks from the start, each linked to
 * the one before it, as the position and hash where a sequential walk can
 * take over; and how many worker threads verified chunks of it.
 */
export const verifiedPrefix = async (
  store: { readonly readRaw: ReadRaw; readonly reopen: Reopen },
  count: number,
  trusted: ReadonlyArray<SignedCheckpoint>,
  { workers, here, pageSize }: Split,
): Promise<{ readonly position: number; readonly hash: string; readonly workers: number }> => {
  const pages = Math.floor(count / pageSize)
  const chunk = pageSize * Math.ceil(pages / MAX_CHUNKS)
  const n = Math.floor(count / chunk)
  const claims = unclaimed(n)
  const started = new SharedArrayBuffer(4 * workers)
  const threads = Array.from({ length: workers }, (_, index) => {
    try {
      return [{ index, worker: startWorker({ reopen: store.reopen, claims, started, index, chunk, pageSize, checkpoints: [...trusted] }) }]
    } catch {
      return [] // a worker that cannot start takes no chunk: the others, and this thread, take them all
    }
  }).flat()
  const results = threads.map(({ worker }) => verdictsOf(worker))
  const verdicts = new Map<number, RangeVerdict>()
  const mine = chunkClaims(claims)
  let unclean = false
  if (here)
    for (let c = mine.front(); c !== undefined; c = mine.front()) {
      const v = await verifyRange(store.readRaw, { start: c * chunk, end: (c + 1) * chunk }, pageSize, trusted)
      verdicts.set(c, v)
      if (!v.clean) {
        unclean = true
        break
      }
    }
  // the workers' chunks all lie after an unclean one of ours: they no longer matter; and a worker
  // that has not started claiming holds no chunk: stop it rather than wait for it to start
  const startedFlags = new Int32Array(started)
  await Promise.all(threads.map(({ index, worker }) => (unclean || (here && Atomics.load(startedFlags, index) === 0) ? worker.terminate() : undefined)))
  let used = 0
  for (const r of await Promise.all(results)) {
    if (r.length > 0) used++
    for (const [c, v] of r) verdicts.set(c, v)
  }
  let verified = { position: 0, hash: GENESIS_HASH }
  for (let c = 0; c < n; c++) {
    const v = verdicts.get(c)
    if (v === undefined || !v.clean || v.seed !== verified.hash) break
    verified = { position: (c + 1) * chunk, hash: v.last }
  }
  return { ...verified, workers: used }
}
