import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto'
import { canonical, type Json } from './canonical.js'

/*
 * An independent check of a policy-ledger audit bundle (format
 * policy-ledger-audit-bundle/1), using nothing but Node's own crypto:
 *
 *  1. each checkpoint in checkpoints.ndjson: Ed25519 over 0x01 ‖ its text
 *     (origin, size, base64 head hash, "time …"), with the key given;
 *  2. each line of entries.ndjson: SHA-256 over 0x00 ‖ the canonical JSON of
 *     the entry without its hash must be its hash; positions run 1, 2, 3 …;
 *     each links to the hash before it; at a checkpoint's size the head is
 *     the one signed, and no checkpoint lies beyond the end;
 *  3. every file against the SHA-256 the manifest gives it.
 */

export type Problem = 'content-changed' | 'link-broken' | 'position-missing' | 'entries-reordered' | 'log-truncated'

export type Chain =
  | { readonly ok: true; readonly count: number; readonly headHash: string; readonly checkpoints: number }
  | { readonly ok: false; readonly position: number; readonly problem: Problem; readonly detail: string }

export interface Report {
  readonly ok: boolean
  readonly key: 'given' | 'bundle'
  readonly chain: Chain
  readonly checkpoints: { readonly valid: number; readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }> }
  readonly files: ReadonlyArray<{ readonly file: string; readonly problem: string }>
}

const FORMAT = 'policy-ledger-audit-bundle/1'
const FILES = ['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem'] as const
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

interface Checkpoint {
  readonly origin: string
  readonly size: number
  readonly head: string
  readonly at: string
  readonly keyId: string
  readonly signature: string
}

const sha256 = (...parts: ReadonlyArray<Buffer | string>): string => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

const json = (text: string): Json | undefined => {
  try {
    return JSON.parse(text) as Json
  } catch {
    return undefined
  }
}

const isObj = (u: Json | undefined): u is Obj => typeof u === 'object' && u !== null && !Array.isArray(u)
const linesOf = (text: string | undefined): string[] => (text ?? '').split('\n').filter((l) => l !== '')

const entryLine = (text: string): Line | undefined => {
  const u = json(text)
  if (!isObj(u) || ![...ENVELOPE, 'hash'].every((k) => k in u)) return undefined
  if (!TEXTS.every((k) => typeof u[k] === 'string') || !WHOLES.every((k) => Number.isSafeInteger(u[k]))) return undefined
  if (![u['causationId'], u['correlationId']].every((v) => v === null || typeof v === 'string') || !isObj(u['source'])) return undefined
  const envelope: Obj = {}
  for (const k of ENVELOPE) envelope[k] = u[k] as Json
  return { position: u['position'] as number, prevHash: u['prevHash'] as string, hash: u['hash'] as string, envelope }
}

const checkpointLine = (text: string): Checkpoint | undefined => {
  const u = json(text)
  if (!isObj(u) || !Number.isSafeInteger(u['size'])) return undefined
  return ['origin', 'head', 'at', 'keyId', 'signature'].every((k) => typeof u[k] === 'string') ? (u as unknown as Checkpoint) : undefined
}

const keyIdOf = (key: KeyObject): string => sha256(key.export({ type: 'spki', format: 'der' })).slice(0, 16)

const signatureProblem = (c: Checkpoint, pem: string): string | undefined => {
  try {
    const key = createPublicKey(pem)
    if (c.keyId !== keyIdOf(key)) return `it names key ${c.keyId}, not the key given (${keyIdOf(key)})`
    const [algorithm, hex = ''] = c.head.split(':')
    if (algorithm !== 'sha256') return `its head ${c.head} is not a sha256 hash`
    const text = `${c.origin}\n${c.size}\n${Buffer.from(hex, 'hex').toString('base64')}\ntime ${c.at}\n`
    const ok = verify(null, Buffer.concat([Buffer.from([0x01]), Buffer.from(text, 'utf8')]), key, Buffer.from(c.signature, 'base64'))
    return ok ? undefined : 'its signature does not verify'
  } catch (e) {
    return `it cannot be checked: ${e instanceof Error ? e.message : String(e)}`
  }
}

const fail = (position: number, problem: Problem, detail: string): Chain => ({ ok: false, position, problem, detail })

/** Walk the entries in order; `signed` are checkpoints whose signatures hold, by size. */
const walk = (lines: ReadonlyArray<string>, signed: ReadonlyArray<Checkpoint>): Chain => {
  let expected = 1
  let prev = GENESIS
  let gap: number | undefined
  let next = 0
  const missing = (): Chain => fail(expected, 'position-missing', `position ${expected} is missing; the next entry is at ${gap}`)
  const atSize = (size: number, head: string): Chain | undefined => {
    for (; next < signed.length && (signed[next] as Checkpoint).size <= size; next++) {
      const c = signed[next] as Checkpoint
      if (c.size === size && c.head !== head) return fail(size, 'content-changed', `the head at ${size} is not the one the checkpoint of ${c.at} signed`)
    }
    return undefined
  }
  for (const text of lines) {
    const line = entryLine(text)
    if (gap !== undefined) return line !== undefined && line.position === expected ? fail(expected, 'entries-reordered', `position ${expected} comes after ${gap}`) : missing()
    if (line === undefined) return fail(expected, 'content-changed', `at ${expected}: a line of entries.ndjson is not an entry`)
    if (line.position < expected) return fail(expected, 'entries-reordered', `position ${line.position} found after ${expected - 1}`)
    if (line.position > expected) {
      gap = line.position
      continue
    }
    const body = canonical(line.envelope)
    if (`sha256:${sha256(Buffer.from([0x00]), Buffer.from(body, 'utf8'))}` !== line.hash) return fail(expected, 'content-changed', `the entry at ${expected} does not hash to its hash`)
    if (line.prevHash !== prev) return fail(expected, 'link-broken', `the entry at ${expected} does not link to the one before`)
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
  if (beyond !== undefined) return fail(count + 1, 'log-truncated', `the checkpoint of ${beyond.at} was signed over ${beyond.size} entries; the entries end at ${count}`)
  return { ok: true, count, headHash: prev, checkpoints: signed.length }
}

const fileProblems = (files: Readonly<Record<string, string>>, chain: Chain): Array<{ file: string; problem: string }> => {
  const m = json(files['manifest.json'] ?? '')
  if (!isObj(m) || m['format'] !== FORMAT || !isObj(m['files']) || !isObj(m['entries'])) return [{ file: 'manifest.json', problem: `missing, or not a ${FORMAT} manifest` }]
  const listed = m['files']
  const out: Array<{ file: string; problem: string }> = []
  for (const name of FILES) {
    const text = files[name]
    const entry = listed[name]
    if (text === undefined) out.push({ file: name, problem: 'missing from the bundle' })
    else if (!isObj(entry) || entry['sha256'] !== sha256(Buffer.from(text, 'utf8'))) out.push({ file: name, problem: 'its SHA-256 differs from the manifest' })
  }
  const stated = m['entries']
  if (chain.ok && (stated['count'] !== chain.count || (chain.count > 0 && stated['head'] !== chain.headHash)))
    out.push({ file: 'manifest.json', problem: `it states ${String(stated['count'])} entries; the entries end at ${chain.count}` })
  return out
}

/**
 * Verify a bundle's files (name → text). `publicKey` is the PEM text of the
 * key the auditor trusts, obtained apart from the bundle; without it the
 * bundle's own key is used, which proves only that nothing changed since
 * whoever made the bundle signed it.
 */
export const verifyBundle = (files: Readonly<Record<string, string>>, publicKey?: string): Report => {
  const pem = publicKey ?? files['public-key.pem'] ?? ''
  const invalid: Array<{ index: number; reason: string }> = []
  const signed: Checkpoint[] = []
  linesOf(files['checkpoints.ndjson']).forEach((text, index) => {
    const c = checkpointLine(text)
    const problem = c === undefined ? 'not a signed checkpoint' : signatureProblem(c, pem)
    if (c !== undefined && problem === undefined) signed.push(c)
    else invalid.push({ index, reason: problem ?? '' })
  })
  // stable: checkpoints of the same size keep their order
  signed.sort((a, b) => a.size - b.size)
  const chain = walk(linesOf(files['entries.ndjson']), signed)
  const problems = fileProblems(files, chain)
  return {
    ok: chain.ok && invalid.length === 0 && problems.length === 0,
    key: publicKey === undefined ? 'bundle' : 'given',
    chain,
    checkpoints: { valid: signed.length, invalid },
    files: problems,
  }
}
