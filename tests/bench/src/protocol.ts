import type { Target } from './targets.js'
import type { Workload } from './workload.js'

/** What the parent asks of a measuring process (`child.ts`), and how the answer comes back. */
export type Task =
  | { readonly measure: 'ours-load'; readonly target: Target; readonly workload: Workload; readonly queries: number; readonly rebuild: boolean }
  | { readonly measure: 'ours-replay' | 'ours-read' | 'ours-verify' | 'ours-verify-chain' | 'ours-rebuild'; readonly target: Target }
  | { readonly measure: 'ours-asof'; readonly target: Target; readonly queries: number; readonly from: number; readonly to: number }
  | { readonly measure: 'emmett-load'; readonly target: Target; readonly workload: Workload }
  | { readonly measure: 'emmett-read'; readonly target: Target }

export const RESULT_MARK = '@@result '
export const TASK_VARIABLE = 'POLICY_LEDGER_BENCH_TASK'
