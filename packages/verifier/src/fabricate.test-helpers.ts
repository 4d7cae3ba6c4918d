import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

/*
 * Bundles made by hand, as the format describes them, with neither the
 * library nor this verifier: entries hashed here over their canonical text
 * (written with its keys already in order), checkpoints signed here over
 * their note text, the manifest written here. A forger with the files but
 * not the key can do all of it but the signing.
 */

export const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'
const ZERO = `sha256:${'0'.repeat(64)}`

export type Files = Record<string, string>

export interface Signer {
  readonly privateKey: KeyObject
  /** PEM */
  readonly publicKey: string
}

export const signer = (): Signer => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

const hex = (...parts: ReadonlyArray<Buffer | string>): string => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}
const base64 = (hash: string): string => Buffer.from(hash.slice('sha256:'.length), 'hex').toString('base64')

/** The envelope of entry `p` without its hash, keys in code-unit order (so JSON.stringify writes it canonical). */
const unsealed = (p: number, prevHash: string, data: object): Record<string, unknown> => ({
  causationId: null,
  correlationId: null,
  data,
  id: `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`,
  occurredAt: '2025-06-01T10:00:00+08:00',
  position: p,
  prevHash,
  recordedAt: `2025-06-${String(1 + (p % 28)).padStart(2, '0')}T02:00:00.000Z`,
  recordedBy: 'commerce',
  revision: 1,
  source: { recordId: `r${p}`, system: 'fabricated' },
  stream: `vehicle-${p}`,
  type: 'UsedCarTraded',
  version: 1,
})

/** Seal entry lines from `from` (0-based) on over whatever they hold, as a forger would: the hashes are good, the content is theirs. */
export const rehash = (lines: ReadonlyArray<string>, from = 0): string[] => {
  let prev = from === 0 ? ZERO : ((JSON.parse(lines[from - 1] as string) as { hash: string }).hash)
  return lines.map((line, i) => {
    if (i < from) return line
    const { hash: _old, ...rest } = JSON.parse(line) as Record<string, unknown>
    const body = Object.fromEntries(Object.entries({ ...rest, prevHash: prev }).sort(([a], [b]) => (a < b ? -1 : 1)))
    prev = `sha256:${hex(Buffer.from([0x00]), JSON.stringify(body))}`
    return JSON.stringify({ ...body, hash: prev })
  })
}

export const entryLines = (n: number): string[] =>
  rehash(Array.from({ length: n }, (_, i) => JSON.stringify({ ...unsealed(i + 1, ZERO, { price: (i + 1) * 100, vin: `LSVAM4187C${String(i + 1).padStart(7, '0')}` }), hash: ZERO })))

const headAt = (lines: ReadonlyArray<string>, size: number): string => (size === 0 ? ZERO : (JSON.parse(lines[size - 1] as string) as { hash: string }).hash)
const keyIdOf = (key: KeyObject): string => hex(key.export({ type: 'spki', format: 'der' })).slice(0, 16)

/**
 * Checkpoints signed over `lines` at each size, in order: chained (each
 * names the one before, the first the zero hash) unless told otherwise.
 */
export const checkpointLines = (lines: ReadonlyArray<string>, sizes: ReadonlyArray<number>, by: Signer, chained = true): string[] => {
  let prev = ZERO
  const keyId = keyIdOf(createPublicKey(by.privateKey))
  return sizes.map((size, i) => {
    const head = headAt(lines, size)
    const at = `2025-07-${String(1 + i).padStart(2, '0')}T15:59:59.999Z`
    const link = chained ? `seq ${i + 1}\nprev ${base64(prev)}\n` : ''
    const note = Buffer.from(`\u0001${ORIGIN}\n${size}\n${base64(head)}\ntime ${at}\n${link}`, 'utf8')
    const signature = sign(null, note, by.privateKey).toString('base64')
    const line = JSON.stringify({ origin: ORIGIN, size, head, at, ...(chained ? { seq: i + 1, prev } : {}), keyId, signature })
    prev = `sha256:${hex(note)}`
    return line
  })
}

const ndjson = (lines: ReadonlyArray<string>): string => lines.map((l) => `${l}\n`).join('')

/** The manifest over the files as they are now: what anyone with the files can write. */
export const withManifest = (files: Files): Files => {
  const entries = (files['entries.ndjson'] ?? '').split('\n').filter((l) => l !== '')
  const last = entries.at(-1)
  const listed = Object.fromEntries(
    ['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem'].flatMap((name) => {
      const text = files[name]
      return text === undefined ? [] : [[name, { sha256: hex(text), bytes: Buffer.byteLength(text) }]]
    }),
  )
  const head = last === undefined ? { count: 0, head: '' } : { count: entries.length, head: (JSON.parse(last) as { hash: string }).hash }
  return { ...files, 'manifest.json': `${JSON.stringify({ format: 'policy-ledger-audit-bundle/1', origin: ORIGIN, createdAt: '2026-01-01T00:00:00.000Z', hashAlgorithm: 'sha256', entries: head, files: listed }, null, 2)}\n` }
}

/** A whole bundle: entry lines, the lines of checkpoints, the key put in it ('' for none). */
export const bundleOf = (entries: ReadonlyArray<string>, checkpoints: ReadonlyArray<string>, publicKey: string): Files =>
  withManifest({ 'entries.ndjson': ndjson(entries), 'checkpoints.ndjson': ndjson(checkpoints), 'public-key.pem': publicKey })
