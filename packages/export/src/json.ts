import type { Report } from '@policy-ledger/core'

/*
 * The report as JSON, as `policy-ledger report --format json` prints it:
 * pretty, with every object's keys in code-unit order so that two runs over
 * the same ledger give the same bytes whatever order fields were built in.
 */

const byKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0)

/** JSON.stringify calls this on each object before its members: hand it the members sorted. */
const sortedKeys = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(byKey)) : value

export const toJson = (report: Report | ReadonlyArray<Report>): string => `${JSON.stringify(report, sortedKeys, 2)}\n`
