import type { SignatureAlgorithm } from '@policy-ledger/core'

/* The formats the commands write, apart from the commands so that parsing options loads none of them. */

export const reportFormats = ['table', 'json', 'csv', 'xlsx', 'html'] as const
export type ReportFormat = (typeof reportFormats)[number]

export const exportFormats = ['ndjson', 'csv', 'xlsx', 'sdmx-csv', 'open-sdg'] as const
export type ExportFormat = (typeof exportFormats)[number]
/** the formats that carry the indicators by year, rather than the log */
export type IndicatorFormat = Exclude<ExportFormat, 'ndjson'>

/** The formats of the auditor's tables (diff, lineage): for a terminal, for a program, for a spreadsheet. */
export const auditFormats = ['table', 'json', 'csv'] as const
export type AuditFormat = (typeof auditFormats)[number]

/** The formats of the auditor's views of one entry or one thing (show, history): for a terminal, for a program. */
export const viewFormats = ['table', 'json'] as const
export type ViewFormat = (typeof viewFormats)[number]

/** A list of every member of a union, and only those: the compiler refuses one that misses a member. */
const everyOf =
  <A>() =>
  <L extends ReadonlyArray<A>>(list: L & ([A] extends [L[number]] ? unknown : never)): L =>
    list

/** The algorithms `keygen --alg` offers: core's, named here so that parsing options does not load core. */
export const keyAlgorithms = everyOf<SignatureAlgorithm>()(['ed25519', 'sm2'] as const)
