import { existsSync, readFileSync } from 'node:fs'
import type { Run } from './cli.test-helpers.js'

/** One line of a rejects file. */
export interface Reject {
  readonly file: string
  readonly line: number
  readonly code: string
  readonly reason: string
}

/** The rejections an import wrote, none where it wrote no file. */
export const rejectsOf = (file: string): ReadonlyArray<Reject> =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Reject)
    : []

/** The counts of an import's last summary line, over all its files. */
export const totals = (r: Run): { recorded: number; duplicates: number; rejected: number } => {
  const m = /合计 total: 已记录 recorded (\d+) · 重复 duplicates (\d+) · 已拒绝 rejected (\d+)/.exec(r.stdout)
  if (m === null) throw new Error(`no summary in:\n${r.stdout}\n${r.stderr}`)
  return { recorded: Number(m[1]), duplicates: Number(m[2]), rejected: Number(m[3]) }
}

/** Bytes of a file of lines, each ended by LF; a U+FFFD in a line stands for a byte 0xFF, which is not UTF-8. */
export const linesWithBadBytes = (lines: ReadonlyArray<string>): Buffer =>
  Buffer.concat(lines.flatMap((l) => [...l.split('\uFFFD').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([0xff]), Buffer.from(part)])), Buffer.from('\n')]))
