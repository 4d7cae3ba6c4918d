import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { readJsonText, readText } from '../read.js'
import { usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { correctionInput, recordCorrection, type CorrectionOptions } from './void.js'

export interface CorrectOptions extends CorrectionOptions {
  /** the corrected event's whole data as JSON, or @FILE holding it */
  readonly data: string
}

const dataOf = async (data: string): Promise<E.Either<Failure, Readonly<Record<string, unknown>>>> => {
  const text = data.startsWith('@') ? await readText(data.slice(1), '--data') : E.right(data)
  if (E.isLeft(text)) return text
  const where = data.startsWith('@') ? data.slice(1) : '--data'
  return pipe(
    readJsonText(text.right, where),
    E.flatMap((u) =>
      typeof u === 'object' && u !== null && !Array.isArray(u)
        ? E.right(u as Record<string, unknown>)
        : E.left(usageFailure(`${where}: 应为 JSON 对象，即更正后的完整数据 / expected a JSON object, the corrected event's whole data`)),
    ),
  )
}

/** `policy-ledger correct`: the entry's data replaced by the corrected data, checked against its own event type. */
export const correctCommand = async (options: CorrectOptions): Promise<E.Either<Failure, ExitStatus>> => {
  const data = await dataOf(options.data)
  if (E.isLeft(data)) return data
  const shared = correctionInput(options)
  return recordCorrection(options, { type: 'EventCorrected', ...shared, data: { ...shared.data, data: data.right } })
}
