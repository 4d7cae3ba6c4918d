import * as E from 'fp-ts/lib/Either.js'
import { randomBytes } from 'node:crypto'
import { lstatSync, readdirSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs'
import { link, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { usageFailure, type Failure } from './failure.js'

/*
 * The one way a command writes a file (docs/cli.md, "Output files"). An
 * output is refused, before any work and again when it is put in place, if
 * it is the ledger (or its -wal/-shm/-journal file), an input of the same
 * command, a symbolic link, or a file that exists (unless --force, and then
 * only a plain file). It is written to a temporary file beside it and
 * renamed into place only once whole, so that a failed or interrupted
 * command leaves the old file as it was and no temporary file behind.
 */

/** A path with the option that named it, so that a refusal names both. */
export interface Named {
  readonly option: string
  readonly path: string
}

export const named = (option: string, path: string | undefined): Named | undefined => (path === undefined ? undefined : { option, path })

/** Whether an output may replace a plain file already there: never (key files, bundles), only with --force, or yes (--force given; the checkpoints file it appends to). */
export type Replace = 'never' | 'with-force' | 'yes'

export const replaceWithForce = (force: boolean | undefined): Replace => (force === true ? 'yes' : 'with-force')

/** What a command's outputs must leave alone. */
export interface Keep {
  /** --db: the ledger, never written as an output */
  readonly db?: string
  /** the command's inputs, never written as an output */
  readonly inputs?: ReadonlyArray<Named>
  readonly replace: Replace
  /** a file this command wrote before (import's rejects), replaced as its own without --force */
  readonly earlier?: (path: string) => boolean
}

type Refusal =
  | { readonly kind: 'ledger' }
  | { readonly kind: 'input'; readonly input: Named }
  | { readonly kind: 'symlink' }
  | { readonly kind: 'not-a-file' }
  | { readonly kind: 'not-a-directory' }
  | { readonly kind: 'exists'; readonly replace: Replace }
  | { readonly kind: 'not-empty'; readonly replace: Replace }
  | { readonly kind: 'unwritable'; readonly why: string }

/** What --force would do, where the command offers it. */
const forceHint = (replace: Replace, zh: string, en: string): readonly [string, string] => (replace === 'with-force' ? [`（${zh}）`, ` (${en})`] : ['', ''])

const said = (r: Refusal): string => {
  switch (r.kind) {
    case 'ledger':
      return '这是台账本身（或其 -wal/-shm 文件），任何时候都不覆盖，加 --force 也不行 / it is the ledger itself (or its -wal/-shm file): never overwritten, not even with --force'
    case 'input':
      return `这是本命令的输入（${r.input.option} ${r.input.path}），任何时候都不覆盖，加 --force 也不行 / it is an input of this command: never overwritten, not even with --force`
    case 'symlink':
      return '这是符号链接，不经由它写入，也不替换它 / it is a symbolic link: nothing is written through it, nor in its place'
    case 'not-a-file':
      return '不是普通文件，不替换 / it is not a plain file: it is not replaced'
    case 'not-a-directory':
      return '已存在且不是目录 / it exists and is not a directory'
    case 'exists': {
      const [zh, en] = forceHint(r.replace, '确要覆盖请加 --force', 'give --force to replace it')
      return `文件已存在，未覆盖${zh} / the file exists and is left as it is${en}`
    }
    case 'not-empty': {
      const [zh, en] = forceHint(r.replace, '或加 --force 替换其中同名的文件', 'or give --force to replace the files of the same names')
      return `目录不为空，未写入；请选一个新的或空的目录${zh} / the directory is not empty, so nothing is written: choose a new or empty one${en}`
    }
    case 'unwritable':
      return `无法写入（${r.why}），原有的文件未动 / cannot be written (${r.why}); whatever was there is left as it was`
  }
}

const refused = (out: Named, r: Refusal): Failure => usageFailure(`${out.option} ${out.path}: ${said(r)}`)

const why = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))

const isUrl = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s)

const statOf = (path: string, through: (p: string) => Stats): Stats | undefined => {
  try {
    return through(path)
  } catch {
    return undefined
  }
}

/** The same place however it is written: the path through its links (through its folder's, for one not there yet); a URL as given. */
export const placeOf = (path: string): string => {
  if (isUrl(path)) return path
  for (const real of [() => realpathSync(path), () => join(realpathSync(dirname(path)), basename(path))]) {
    try {
      return real()
    } catch {
      // not there (yet): try its folder, then the path as written
    }
  }
  return resolve(path)
}

/** Two paths to one file: the same place, or the same file under another name (a hard link). */
export const sameFile = (a: string, b: string): boolean => {
  if (placeOf(a) === placeOf(b)) return true
  const [x, y] = [statOf(a, statSync), statOf(b, statSync)]
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino
}

/** SQLite keeps a ledger in its file and these beside it. */
const ledgerFiles = (db: string): ReadonlyArray<string> => (isUrl(db) ? [] : ['', '-wal', '-shm', '-journal'].map((suffix) => `${db}${suffix}`))

/** What stands at the output now, or why it must not be written. */
const check = (out: Named, keep: Keep, kind: 'file' | 'directory'): E.Either<Refusal, Stats | undefined> => {
  if (keep.db !== undefined && ledgerFiles(keep.db).some((f) => sameFile(out.path, f))) return E.left({ kind: 'ledger' })
  const input = keep.inputs?.find((i) => sameFile(out.path, i.path))
  if (input !== undefined) return E.left({ kind: 'input', input })
  const found = statOf(out.path, lstatSync)
  if (found === undefined) return E.right(undefined)
  if (found.isSymbolicLink()) return E.left({ kind: 'symlink' })
  if (kind === 'directory') return found.isDirectory() ? E.right(found) : E.left({ kind: 'not-a-directory' })
  if (!found.isFile()) return E.left({ kind: 'not-a-file' })
  return keep.replace === 'yes' || keep.earlier?.(out.path) === true ? E.right(found) : E.left({ kind: 'exists', replace: keep.replace })
}

/*
 * Temporary files and folders not yet put in place: removed if the command
 * is interrupted (SIGINT, SIGTERM, SIGHUP) or exits meanwhile. The signal is
 * then raised again, so the command ends as it would have.
 */
const pending = new Set<string>()
/** Remove a temporary path; one that could never be made (its folder is a file) has nothing to remove. */
const removeTemporary = (path: string): void => {
  try {
    rmSync(path, { recursive: true, force: true })
  } catch {
    // ENOTDIR and the like: nothing was made there
  }
}
const removePending = (): void => {
  pending.forEach(removeTemporary)
  pending.clear()
}
let watching = false
const watchInterrupts = (): void => {
  if (watching) return
  watching = true
  process.on('exit', removePending)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      removePending()
      process.kill(process.pid, signal)
    })
}

/** A new, hidden name beside the output, in its folder, so the rename that puts it in place never crosses file systems. */
const temporaryBeside = (path: string): string => join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)

/** Work on a temporary path, removed afterwards whatever happens (once put in place, there is nothing left to remove). */
const withTemporary = async <A>(path: string, use: (temp: string) => Promise<E.Either<Failure, A>>): Promise<E.Either<Failure, A>> => {
  watchInterrupts()
  const temp = temporaryBeside(path)
  pending.add(temp)
  try {
    return await use(temp)
  } finally {
    removeTemporary(temp)
    pending.delete(temp)
  }
}

/** Puts a chunk of the output after what came before. */
export type Put = (chunk: string | Uint8Array) => Promise<void>
/** Writes the whole output with `put`, or says why not (and then nothing is put in place). */
export type Produce = (put: Put) => Promise<E.Either<Failure, void>>

/**
 * Put the finished file in place, checked again: over a file it may
 * replace by a rename; else by a hard link, which fails rather than
 * replace a file that appeared meanwhile.
 */
const putInPlace = async (temp: string, out: Named, keep: Keep): Promise<E.Either<Failure, void>> => {
  const checked = check(out, keep, 'file')
  if (E.isLeft(checked)) return E.left(refused(out, checked.left))
  if (keep.replace === 'yes' || checked.right !== undefined) await rename(temp, out.path)
  else {
    try {
      await link(temp, out.path)
    } catch (e) {
      return E.left(refused(out, why(e) === 'EEXIST' ? { kind: 'exists', replace: keep.replace } : { kind: 'unwritable', why: why(e) }))
    }
    await unlink(temp)
  }
  return E.right(undefined)
}

const writeFileOutput = async (out: Named, keep: Keep, produce: Produce, mode: number | undefined): Promise<E.Either<Failure, void>> => {
  const checked = check(out, keep, 'file')
  if (E.isLeft(checked)) return E.left(refused(out, checked.left))
  // a file replaced keeps its permissions (a private file stays private)
  const permissions = mode ?? (checked.right === undefined ? 0o666 : checked.right.mode & 0o777)
  return withTemporary(out.path, async (temp) => {
    try {
      const file = await open(temp, 'wx', permissions)
      try {
        const produced = await produce((chunk) => file.writeFile(chunk))
        if (E.isLeft(produced)) return produced
        await file.sync()
      } finally {
        await file.close()
      }
      return await putInPlace(temp, out, keep)
    } catch (e) {
      return E.left(refused(out, { kind: 'unwritable', why: why(e) }))
    }
  })
}

const toStdout: Put = (chunk) =>
  new Promise<void>((resolve, reject) => {
    process.stdout.write(chunk, (err) => (err ? reject(err) : resolve()))
  })

/** Where a command's output goes: a file checked and written as above, or stdout. */
export interface Output {
  readonly write: (produce: Produce) => Promise<E.Either<Failure, void>>
  readonly emit: (content: string | Uint8Array) => Promise<E.Either<Failure, void>>
}

/**
 * The output a command writes to `out` (stdout without one), checked now,
 * before the command does any work, and again when it is put in place.
 * `mode`: the new file's permissions (a private key's 0600).
 */
export const outputTo = (out: Named | undefined, keep: Keep, mode?: number): E.Either<Failure, Output> => {
  const write = (produce: Produce): Promise<E.Either<Failure, void>> => (out === undefined ? produce(toStdout) : writeFileOutput(out, keep, produce, mode))
  const output: Output = {
    write,
    emit: (content) =>
      write(async (put) => {
        await put(content)
        return E.right(undefined)
      }),
  }
  if (out === undefined) return E.right(output)
  const checked = check(out, keep, 'file')
  return E.isLeft(checked) ? E.left(refused(out, checked.left)) : E.right(output)
}

/** The options of a command that writes --out. */
export interface OutOptions {
  /** the file to write; stdout without it */
  readonly out?: string
  /** replace a plain file at --out */
  readonly force?: boolean
}

/** The --out of a command that reads the ledger --db: replacing a plain file only with --force, never the ledger. */
export const outOf = (options: OutOptions & { readonly db: string }): E.Either<Failure, Output> =>
  outputTo(named('--out', options.out), { db: options.db, replace: replaceWithForce(options.force) })

/** A folder of files a command writes (an audit bundle, Open SDG's CSVs), by name. */
export type Files = ReadonlyMap<string, string | Uint8Array>

/** An unreadable folder counts as not empty: nothing is written into what cannot be looked at. */
const isEmptyDirectory = (path: string): boolean => {
  try {
    return readdirSync(path).length === 0
  } catch {
    return false
  }
}

/** A new or empty folder: the files written into a temporary folder beside it, renamed into place whole. */
const writeNewDirectory = (out: Named, files: Files): Promise<E.Either<Failure, void>> =>
  withTemporary(out.path, async (temp) => {
    try {
      await mkdir(temp)
      for (const [name, content] of files) await writeFile(join(temp, name), content, { flag: 'wx' })
      // rename replaces an empty folder; one that was filled meanwhile is not replaced
      await rename(temp, out.path)
      return E.right(undefined)
    } catch (e) {
      return E.left(refused(out, ['ENOTEMPTY', 'EEXIST'].includes(why(e)) ? { kind: 'not-empty', replace: 'never' } : { kind: 'unwritable', why: why(e) }))
    }
  })

/**
 * A folder of files, checked now. A new or empty folder is written whole
 * or not at all. Into one that holds files already, only with --force
 * (`replace: 'yes'`), and then file by file, each as an output of its own.
 */
export const directoryTo = (out: Named, keep: Keep): E.Either<Failure, (files: Files) => Promise<E.Either<Failure, void>>> => {
  const checked = check(out, keep, 'directory')
  if (E.isLeft(checked)) return E.left(refused(out, checked.left))
  if (checked.right !== undefined && !isEmptyDirectory(out.path) && keep.replace !== 'yes') return E.left(refused(out, { kind: 'not-empty', replace: keep.replace }))
  return E.right(async (files) => {
    try {
      await mkdir(dirname(resolve(out.path)), { recursive: true })
    } catch (e) {
      return E.left(refused(out, { kind: 'unwritable', why: why(e) }))
    }
    const there = check(out, keep, 'directory')
    if (E.isLeft(there)) return E.left(refused(out, there.left))
    if (there.right === undefined || isEmptyDirectory(out.path)) return writeNewDirectory(out, files)
    for (const [name, content] of files) {
      const file = outputTo({ option: out.option, path: join(out.path, name) }, keep)
      const written = E.isLeft(file) ? file : await file.right.emit(content)
      if (E.isLeft(written)) return written
    }
    return E.right(undefined)
  })
}
