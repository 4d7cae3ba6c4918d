import type { EventStore } from '@policy-ledger/core'
import { loadEmmett, openEmmett, readAllEmmett } from './emmett.js'
import { asOf, load, openOurs, readBack, rebuild, replay, verify } from './ours.js'
import { RESULT_MARK, TASK_VARIABLE, type Task } from './protocol.js'
import type { Target } from './targets.js'

/*
 * One measure in a process of its own, so that a replay starts cold and
 * peak RSS is that measure's alone. The parent passes the task as JSON in
 * an environment variable and reads the result from stdout.
 */


/** A read of a log written by an earlier process, on a store opened afresh. */
const reading = async <A>(target: Target, measure: (store: EventStore) => Promise<A>): Promise<A> => {
  const store = openOurs(target)
  try {
    return await measure(store)
  } finally {
    await store.close()
  }
}

const run = async (task: Task): Promise<unknown> => {
  switch (task.measure) {
    case 'ours-load': {
      const store = openOurs(task.target)
      try {
        const loaded = await load(store, task.workload)
        // a memory store lives only in this process: its reads are measured here, after the load
        if (task.target.kind !== 'memory') return { load: loaded }
        return {
          load: loaded,
          replay: await replay(store),
          asOf: await asOf(store, task.queries, loaded.firstRecordedAt, loaded.lastRecordedAt),
          read: await readBack(store),
          verify: await verify('whole')(store),
          verifyChain: await verify('chain')(store),
          ...(task.rebuild ? { rebuild: await rebuild(store) } : {}),
        }
      } finally {
        await store.close()
      }
    }
    case 'ours-replay':
      return reading(task.target, replay)
    case 'ours-read':
      return reading(task.target, readBack)
    case 'ours-verify':
      return reading(task.target, verify('whole'))
    case 'ours-verify-chain':
      return reading(task.target, verify('chain'))
    case 'ours-rebuild':
      return reading(task.target, rebuild)
    case 'ours-asof': {
      const { queries, from, to } = task
      return reading(task.target, (store) => asOf(store, queries, from, to))
    }
    case 'emmett-load': {
      const emmett = openEmmett(task.target)
      try {
        const loaded = await loadEmmett(emmett, task.workload)
        const { streams, ...rest } = loaded
        if (task.target.kind !== 'memory') return { load: rest }
        return { load: rest, read: await readAllEmmett(task.target, emmett, streams) }
      } finally {
        await emmett.close()
      }
    }
    case 'emmett-read':
      return readAllEmmett(task.target, undefined, [])
  }
}

const task = JSON.parse(process.env[TASK_VARIABLE] ?? 'null') as Task
const result = await run(task)
process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`)
// pools and timers of the stores under test must not keep a finished measure alive
process.exit(0)
