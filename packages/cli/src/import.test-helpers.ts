import { parse } from 'csv-parse/sync'
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

/** The rejected rows of a sheet as an import wrote them back: a CSV with a BOM, 行号 and 原因 before the sheet's own columns. */
export const csvRejectsOf = (file: string): { readonly header: ReadonlyArray<string>; readonly rows: ReadonlyArray<{ readonly line: number; readonly reason: string; readonly cells: ReadonlyArray<string> }> } => {
  const text = readFileSync(file, 'utf8')
  if (!text.startsWith('\uFEFF')) throw new Error(`${file} has no BOM`)
  const [head = [], ...rows] = parse(text.slice(1), { relax_column_count: true }) as string[][]
  if (head[0] !== '行号' || head[1] !== '原因') throw new Error(`${file} is not headed 行号, 原因: ${head.join(',')}`)
  return { header: head.slice(2), rows: rows.map(([line = '', reason = '', ...cells]) => ({ line: Number(line), reason, cells })) }
}
