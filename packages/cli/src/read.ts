import { readStrictJson, type JsonFault, type JsonFaultKind } from '@policy-ledger/core'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { usageFailure, type Failure } from './failure.js'
import { EVENT_JSON } from './import/limits.js'

/** A file's text, or a usage failure naming the option it was given to. */
export const readText = async (file: string, option: string): Promise<E.Either<Failure, string>> => {
  try {
    return E.right(await readFile(file, 'utf8'))
  } catch (e) {
    return E.left(usageFailure(`${option} ${file}: 无法读取 / cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`))
  }
}

/** What kind of fault a JSON text has, said in Chinese first. */
const zhFault: Readonly<Record<JsonFaultKind, string>> = {
  syntax: '不是有效的 JSON',
  'duplicate-key': '同一对象中有重复的键',
  'too-deep': `嵌套超过 ${EVENT_JSON.maxDepth} 层`,
  'too-many-items': `列表或对象超过 ${EVENT_JSON.maxItems} 项`,
  'inexact-number': '有无法精确保存的数字',
}

/** Why a JSON text is refused, naming what it is in both languages (`第 3 行` / `line 3`), the column and the path. */
export const jsonFaultReason = (f: JsonFault, zh: string, en: string): string => {
  const where = f.path === '' ? `第 ${f.column} 列` : `第 ${f.column} 列，${f.path}`
  const at = f.path === '' ? `column ${f.column}` : `column ${f.column}, at ${f.path}`
  const what = f.kind === 'syntax' ? 'is not valid JSON' : 'is not taken'
  return `${zh}${zhFault[f.kind]}（${where}） / ${en} ${what} (${at}): ${f.reason}`
}

/**
 * A JSON text given to an option (`--data`, `--keyring`), read as strictly as an import line: no key
 * twice, no depth beyond the ledger's, no number that would be rounded; or a usage failure naming
 * where in it and why.
 */
export const readJsonText = (text: string, where: string): E.Either<Failure, unknown> =>
  pipe(
    readStrictJson(text.replace(/^\uFEFF/, ''), EVENT_JSON),
    E.mapLeft((f) => usageFailure(jsonFaultReason(f, `${where} `, where))),
  )
