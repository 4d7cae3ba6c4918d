import { loadPlan, type Plan } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import file from './plan.json' with { type: 'json' }

/*
 * 嘉祥县推动大规模设备更新和消费品以旧换新工作方案 (嘉政发〔2024〕5号): its
 * sections, measures, units, towns, sectors and 39 indicators, each with
 * its plan words, targets and formula, as plan.json states them.
 * plan.test.ts holds the file to the plan's own text.
 */

/** The plan file's content, as JSON: what `--plan` would be given for Jiaxiang. */
export const jiaxiang2024File: unknown = file

const loaded = loadPlan(file)
// the file ships with the package and its tests load it: a problem here is a broken release, not bad input
if (E.isLeft(loaded)) throw new Error(loaded.left.message)

export const jiaxiang2024: Plan = loaded.right
