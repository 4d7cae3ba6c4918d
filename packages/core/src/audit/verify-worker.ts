import { parentPort, workerData } from 'node:worker_threads'
import type { EventStore } from '../store.js'
import type { WorkerTask } from './parallel.js'
import { chunkClaims, verifyRange, type RangeVerdict } from './ranges.js'

/*
 * A worker thread of `verifyStore`: open the store again from its `reopen`,
 * then claim chunks of the log from the back and verify each by itself,
 * until none is left; post every chunk's verdict at the end.
 */

const task = workerData as WorkerTask
const open = ((await import(task.reopen.module)) as Record<string, unknown>)[task.reopen.export]
if (typeof open !== 'function') throw new Error(`${task.reopen.module} has no function ${task.reopen.export}`)
const store = (open as (options: unknown) => EventStore)(task.reopen.options)
const verdicts: Array<readonly [number, RangeVerdict]> = []
try {
  const read = store.readRaw
  if (read === undefined) throw new Error(`the store opened again by ${task.reopen.export} cannot read raw pages`)
  // claiming starts now: the joining thread does not wait for a worker that has not got this far
  Atomics.store(new Int32Array(task.started), task.index, 1)
  const claims = chunkClaims(task.claims)
  for (let c = claims.back(); c !== undefined; c = claims.back())
    verdicts.push([c, await verifyRange(read, { start: c * task.chunk, end: (c + 1) * task.chunk }, task.pageSize, task.checkpoints)])
} finally {
  await store.close()
}
parentPort?.postMessage(verdicts)
