import { MAX_DEPTH, MAX_ITEMS, type JsonLimits } from '@policy-ledger/core'

/*
 * What one line of an import may hold, checked before it is parsed, so that
 * no line can exhaust the memory or the stack of the import: it is that
 * line's rejection, never the import's end. Depth and items are the
 * ledger's own (plainCopy's), so a line read here is never refused there
 * for its shape.
 */

/** Longest JSON line read, in bytes: far beyond any event (its longest text field is 500 characters). */
export const MAX_LINE_BYTES = 1_048_576

/** Longest CSV cell read, in characters: the most an Excel or WPS cell holds. */
export const MAX_CELL_CHARS = 32_767

/** A line of JSON as an event may be: nested at most as deep as the ledger takes, numbers exactly what they say. */
export const EVENT_JSON: JsonLimits = { maxDepth: MAX_DEPTH, maxItems: MAX_ITEMS, exactNumbers: true }
