import { createHash } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { canonicalJson, type Json } from '../canonical.js'
import { HASH_ALGORITHM } from '../chain.js'
import { said } from '../codecs.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import { readStrictJson } from '../json.js'
import type { EventStore } from '../store.js'
import { isoUtc } from '../time.js'
import { checkpointSeries, partitionCheckpoints, type KeyInput, type SeriesProblem, type SignedCheckpoint } from './checkpoint.js'
import { chainWalker, type Verification } from './walker.js'

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

/** What the checkpoints leave unproven at the end: the size the auditor's key must have signed. */
export type EndProblem =
  | { readonly problem: 'no-checkpoint-at-end'; readonly size: number; readonly detail: string }
  | { readonly problem: 'entries-short'; readonly size: number; readonly count: number; readonly detail: string }

export type CompletenessProblem = EndProblem | SeriesProblem

/** Whether the checkpoints prove the bundle whole: one signed at the end, and the signer's series complete up to it. */
export interface Completeness {
  /** the size a checkpoint signed with the key given must stand at: `size` if given, else the last entry's; absent without a key given, or when the chain breaks first */
  readonly size?: number
  /** valid checkpoints that name no predecessor (signed before checkpoints were linked): whether any was left out cannot be proven */
  readonly unchained: number
  /** the end's first, then the series' by number */
  readonly problems: ReadonlyArray<CompletenessProblem>
}

/** The verdict on a bundle: the chain, the checkpoints, the files against the manifest, and what the checkpoints leave unproven. */
export interface BundleReport {
  readonly ok: boolean
  /**
   * the key the checkpoints were checked with: given by the auditor; the
   * bundle's own (which shows only that the bundle agrees with itself); or
   * none at all (no key given, public-key.pem missing or empty)
   */
  readonly key: 'given' | 'bundle' | 'none'
  readonly chain: Verification
  /** `index`: the line of checkpoints.ndjson, from 0; `unchecked`: readable checkpoints left unchecked for want of a key */
  readonly checkpoints: {
    readonly valid: number
    readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }>
    readonly unchecked: number
  }
  readonly files: ReadonlyArray<{ readonly file: string; readonly problem: string }>
  readonly completeness: Completeness
}

/** The lines of a file that are not empty, with their index (from 0) among all its lines. */
const lines = (text: string | undefined): Array<{ readonly index: number; readonly text: string }> =>
  (text ?? '').split('\n').flatMap((line, index) => (line === '' ? [] : [{ index, text: line }]))

/** How deep a line of a bundle may nest (the entry itself is the first level): every reader of it then stays within its stack. */
export const BUNDLE_MAX_DEPTH = 64

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** A line (or the manifest) of a bundle as JSON, held to what both verifiers read alike: no deeper than BUNDLE_MAX_DEPTH, no key twice in an object. */
const strictJson = (text: string): E.Either<string, unknown> =>
  pipe(
    readStrictJson(text, { maxDepth: BUNDLE_MAX_DEPTH, maxItems: Number.POSITIVE_INFINITY, exactNumbers: false }),
    E.mapLeft((f) => `is not strict JSON at column ${f.column}${f.path === '' ? '' : ` (${f.path})`}: ${f.reason}`),
  )

const TEXT_KEYS = ['id', 'type', 'stream', 'occurredAt', 'recordedAt', 'recordedBy', 'prevHash', 'hash'] as const
const WHOLE_KEYS = ['position', 'revision', 'version'] as const

/** Why an object has not exactly the keys expected (those of `optional` all or none), or undefined. */
const keysProblem = (u: Record<string, unknown>, required: ReadonlyArray<string>, optional: ReadonlyArray<string> = []): string | undefined => {
  const lacking = required.filter((k) => !(k in u))
  if (lacking.length > 0) return `lacks ${lacking.join(', ')}`
  const beyond = Object.keys(u).filter((k) => !required.includes(k) && !optional.includes(k))
  if (beyond.length > 0) return `has keys beyond the ${required.length} expected: ${beyond.join(', ')}`
  const some = optional.filter((k) => k in u)
  return some.length === 0 || some.length === optional.length ? undefined : `has ${some.join(', ')} without ${optional.filter((k) => !(k in u)).join(', ')}`
}

/**
 * An entry line as an entry, or why it is not one: exactly the envelope's
 * keys and the hash, each with the type the envelope gives it, so that its
 * canonical bytes are defined the same way by any verifier.
 */
const entryOfLine = (text: string): E.Either<string, Entry> =>
  pipe(
    strictJson(text),
    E.chain((u) => {
      if (!isObject(u)) return E.left('is not a JSON object')
      const keys = keysProblem(u, ENTRY_KEYS)
      if (keys !== undefined) return E.left(keys)
      const typed =
        TEXT_KEYS.every((k) => typeof u[k] === 'string') &&
        WHOLE_KEYS.every((k) => Number.isSafeInteger(u[k])) &&
        (u['causationId'] === null || typeof u['causationId'] === 'string') &&
        (u['correlationId'] === null || typeof u['correlationId'] === 'string') &&
        isObject(u['source'])
      return typed ? E.right(u as unknown as Entry) : E.left('has a field of a type the envelope does not give it')
    }),
  )

const CHECKPOINT_KEYS = ['origin', 'size', 'head', 'at', 'keyId', 'signature'] as const
const LINK_KEYS = ['seq', 'prev'] as const

/** A signed checkpoint from one line of a checkpoints file (NDJSON), or why the line is not one. */
export const readCheckpointLine = (text: string): E.Either<string, SignedCheckpoint> =>
  pipe(
    strictJson(text),
    E.chain((u) => {
      if (!isObject(u)) return E.left('is not a JSON object')
      const keys = keysProblem(u, CHECKPOINT_KEYS, LINK_KEYS)
      if (keys !== undefined) return E.left(keys)
      const typed =
        Number.isSafeInteger(u['size']) &&
        ['origin', 'head', 'at', 'keyId', 'signature'].every((k) => typeof u[k] === 'string') &&
        (u['seq'] === undefined || (Number.isSafeInteger(u['seq']) && (u['seq'] as number) >= 1 && typeof u['prev'] === 'string'))
      return typed ? E.right(u as unknown as SignedCheckpoint) : E.left('has a field of the wrong type (size and seq whole numbers, seq from 1, the others text)')
    }),
  )

/** A signed checkpoint from one line of a checkpoints file (NDJSON), or undefined if the line is not one. */
export const checkpointOfLine = (line: string): SignedCheckpoint | undefined => {
  const c = readCheckpointLine(line)
  return E.isRight(c) ? c.right : undefined
}

type FileProblem = { readonly file: string; readonly problem: string }

const MISSING = said({ zh: '审计包中缺少此文件', en: 'missing from the bundle' })

/** Each file missing, then the manifest and the files against it, then a bundle without entries. */
const fileProblems = (bundle: Bundle, chain: Verification): FileProblem[] => {
  const out: FileProblem[] = BUNDLE_FILES.filter((name) => bundle[name] === undefined).map((file) => ({ file, problem: MISSING }))
  const text = bundle[MANIFEST]
  const m = text === undefined ? undefined : strictJson(text)
  if (m === undefined) out.push({ file: MANIFEST, problem: MISSING })
  else if (E.isLeft(m) || !isObject(m.right) || m.right['format'] !== BUNDLE_FORMAT || !isObject(m.right['files']) || !isObject(m.right['entries']))
    out.push({ file: MANIFEST, problem: said({ zh: `不是 ${BUNDLE_FORMAT} 清单`, en: `not a ${BUNDLE_FORMAT} manifest` }) })
  else {
    const { files, entries } = m.right as { files: Record<string, unknown>; entries: Record<string, unknown> }
    for (const name of BUNDLE_FILES) {
      const listed = files[name]
      const content = bundle[name]
      if (content !== undefined && (!isObject(listed) || listed['sha256'] !== sha256(content))) out.push({ file: name, problem: said({ zh: 'SHA-256 与清单所记不符', en: 'its SHA-256 differs from the manifest' }) })
    }
    if (chain.ok && (entries['count'] !== chain.count || (chain.count > 0 && entries['head'] !== chain.headHash)))
      out.push({
        file: MANIFEST,
        problem: said({
          zh: `清单称有 ${String(entries['count'])} 条、链头为 ${String(entries['head'])}，条目却止于第 ${chain.count} 条`,
          en: `it states ${String(entries['count'])} entries and head ${String(entries['head'])}; the entries end at ${chain.count}`,
        }),
      })
  }
  if (bundle['entries.ndjson'] !== undefined && lines(bundle['entries.ndjson']).length === 0)
    out.push({ file: 'entries.ndjson', problem: said({ zh: '不含任何条目：空的审计包什么也证明不了', en: 'holds no entries: a bundle of nothing proves nothing' }) })
  return out
}

/**
 * With the auditor's key: a checkpoint it signed must stand at the size
 * expected (`size`, else the last entry), and the bundle must reach it;
 * with any key, the checkpoints must be the signer's whole series.
 */
const completenessOf = (trusted: ReadonlyArray<SignedCheckpoint>, chain: Verification, given: boolean, size: number | undefined): Completeness => {
  const series = checkpointSeries(trusted)
  const target = given ? (size ?? (chain.ok ? chain.count : undefined)) : undefined
  const end: EndProblem[] = []
  if (target !== undefined && !trusted.some((c) => c.size === target))
    end.push({
      problem: 'no-checkpoint-at-end',
      size: target,
      detail: said({
        zh: `第 ${target} 条（${size === undefined ? '审计包的最后一条' : '预期的条数'}）处没有所给公钥签署的检查点`,
        en: `no checkpoint signed by the key given stands at entry ${target} (${size === undefined ? "the bundle's last" : 'the size expected'})`,
      }),
    })
  if (given && size !== undefined && chain.ok && chain.count < size)
    end.push({ problem: 'entries-short', size, count: chain.count, detail: said({ zh: `审计包只有 ${chain.count} 条，少于预期的 ${size} 条`, en: `the bundle holds ${chain.count} entries; ${size} were expected` }) })
  return { ...(target === undefined ? {} : { size: target }), unchained: series.unchained, problems: [...end, ...series.problems] }
}

export interface BundleVerifyOptions {
  /** the key the auditor trusts, obtained apart from the bundle; without it the bundle's own */
  readonly publicKey?: KeyInput
  /** the size the auditor expects signed (e.g. the latest checkpoint published); only with `publicKey` */
  readonly size?: number
}

/**
 * Verify a bundle as a third party would: every line read strictly, every
 * entry re-hashed from its fields, the chain walked, each checkpoint's
 * signature checked with the key given (else the bundle's own, if it has
 * one) and the valid ones held against the chain, every file against the
 * manifest, and with the key given, a checkpoint at the end and the series
 * complete up to it.
 */
export const verifyBundle = (bundle: Bundle, options: BundleVerifyOptions = {}): BundleReport => {
  const own = bundle['public-key.pem']
  const key = options.publicKey ?? (own !== undefined && own.trim() !== '' ? own : undefined)
  const read = lines(bundle['checkpoints.ndjson']).map(({ index, text }) => ({ index, checkpoint: readCheckpointLine(text) }))
  const readable = read.flatMap(({ index, checkpoint }) => (E.isRight(checkpoint) ? [{ index, checkpoint: checkpoint.right }] : []))
  const { trusted, invalid: unsigned } =
    key === undefined
      ? { trusted: undefined, invalid: [] }
      : partitionCheckpoints(
          readable.map((r) => r.checkpoint),
          key,
        )
  const invalid = [
    ...read.flatMap(({ index, checkpoint }) => (E.isLeft(checkpoint) ? [{ index, reason: said({ zh: '该行不是签名检查点', en: `not a signed checkpoint: the line ${checkpoint.left}` }) }] : [])),
    ...unsigned.map((u) => ({ index: (readable[u.index] as { index: number }).index, reason: u.reason })),
  ].sort((a, b) => a.index - b.index)
  const walker = chainWalker(trusted)
  let chain: Verification | undefined
  for (const { index, text } of lines(bundle['entries.ndjson'])) {
    const entry = entryOfLine(text)
    chain = E.isLeft(entry) ? walker.unreadable({ zh: `entries.ndjson 第 ${index + 1} 行不是条目`, en: `line ${index + 1} of entries.ndjson ${entry.left}` }) : walker.check(entry.right)
    if (chain !== undefined) break
  }
  chain ??= walker.result()
  const files = fileProblems(bundle, chain)
  const completeness = completenessOf(trusted ?? [], chain, options.publicKey !== undefined, options.size)
  return {
    ok: chain.ok && invalid.length === 0 && files.length === 0 && completeness.problems.length === 0,
    key: options.publicKey !== undefined ? 'given' : key !== undefined ? 'bundle' : 'none',
    chain,
    checkpoints: { valid: trusted?.length ?? 0, invalid, unchecked: key === undefined ? readable.length : 0 },
    files,
    completeness,
  }
}
