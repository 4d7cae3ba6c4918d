/*
 * Stream names. A stream holds the facts of one aggregate, named by its
 * kind and the parts of its key: `vehicle-LSVAM4187C2184847`,
 * `capacity-JX-QY-00001/L2`, `certification-green-factory/JX-QY-00007`.
 * Two different keys never give the same name: kinds are chosen so that
 * none is another followed by `-` (a test holds them to it), the parts
 * are joined by `/`, and within a part `%`, `/` and `*` are escaped as
 * `%25`, `%2F`, `%2A`, so that `*` can stand for a part the key leaves out.
 * Reading a name back from the front is therefore unambiguous.
 */

/** A part of a stream's key; undefined where the key leaves it out (a statistic for the whole county). */
export type KeyPart = string | undefined

const ESCAPED = /[%/*]/g
const escapePart = (part: KeyPart): string =>
  part === undefined ? '*' : part.replace(ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

export const streamName = (kind: string, parts: ReadonlyArray<KeyPart>): string => `${kind}-${parts.map(escapePart).join('/')}`

/**
 * The name releases before stream names were made unambiguous gave the
 * same key: parts joined by `-`, a part left out written `all`. Entries
 * keep the stream they were sealed on; the ledger still finds an
 * aggregate's history under that name (`ledger.ts`).
 */
export const legacyStreamName = (kind: string, parts: ReadonlyArray<KeyPart>): string => `${kind}-${parts.map((p) => p ?? 'all').join('-')}`

/** How a type's data names its stream: the aggregate's kind, and the key's parts read from the data. */
export interface StreamOf<Data> {
  (data: Data): string
  readonly kind: string
  /** the name an earlier release gave the same key */
  readonly legacy: (data: Data) => string
}

export const keyedBy = <Data>(kind: string, key: (data: Data) => ReadonlyArray<KeyPart>): StreamOf<Data> =>
  Object.assign((data: Data) => streamName(kind, key(data)), { kind, legacy: (data: Data) => legacyStreamName(kind, key(data)) })
