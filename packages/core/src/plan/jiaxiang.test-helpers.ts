import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import type { Plan } from './define.js'
import { loadPlan } from './load.js'

/*
 * Jiaxiang's plan for core's own tests, read from the file its package
 * ships (packages/plan-jiaxiang-2024/src/plan.json): that package depends on
 * core, so core's tests read the file rather than import the package.
 */
const loaded = loadPlan(readFileSync(new URL('../../../plan-jiaxiang-2024/src/plan.json', import.meta.url), 'utf8'))
if (E.isLeft(loaded)) throw new Error(loaded.left.message)

export const jiaxiang2024: Plan = loaded.right
