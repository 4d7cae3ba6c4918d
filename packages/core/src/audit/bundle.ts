import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { canonicalJson, type Json } from '../canonical.js'
import { HASH_ALGORITHM } from '../chain.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import type { EventStore } from '../store.js'
import { isoUtc } from '../time.js'
import type { KeyInput, SignedCheckpoint } from './checkpoint.js'
import { chainWalker, partitionCheckpoints, type Verification } from './verify.js'

/*
 * The audit bundle: what a third party needs to check the ledger offline,
 * with a verifier of its own (packages/verifier), trusting nothing of ours:
 *
 *   entries.ndjson      every entry, one JSON object a line, in log order
 *   checkpoints.ndjson  the signed checkpoints, one a line
 *   public-key.pem      the key they were signed with (better obtained apart)
 *   manifest.json       the format, the count and head, each file's SHA-256
 *
 * The format is the contract between the two implementations; the tests
 * hold them to the same verdict on random and tampered bundles.
 */

export const BUNDLE_FORMAT = 'policy-ledger-audit-bundle/1'
export const BUNDLE_FILES = ['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem'] as const
export const MANIFEST = 'manifest.json'

/** A bundle's files by name, as text. */
export type Bundle = Readonly<Record<string, string>>

export interface Manifest {
  readonly format: string
  readonly origin: string
  readonly createdAt: string
  readonly hashAlgorithm: string
  readonly entries: { readonly count: number; readonly head: string }
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>
}

/** The keys of an entry line, each required: the envelope the hash covers, and the hash. */
export const ENTRY_KEYS = [
  'causationId',
  'correlationId',
  'data',
  'id',
  'occurredAt',
  'position',
  'prevHash',
  'recordedAt',
  'recordedBy',
  'revision',
  'source',
  'stream',
  'type',
  'version',
  'hash',
] as const

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

const ndjson = (values: ReadonlyArray<Json>): string => values.map((v) => `${canonicalJson(v)}\n`).join('')

export interface ExportOptions {
  readonly origin: string
  readonly checkpoints: ReadonlyArray<SignedCheckpoint>
  /** PEM text of the public key that signed the checkpoints */
  readonly publicKey: string
  /** epoch ms; default now */
  readonly now?: number
}

/** Export the whole log, page by page, with its checkpoints, as a bundle. */
export const exportBundle =
  (store: EventStore, options: ExportOptions, pageSize = 10_000): TaskEither<StorageFailed, Bundle> =>
  async () => {
    const lines: string[] = []
    let head = { count: 0, head: '' }
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: pageSize })()
      if (E.isLeft(page)) return page
      for (const e of page.right) lines.push(`${canonicalJson(e as unknown as Json)}\n`)
      const last = page.right[page.right.length - 1]
      if (last !== undefined) head = { count: last.position, head: last.hash }
      if (last === undefined || page.right.length < pageSize) break
      after = last.position
    }
    const files: Record<string, string> = {
      'entries.ndjson': lines.join(''),
      'checkpoints.ndjson': ndjson(options.checkpoints as unknown as Json[]),
      'public-key.pem': options.publicKey,
    }
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      origin: options.origin,
      createdAt: isoUtc(options.now ?? Date.now()),
      hashAlgorithm: HASH_ALGORITHM,
      entries: head,
      files: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, { sha256: sha256(text), bytes: Buffer.byteLength(text, 'utf8') }])),
    }
    return E.right({ ...files, [MANIFEST]: `${JSON.stringify(manifest, null, 2)}\n` })
  }

/** The verdict on a bundle: the chain, the checkpoints, and the files against the manifest. */
export interface BundleReport {
  readonly ok: boolean
  /** where the public key came from: given by the auditor, or the bundle's own (which proves less) */
  readonly key: 'given' | 'bundle'
  readonly chain: Verification
  readonly checkpoints: { readonly valid: number; readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }> }
  readonly files: ReadonlyArray<{ readonly file: string; readonly problem: string }>
}

const lines = (text: string | undefined): string[] => (text ?? '').split('\n').filter((l) => l !== '')

const parse = (line: string): unknown => {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return undefined
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const TEXT_KEYS = ['id', 'type', 'stream', 'occurredAt', 'recordedAt', 'recordedBy', 'prevHash', 'hash'] as const
const WHOLE_KEYS = ['position', 'revision', 'version'] as const

/**
 * An entry line as an entry, or undefined if it is not one: every key
 * present with the type the envelope gives it, so that its canonical bytes
 * are defined the same way by any verifier.
 */
const entryOfLine = (line: string): Entry | undefined => {
  const u = parse(line)
  if (!isObject(u) || !ENTRY_KEYS.every((k) => k in u)) return undefined
  const typed =
    TEXT_KEYS.every((k) => typeof u[k] === 'string') &&
    WHOLE_KEYS.every((k) => Number.isSafeInteger(u[k])) &&
    (u['causationId'] === null || typeof u['causationId'] === 'string') &&
    (u['correlationId'] === null || typeof u['correlationId'] === 'string') &&
    isObject(u['source'])
  return typed ? (u as unknown as Entry) : undefined
}

/** A signed checkpoint from one line of a checkpoints file (NDJSON), or undefined if the line is not one. */
export const checkpointOfLine = (line: string): SignedCheckpoint | undefined => {
  const u = parse(line)
  const strings = ['origin', 'head', 'at', 'keyId', 'signature'] as const
  return isObject(u) && Number.isSafeInteger(u['size']) && strings.every((k) => typeof u[k] === 'string') ? (u as unknown as SignedCheckpoint) : undefined
}

const manifestProblems = (bundle: Bundle, chain: Verification): Array<{ file: string; problem: string }> => {
  const m = parse(bundle[MANIFEST] ?? '')
  if (!isObject(m) || m['format'] !== BUNDLE_FORMAT || !isObject(m['files']) || !isObject(m['entries']))
    return [{ file: MANIFEST, problem: `missing, or not a ${BUNDLE_FORMAT} manifest` }]
  const files = m['files']
  const out: Array<{ file: string; problem: string }> = []
  for (const name of BUNDLE_FILES) {
    const listed = files[name]
    const text = bundle[name]
    if (text === undefined) out.push({ file: name, problem: 'missing from the bundle' })
    else if (!isObject(listed) || listed['sha256'] !== sha256(text)) out.push({ file: name, problem: 'its SHA-256 differs from the manifest' })
  }
  const entries = m['entries']
  if (chain.ok && (entries['count'] !== chain.count || (chain.count > 0 && entries['head'] !== chain.headHash)))
    out.push({ file: MANIFEST, problem: `it states ${String(entries['count'])} entries and head ${String(entries['head'])}; the entries end at ${chain.count}` })
  return out
}

/**
 * Verify a bundle as a third party would: every entry re-hashed from its
 * fields, the chain walked, each checkpoint's signature checked with the key
 * given (else the bundle's own) and the valid ones held against the chain,
 * every file against the manifest.
 */
export const verifyBundle = (bundle: Bundle, options: { readonly publicKey?: KeyInput } = {}): BundleReport => {
  const key = options.publicKey ?? bundle['public-key.pem'] ?? ''
  const read = lines(bundle['checkpoints.ndjson']).map(checkpointOfLine)
  const unreadable = read.flatMap((c, index) => (c === undefined ? [{ index, reason: 'not a signed checkpoint' }] : []))
  const { trusted, invalid: unsigned } = partitionCheckpoints(
    read.filter((c): c is SignedCheckpoint => c !== undefined),
    key,
  )
  // indices of the readable ones, back to their lines
  const lineOf = read.flatMap((c, index) => (c === undefined ? [] : [index]))
  const invalid = [...unreadable, ...unsigned.map((u) => ({ index: lineOf[u.index] as number, reason: u.reason }))].sort((a, b) => a.index - b.index)
  const walker = chainWalker(trusted)
  let chain: Verification | undefined
  for (const line of lines(bundle['entries.ndjson'])) {
    const entry = entryOfLine(line)
    chain = entry === undefined ? walker.unreadable('a line of entries.ndjson is not an entry') : walker.check(entry)
    if (chain !== undefined) break
  }
  chain ??= walker.result()
  const files = manifestProblems(bundle, chain)
  return {
    ok: chain.ok && invalid.length === 0 && files.length === 0,
    key: options.publicKey === undefined ? 'bundle' : 'given',
    chain,
    checkpoints: { valid: trusted.length, invalid },
    files,
  }
}
