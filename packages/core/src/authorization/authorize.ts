import type * as E from 'fp-ts/lib/Either.js'
import type { EventType } from '../events/index.js'
import type { CorrectionType } from '../events/corrections.js'

/*
 * The question the ledger asks before recording, apart from both the ledger
 * (which asks it) and the plan's policy (policy.ts, which answers it).
 */

/**
 * What is asked of the policy: may this unit record this fact? A correction
 * is asked about twice, with `type` and `data` of the fact as it would stand
 * (the corrected data) and as it stands now (after earlier corrections); a
 * void once, as the fact stands now; `correction` says which kind it is.
 */
export interface AuthorizeRequest {
  readonly type: EventType
  readonly recordedBy: string
  readonly data: unknown
  readonly correction?: CorrectionType
}

/** Who may record what: Right to allow, or Left with the reason to refuse, in words the clerk reads (Chinese, then English). */
export type Authorize = (request: AuthorizeRequest) => E.Either<string, void>
