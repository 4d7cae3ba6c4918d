import type { Either } from 'fp-ts/lib/Either.js'

/** One event read from an input file: where it stands, and the input or why it could not be read. */
export interface Line {
  readonly file: string
  /** 1-based line of the file (for CSV, the line a row starts on) */
  readonly line: number
  readonly input: Either<string, unknown>
  /** the line as written, kept where it could not be read, for the rejects file (bytes that are not UTF-8 shown as U+FFFD) */
  readonly text?: string
  /** a sheet's row, its cells as written, for a rejects file in the sheet's own format */
  readonly cells?: ReadonlyArray<string>
}

/** Why a file cannot be read as events at all, and the line where that shows. */
export interface LineFault {
  readonly line: number
  readonly reason: string
}

/** A fault as a person reads it: `file:line: reason`. */
export const faultIn = (file: string, fault: LineFault): string => `${file}:${fault.line}: ${fault.reason}`
