/*
 * Apart from errors.ts, which carries whole entries (a DUPLICATE names the
 * one recorded before, and an entry holds its attestation): the codecs, the
 * plain copy and the attestation checks report issues without reaching
 * back to the entry's shape.
 */

/** One field that failed to decode: where it is and why, in words a developer can act on. */
export interface Issue {
  /** position of the input in a batch; absent for a single record */
  readonly index?: number
  /** dotted path from the input's root, e.g. `data.totalInvestment` */
  readonly path: string
  readonly reason: string
}
