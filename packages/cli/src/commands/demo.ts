import { createLedger, loadTally, report, wordingOf } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { sqliteStore } from '@policy-ledger/store-sqlite'
import { jiaxiang, jiaxiangSize, type JiaxiangOptions } from '@policy-ledger/testkit'
import * as E from 'fp-ts/lib/Either.js'
import { rm, stat } from 'node:fs/promises'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { progressBar } from '../progress.js'
import { reportTable } from '../render/report.js'
import { keepSnapshots } from '../snapshots.js'
import { withStore } from '../store.js'

export const DEFAULT_DEMO_DB = 'jiaxiang-demo.db'

export interface DemoOptions {
  readonly db: string
  /** multiplies the synthetic county's volumes; default 1 */
  readonly scale?: number
}

/**
 * Make room for the demo's ledger: a policy-ledger file left by an earlier
 * run is replaced (with its WAL files); anything else at the path is
 * refused and left as it is.
 */
const clear = async (file: string): Promise<E.Either<Failure, void>> => {
  const found = await stat(file).catch(() => undefined)
  if (found === undefined || (found.isFile() && found.size === 0)) return E.right(undefined)
  const earlier = sqliteStore({ file, readonly: true })
  const head = await earlier.head()()
  await earlier.close()
  if (E.isLeft(head)) {
    const why = wordingOf(head.left.message)
    return E.left(storeFailure({ message: `${why.zh}；演示只替换由它建立的台账，请换一个 --db / ${why.en}; the demo replaces only a ledger it built, choose another --db` }))
  }
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })))
  return E.right(undefined)
}

/**
 * `policy-ledger demo`: the main job. Build an SQLite ledger from the
 * synthetic Jiaxiang County (2023 baseline to 2027), recording each commit
 * with the ledger's clock at the commit's own time, so that what was known
 * when is as the county's systems would have it; then print the progress
 * report against the plan's targets and a summary.
 */
export const demoCommand = async (options: DemoOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (/^[a-z][a-z0-9+]*:\/\//i.test(options.db)) return E.left(usageFailure(`the demo builds an SQLite file; --db must be a file path, not ${options.db.split(':')[0]}://…`))
  const cleared = await clear(options.db)
  if (E.isLeft(cleared)) return cleared
  const dataset: JiaxiangOptions = options.scale === undefined ? {} : { scale: options.scale }
  const started = performance.now()
  return withStore(options.db, { access: 'write', rebuildable: true }, async (store) => {
    let now = 0
    const size = jiaxiangSize(dataset)
    // every stream's decided history stays in memory (the county fits): no stream is read back, nothing is evicted
    const ledger = createLedger({ store, plan: jiaxiang2024, clock: () => now, cacheSize: size })
    const bar = progressBar('生成台账 building the ledger', size)
    let recorded = 0
    try {
      for (const commit of jiaxiang(dataset)) {
        now = commit.recordedAt
        const result = await ledger.recordBatch(commit.inputs)()
        if (E.isLeft(result))
          return E.left({ status: result.left.code === 'STORAGE_FAILED' ? exitStatus.store : exitStatus.rejected, message: `合成数据集被拒绝 / the synthetic dataset was refused: ${result.left.message}` })
        recorded += result.right.recorded.length
        bar.advance(commit.inputs.length)
      }
    } finally {
      bar.stop()
    }
    process.stderr.write((await keepSnapshots(store)) ?? '')
    const [tally, head] = await Promise.all([loadTally(store)(), store.head()()])
    if (E.isLeft(tally)) return E.left(storeFailure(tally.left))
    if (E.isLeft(head)) return E.left(storeFailure(head.left))
    const seconds = (performance.now() - started) / 1000
    // the synthetic county is Jiaxiang's, so its plan is the one read
    const progress = report(jiaxiang2024, tally.right)
    if (E.isLeft(progress)) return E.left(usageFailure(progress.left.message))
    process.stdout.write(`${reportTable(jiaxiang2024, progress.right)}\n\n`)
    process.stdout.write(
      [
        '摘要 Summary',
        `  台账文件 ledger file: ${options.db}`,
        `  已记录事件 events recorded: ${recorded}`,
        `  用时 time taken: ${seconds.toFixed(1)} s`,
        `  链头 head: position ${head.right.position}, ${head.right.hash}`,
        '',
      ].join('\n'),
    )
    return E.right(exitStatus.ok)
  })
}
