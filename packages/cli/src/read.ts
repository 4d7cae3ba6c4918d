import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { usageFailure, type Failure } from './failure.js'

/** A file's text, or a usage failure naming the option it was given to. */
export const readText = async (file: string, option: string): Promise<E.Either<Failure, string>> => {
  try {
    return E.right(await readFile(file, 'utf8'))
  } catch (e) {
    return E.left(usageFailure(`${option} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`))
  }
}
