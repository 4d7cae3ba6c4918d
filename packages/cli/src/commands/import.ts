import { createLedger, wordingOf, type Plan, type Principal } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { readEventFile, type EventFile, type Format } from '../import/files.js'
import { recordLines, type Outcome } from '../import/record.js'
import { isEarlierRejects, reasonZh, rejectsContent, rejectsJsonl } from '../import/rejects.js'
import type { Encoding } from '../import/text.js'
import { principalFromKey, unitsOf } from '../principal.js'
import { outputTo, replaceWithForce, type Output } from '../output.js'
import { progressBar } from '../progress.js'
import { planOf, type PlanOptions } from '../plan.js'
import { keepSnapshots } from '../snapshots.js'
import { withStore } from '../store.js'

export interface ImportOptions extends PlanOptions {
  readonly db: string
  /** one rejects file (JSON Lines) for all inputs; default `<file>.rejects.jsonl` or `.csv` beside each, in its format */
  readonly rejects?: string
  /** a department's private key (PEM): every input is signed with it, as a principal acting for `actsFor` */
  readonly signKey?: string
  /** the units the key's holder acts for, comma-separated */
  readonly actsFor?: string
  /** replace a plain file where rejected lines go */
  readonly force?: boolean
}

/** Inputs per batch: large enough for speed, small enough that one bad line costs little to set aside. */
const BATCH_SIZE = 1000

/** How many rejections are shown on stderr; the rejects file has them all. */
const SHOWN = 10

const counts = (o: Pick<Outcome, 'recorded' | 'duplicates'> & { readonly rejected: number }): string =>
  `已记录 recorded ${o.recorded} · 重复 duplicates ${o.duplicates} · 已拒绝 rejected ${o.rejected}`

/** Which encoding a file's text was read in: a file the import read as GB18030 says so, so a wrong guess would not pass unseen. */
const readAs = (encoding: Encoding | undefined): string => (encoding === undefined ? '' : ` · 按 ${encoding} 编码读取 read as ${encoding}`)

/** Said when the store stopped answering mid-import: what the summary counts stays recorded, the rest was not tried. */
const stoppedNote = '导入中止：汇总所列已记录的保留，其余行未尝试，修复后再次导入即可（已记录的算作重复） / the import stopped: what the summary counts as recorded stays, the lines after it were not tried; import again once the store answers (those recorded count as duplicates)'

/** The principal the inputs are signed as, if a key was given: --sign-key and --acts-for go together. */
const signingPrincipal = async (plan: Plan, options: ImportOptions): Promise<E.Either<Failure, Principal | undefined>> => {
  if (options.signKey === undefined && options.actsFor === undefined) return E.right(undefined)
  if (options.signKey === undefined || options.actsFor === undefined)
    return E.left(usageFailure('--sign-key 与 --acts-for 须同时给出 / --sign-key and --acts-for go together: the key signs as the units it acts for'))
  const units = unitsOf(plan, options.actsFor)
  return E.isLeft(units) ? units : principalFromKey(options.signKey, units.right)
}

interface RejectsFile {
  readonly path: string
  readonly output: Output
}

/**
 * Where rejected lines go: the one --rejects file, or one beside each
 * input (in the inputs' order); every one checked before anything is
 * recorded, so that a refused rejects file costs no import.
 */
const rejectsFiles = async (files: ReadonlyArray<{ readonly file: string; readonly format: Format }>, options: ImportOptions): Promise<E.Either<Failure, ReadonlyArray<RejectsFile>>> => {
  const option = options.rejects === undefined ? '--rejects (default)' : '--rejects'
  const paths = options.rejects === undefined ? files.map(({ file, format }) => `${file}.rejects.${format}`) : [options.rejects]
  // which are an earlier import's is asked once, now: a workbook is read to tell
  const earlier = new Set((await Promise.all(paths.map(async (path) => ((await isEarlierRejects(path)) ? [path] : [])))).flat())
  const keep = { db: options.db, inputs: files.map(({ file }) => ({ option: 'FILE', path: file })), replace: replaceWithForce(options.force), earlier: (path: string) => earlier.has(path) }
  return E.traverseArray((path: string) => E.map((output: Output) => ({ path, output }))(outputTo({ option, path }, keep)))(paths)
}

/**
 * `policy-ledger import FILE... --db FILE`. Every file is read and checked
 * first: a file that is missing, unreadable or not events (a wrong CSV
 * header) stops the import before anything is recorded. Then each file's
 * lines are recorded in batches; a bad line is rejected on its own, and the
 * summary and rejects file are written also when the store stops answering.
 */
export const importFiles = async (files: ReadonlyArray<string>, options: ImportOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  const read: Array<EventFile & { readonly file: string }> = []
  for (const file of files) {
    const events = await readEventFile(file, plan.right)
    if (E.isLeft(events)) return E.left(usageFailure(`${events.left}; 未导入任何内容 / nothing was imported`))
    read.push({ file, ...events.right })
  }
  const principal = await signingPrincipal(plan.right, options)
  if (E.isLeft(principal)) return principal
  const rejects = await rejectsFiles(read, options)
  if (E.isLeft(rejects)) return rejects
  const started = performance.now()
  return withStore(options.db, { access: 'write' }, async (store) => {
    const total = read.reduce((n, f) => n + f.lines.length, 0)
    // the files are in memory already: keeping every stream they touch decided costs less than reading one back
    const own = createLedger({ store, plan: plan.right, cacheSize: Math.max(total, 1) })
    const ledger = principal.right === undefined ? own : { ...own, ...own.as(principal.right) }
    const bar = progressBar('导入 importing', total)
    const outcomes: Array<Omit<EventFile, 'lines'> & { readonly file: string; readonly outcome: Outcome }> = []
    let stopped: Failure | undefined
    try {
      for (const { lines, ...file } of read) {
        const outcome = await recordLines(ledger, lines, { batchSize: BATCH_SIZE, onBatch: bar.advance })
        outcomes.push({ ...file, outcome })
        stopped = outcome.stopped
        if (stopped !== undefined) break
      }
    } finally {
      bar.stop()
    }
    const all = outcomes.flatMap((o) => o.outcome.rejections)
    // with --rejects, all the rejections in one file of JSON Lines; else each input's beside it, in its own format
    const batches =
      options.rejects === undefined
        ? await Promise.all(outcomes.map(async (o) => ({ count: o.outcome.rejections.length, content: await rejectsContent(o.format, o.header ?? [], o.outcome.rejections) })))
        : [{ count: all.length, content: rejectsJsonl(all) }]
    for (const [i, batch] of batches.entries()) {
      const written = batch.count === 0 ? E.right(undefined) : ((await rejects.right[i]?.output.emit(batch.content)) ?? E.right(undefined))
      if (E.isLeft(written)) {
        const why = wordingOf(written.left.message)
        return E.left({ status: exitStatus.rejected, message: `${why.zh}；已记录的行仍记录在台账中 / ${why.en}; the lines recorded stay recorded` })
      }
    }
    const rejectsPath = (i: number): string => rejects.right[options.rejects === undefined ? i : 0]?.path ?? ''
    for (const [i, { file, encoding, outcome }] of outcomes.entries()) {
      const rejected = outcome.rejections.length
      process.stdout.write(`${file}: ${counts({ ...outcome, rejected })}${readAs(encoding)}\n`)
      if (rejected === 0) continue
      process.stdout.write(`  被拒绝的行 rejected lines: ${rejectsPath(i)}\n`)
    }
    for (const r of all.slice(0, SHOWN)) process.stderr.write(`${r.file}:${r.line}: ${reasonZh(r)}\n`)
    if (all.length > SHOWN) process.stderr.write(`… 另有 ${all.length - SHOWN} 行被拒绝，均列在拒绝文件中 / and ${all.length - SHOWN} more rejected lines, listed in the rejects file\n`)
    const sums = {
      recorded: outcomes.reduce((n, o) => n + o.outcome.recorded, 0),
      duplicates: outcomes.reduce((n, o) => n + o.outcome.duplicates, 0),
      rejected: all.length,
    }
    process.stdout.write(`合计 total: ${counts(sums)} · 用时 ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    if (stopped !== undefined) return E.left({ ...stopped, message: `${stopped.message}; ${stoppedNote}` })
    if (sums.recorded > 0) process.stderr.write((await keepSnapshots(store)) ?? '')
    return E.right(all.length > 0 ? exitStatus.rejected : exitStatus.ok)
  })
}
