import { createHash } from 'node:crypto'
import { canonical, type Json } from './canonical.js'
import { checkpointOf, publicKeyOf, seriesOf, signatureProblem, type Checkpoint, type SeriesProblem } from './checkpoints.js'
import { readJson } from './json.js'

/*
 * An independent check of a policy-ledger audit bundle (format
 * policy-ledger-audit-bundle/1), using nothing but Node's own crypto:
 *
 *  1. every line read strictly (UTF-8, JSON, no key twice, at most
 *     MAX_DEPTH levels deep): a line that is not so is a finding, never a
 *     crash;
 *  2. each checkpoint in checkpoints.ndjson: Ed25519 (see checkpoints.ts)
 *     with the key given, else the bundle's own public-key.pem, else none
 *     (then unchecked);
 *  3. each line of entries.ndjson: exactly the envelope's keys and the
 *     hash; SHA-256 over 0x00 ‖ the canonical JSON of the entry without its
 *     hash must be its hash; positions run 1, 2, 3 …; each links to the hash
 *     before it; at a checkpoint's size the head is the one signed, and no
 *     checkpoint lies beyond the end;
 *  4. every file against the SHA-256 the manifest gives it; some entries;
 *  5. with the key given: a checkpoint it signed at the size expected (the
 *     last entry, or `size`); with any key, the checkpoints the signer's
 *     whole series, none left out.
 */

export type Problem = 'content-changed' | 'link-broken' | 'position-missing' | 'entries-reordered' | 'log-truncated'

export type Chain =
  | { readonly ok: true; readonly count: number; readonly headHash: string; readonly checkpoints: number }
  | { readonly ok: false; readonly position: number; readonly problem: Problem; readonly detail: string }

export type EndProblem =
  | { readonly problem: 'no-checkpoint-at-end'; readonly size: number; readonly detail: string }
  | { readonly problem: 'entries-short'; readonly size: number; readonly count: number; readonly detail: string }

export type { SeriesProblem } from './checkpoints.js'

export interface Report {
  readonly ok: boolean
  /** given: --key; bundle: its own public-key.pem (which proves less); none: neither (no signature checked) */
  readonly key: 'given' | 'bundle' | 'none'
  readonly chain: Chain
  /** `index`: the line of checkpoints.ndjson, from 0 */
  readonly checkpoints: {
    readonly valid: number
    readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }>
    readonly unchecked: number
  }
  readonly files: ReadonlyArray<{ readonly file: string; readonly problem: string }>
  readonly completeness: {
    /** the size the key given must have signed: `size`, else the last entry's (absent without --key, or when the chain breaks first) */
    readonly size?: number
    /** signed checkpoints naming no predecessor: whether any was left out cannot be proven */
    readonly unchained: number
    readonly problems: ReadonlyArray<EndProblem | SeriesProblem>
  }
}

/** A bundle's files by name: bytes as read from disk, or text. */
export type Files = Readonly<Record<string, string | Uint8Array>>

const FORMAT = 'policy-ledger-audit-bundle/1'
const FILES = ['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem'] as const
const MANIFEST = 'manifest.json'
const GENESIS = `sha256:${'0'.repeat(64)}`
const ENVELOPE = ['causationId', 'correlationId', 'data', 'id', 'occurredAt', 'position', 'prevHash', 'recordedAt', 'recordedBy', 'revision', 'source', 'stream', 'type', 'version'] as const
const TEXTS = ['id', 'type', 'stream', 'occurredAt', 'recordedAt', 'recordedBy', 'prevHash', 'hash'] as const
const WHOLES = ['position', 'revision', 'version'] as const

type Obj = { [key: string]: Json }

interface Line {
  readonly position: number
  readonly prevHash: string
  readonly hash: string
  readonly envelope: Obj
}

/** A line of a file with its index (from 0) among all the file's lines: its text, or why it has none. */
type Read = { readonly index: number; readonly text: string } | { readonly index: number; readonly problem: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

const textOf = (bytes: Uint8Array): string | undefined => {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** The lines that are not empty; bytes split at each 0x0A and each line decoded alone, so that bad UTF-8 is named by its line. */
const linesOf = (content: string | Uint8Array | undefined): Read[] => {
  if (content === undefined) return []
  if (typeof content === 'string') return content.split('\n').flatMap((text, index) => (text === '' ? [] : [{ index, text }]))
  const out: Read[] = []
  for (let start = 0, index = 0; start < content.length; index++) {
    const newline = content.indexOf(0x0a, start)
    const end = newline === -1 ? content.length : newline
    if (end > start) {
      const text = textOf(content.subarray(start, end))
      out.push(text === undefined ? { index, problem: 'is not UTF-8' } : { index, text })
    }
    start = end + 1
  }
  return out
}

const sha256 = (...parts: ReadonlyArray<Uint8Array | string>): string => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

const isObj = (u: Json): u is Obj => typeof u === 'object' && u !== null && !Array.isArray(u)

/** A line's JSON value, or why it has none, as "the line …". */
const jsonOf = (line: Read): Json | string => {
  if ('problem' in line) return line.problem
  const r = readJson(line.text)
  return r.ok ? r.value : `is not strict JSON at column ${r.column}: ${r.reason}`
}

const entryOf = (u: Json): Line | string => {
  if (!isObj(u)) return 'is not a JSON object'
  const keys = Object.keys(u)
  const lacking = [...ENVELOPE, 'hash'].filter((k) => !keys.includes(k))
  if (lacking.length > 0) return `lacks ${lacking.join(', ')}`
  const beyond = keys.filter((k) => k !== 'hash' && !(ENVELOPE as ReadonlyArray<string>).includes(k))
  if (beyond.length > 0) return `has keys beyond the envelope's: ${beyond.join(', ')}`
  if (!TEXTS.every((k) => typeof u[k] === 'string') || !WHOLES.every((k) => Number.isSafeInteger(u[k]))) return 'has a field of the wrong type'
  if (![u['causationId'], u['correlationId']].every((v) => v === null || typeof v === 'string') || !isObj(u['source'] as Json)) return 'has a field of the wrong type'
  const envelope: Obj = {}
  for (const k of ENVELOPE) envelope[k] = u[k] as Json
  return { position: u['position'] as number, prevHash: u['prevHash'] as string, hash: u['hash'] as string, envelope }
}

const fail = (position: number, problem: Problem, detail: string): Chain => ({ ok: false, position, problem, detail })

/** Walk the entries in order; `signed` are checkpoints whose signatures hold, by size. */
const walk = (lines: ReadonlyArray<Read>, signed: ReadonlyArray<Checkpoint>): Chain => {
  let expected = 1
  let prev = GENESIS
  let gap: number | undefined
  let next = 0
  const missing = (): Chain => fail(expected, 'position-missing', `缺少位置 ${expected}，下一个条目在位置 ${gap} / position ${expected} is missing; the next entry is at ${gap}`)
  const atSize = (size: number, head: string): Chain | undefined => {
    for (; next < signed.length && (signed[next] as Checkpoint).size <= size; next++) {
      const c = signed[next] as Checkpoint
      if (c.size === size && c.head !== head) return fail(size, 'content-changed', `位置 ${size} 处的链头不是检查点（${c.at}）所签署的 / the head at ${size} is not the one the checkpoint of ${c.at} signed`)
    }
    return undefined
  }
  for (const read of lines) {
    const u = jsonOf(read)
    const line = typeof u === 'string' ? u : entryOf(u)
    if (gap !== undefined) return typeof line !== 'string' && line.position === expected ? fail(expected, 'entries-reordered', `位置 ${expected} 出现在位置 ${gap} 之后 / position ${expected} comes after ${gap}`) : missing()
    if (typeof line === 'string') return fail(expected, 'content-changed', `位置 ${expected}：entries.ndjson 第 ${read.index + 1} 行不是条目 / at ${expected}: line ${read.index + 1} of entries.ndjson ${line}`)
    if (line.position < expected) return fail(expected, 'entries-reordered', `位置 ${line.position} 出现在位置 ${expected - 1} 之后 / position ${line.position} found after ${expected - 1}`)
    if (line.position > expected) {
      gap = line.position
      continue
    }
    const body = canonical(line.envelope)
    if (`sha256:${sha256(Buffer.from([0x00]), Buffer.from(body, 'utf8'))}` !== line.hash) return fail(expected, 'content-changed', `位置 ${expected} 的条目与其哈希不符 / the entry at ${expected} does not hash to its hash`)
    if (line.prevHash !== prev) return fail(expected, 'link-broken', `位置 ${expected} 的条目未链接到前一条目 / the entry at ${expected} does not link to the one before`)
    prev = line.hash
    const bad = atSize(expected, prev)
    if (bad !== undefined) return bad
    expected++
  }
  if (gap !== undefined) return missing()
  const count = expected - 1
  const bad = atSize(count, prev)
  if (bad !== undefined) return bad
  const beyond = signed[next]
  if (beyond !== undefined) return fail(count + 1, 'log-truncated', `检查点（${beyond.at}）签署时有 ${beyond.size} 个条目，现在止于位置 ${count} / the checkpoint of ${beyond.at} was signed over ${beyond.size} entries; the entries end at ${count}`)
  return { ok: true, count, headHash: prev, checkpoints: signed.length }
}

/** Each file missing, then the manifest and each file against it, then a bundle without entries. */
/** Said in Chinese, then English, as the ledger's own verifier says it (this verifier shares no code with it). */
const MISSING = '审计包中缺少此文件 / missing from the bundle'

const fileProblems = (files: Files, chain: Chain): Array<{ file: string; problem: string }> => {
  const out: Array<{ file: string; problem: string }> = FILES.filter((name) => files[name] === undefined).map((file) => ({ file, problem: MISSING }))
  const content = files[MANIFEST]
  const text = typeof content === 'string' || content === undefined ? content : textOf(content)
  const m = text === undefined ? undefined : readJson(text)
  if (content === undefined) out.push({ file: MANIFEST, problem: MISSING })
  else if (m === undefined || !m.ok || !isObj(m.value) || m.value['format'] !== FORMAT || !isObj(m.value['files'] as Json) || !isObj(m.value['entries'] as Json))
    out.push({ file: MANIFEST, problem: `不是 ${FORMAT} 清单 / not a ${FORMAT} manifest${m !== undefined && !m.ok ? ` (column ${m.column}: ${m.reason})` : ''}` })
  else {
    const listed = m.value['files'] as Obj
    const stated = m.value['entries'] as Obj
    for (const name of FILES) {
      const file = files[name]
      const entry = listed[name]
      if (file !== undefined && (entry === undefined || !isObj(entry) || entry['sha256'] !== sha256(file))) out.push({ file: name, problem: 'SHA-256 与清单所记不符 / its SHA-256 differs from the manifest' })
    }
    if (chain.ok && (stated['count'] !== chain.count || (chain.count > 0 && stated['head'] !== chain.headHash)))
      out.push({ file: MANIFEST, problem: `清单称有 ${String(stated['count'])} 条，条目却止于第 ${chain.count} 条 / it states ${String(stated['count'])} entries; the entries end at ${chain.count}` })
  }
  if (files['entries.ndjson'] !== undefined && linesOf(files['entries.ndjson']).length === 0) out.push({ file: 'entries.ndjson', problem: '不含任何条目 / holds no entries' })
  return out
}

/** The key the checkpoints are checked with: the auditor's, else the bundle's own if it holds one. */
const keyOf = (files: Files, publicKey: string | undefined): { readonly pem: string; readonly source: 'given' | 'bundle' } | undefined => {
  if (publicKey !== undefined) return { pem: publicKey, source: 'given' }
  const own = files['public-key.pem']
  const pem = typeof own === 'string' || own === undefined ? own : Buffer.from(own).toString('utf8')
  return pem === undefined || pem.trim() === '' ? undefined : { pem, source: 'bundle' }
}

export interface Options {
  /** the size the auditor expects a checkpoint signed by the key given at, e.g. the latest one published */
  readonly size?: number
}

/**
 * Verify a bundle's files (name → bytes or text). `publicKey` is the PEM
 * text of the key the auditor trusts, obtained apart from the bundle;
 * without it the bundle's own key is used, which proves only that the
 * bundle agrees with itself, and without that no signature is checked.
 */
export const verifyBundle = (files: Files, publicKey?: string, options: Options = {}): Report => {
  const key = keyOf(files, publicKey)
  const keyObject = key === undefined ? undefined : publicKeyOf(key.pem)
  const invalid: Array<{ index: number; reason: string }> = []
  const signed: Checkpoint[] = []
  let unchecked = 0
  for (const read of linesOf(files['checkpoints.ndjson'])) {
    const u = jsonOf(read)
    const c = typeof u === 'string' ? u : checkpointOf(u)
    if (typeof c === 'string') invalid.push({ index: read.index, reason: `not a signed checkpoint: the line ${c}` })
    else if (key === undefined) unchecked++
    else {
      const problem =
        keyObject === undefined || typeof keyObject === 'string'
          ? `it cannot be checked: the ${key.source === 'given' ? 'key given' : "bundle's public-key.pem"}: ${keyObject ?? 'no key'}`
          : signatureProblem(c, keyObject)
      if (problem === undefined) signed.push(c)
      else invalid.push({ index: read.index, reason: problem })
    }
  }
  // stable: checkpoints of the same size keep their order
  const bySize = [...signed].sort((a, b) => a.size - b.size)
  const chain = walk(linesOf(files['entries.ndjson']), bySize)
  const problems = fileProblems(files, chain)
  const series = seriesOf(signed)
  const given = key?.source === 'given'
  const target = given ? (options.size ?? (chain.ok ? chain.count : undefined)) : undefined
  const end: EndProblem[] = []
  if (target !== undefined && !signed.some((c) => c.size === target))
    end.push({ problem: 'no-checkpoint-at-end', size: target, detail: `no checkpoint signed by the key given stands at entry ${target} (${options.size === undefined ? "the bundle's last" : 'the size expected, --size'})` })
  if (given && options.size !== undefined && chain.ok && chain.count < options.size)
    end.push({ problem: 'entries-short', size: options.size, count: chain.count, detail: `the bundle holds ${chain.count} entries; --size expects ${options.size}` })
  const completeness = { ...(target === undefined ? {} : { size: target }), unchained: series.unchained, problems: [...end, ...series.problems] }
  return {
    ok: chain.ok && invalid.length === 0 && problems.length === 0 && completeness.problems.length === 0,
    key: key?.source ?? 'none',
    chain,
    checkpoints: { valid: signed.length, invalid, unchecked },
    files: problems,
    completeness,
  }
}
