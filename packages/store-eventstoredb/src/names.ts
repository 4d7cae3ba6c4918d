import { createHash } from 'node:crypto'

/**
 * Where the ledger lives in EventStoreDB, all under one prefix so that
 * several ledgers (or test runs) can share a server:
 *
 * - `<prefix>log`: every entry, in position order (revision = position − 1);
 * - `<prefix>stream-<stream>`: links (`$>`) to one aggregate's entries, whose
 *   revision is what expected revisions are checked against;
 * - `<prefix>id-<id>`: one link to the entry holding that id, for lookups.
 */
export interface Names {
  readonly log: string
  readonly stream: (stream: string) => string
  readonly id: (id: string) => string
}

export const DEFAULT_PREFIX = 'policy-ledger-'

export const names = (prefix: string): Names => ({
  log: `${prefix}log`,
  stream: (stream) => `${prefix}stream-${stream}`,
  id: (id) => `${prefix}id-${id}`,
})

/**
 * A link's event id, derived from the entry it points to (a name-based UUID,
 * version 5 layout), so that writing the same link twice is one write.
 */
export const linkId = (kind: 'stream' | 'id', entryId: string): string => {
  const h = createHash('sha1').update(`policy-ledger/${kind}/${entryId}`).digest('hex')
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
