import { loadPlan, type Plan } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { usageFailure, type Failure } from './failure.js'
import { readJsonText, readText } from './read.js'

/** What a command that reads indicators is given: the plan file they are read by (default Jiaxiang's). */
export interface PlanOptions {
  readonly plan?: string
}

/**
 * The plan a command reads indicators by: the file given to --plan, read
 * as strictly as an import line and checked in full, or 嘉政发〔2024〕5号.
 * A bad file is a usage failure that lists every problem at its JSON path;
 * commands load it before they open the ledger, so a bad plan opens none.
 */
export const planOf = async (options: PlanOptions): Promise<E.Either<Failure, Plan>> => {
  const file = options.plan
  if (file === undefined) return E.right(jiaxiang2024)
  return pipe(
    await readText(file, '--plan'),
    E.flatMap((text) => readJsonText(text, `--plan ${file}:`)),
    E.flatMap((json) => E.mapLeft((e: { readonly message: string }) => usageFailure(`--plan ${file}: ${e.message}`))(loadPlan(json))),
  )
}
