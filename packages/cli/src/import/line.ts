import type { Either } from 'fp-ts/lib/Either.js'

/** One event read from an input file: where it stands, and the input or why it could not be read. */
export interface Line {
  readonly file: string
  /** 1-based line of the file (for CSV, the line a row starts on) */
  readonly line: number
  readonly input: Either<string, unknown>
  /** the line as written, kept where it could not be read, for the rejects file */
  readonly text?: string
}
