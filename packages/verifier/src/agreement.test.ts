import {
  exportBundle,
  generateSigningKeys,
  hashEntry,
  memoryStore,
  signCheckpoint,
  signCheckpoints,
  verifyBundle as libraryVerdict,
  type Checkpoint,
  type Bundle,
  type BundleReport,
  type Entry,
  type EntryDraft,
} from '@policy-ledger/core'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withManifest } from './fabricate.test-helpers.js'
import { verifyBundle, type Report } from './index.js'

/*
 * The verifier and the library must reach the same verdict on any bundle:
 * intact, or tampered in any of the ways an adversary with the files could.
 * Details are worded by each; what is compared is everything else.
 */

const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'
const keys = generateSigningKeys()
const stranger = generateSigningKeys()

const draftArb = (n: number): fc.Arbitrary<EntryDraft> =>
  fc.record({
    data: fc.jsonValue({ maxDepth: 2 }),
    occurredAt: fc.constantFrom('2025-06-01T10:00:00+08:00', '2024-12-31T23:59:59.5+08:00'),
    stream: fc.constantFrom('vehicle-A', 'vehicle-B', 'project-1'),
    correlationId: fc.option(fc.string({ minLength: 1, maxLength: 8 })),
  }).map((r) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'UsedCarTraded',
    version: 1,
    stream: r.stream,
    revision: n,
    occurredAt: r.occurredAt,
    recordedBy: 'commerce',
    source: { system: 'test', recordId: `r${n}` },
    correlationId: r.correlationId,
    causationId: null,
    data: r.data,
  }))

const logArb = fc.integer({ min: 0, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => draftArb(i + 1))))

/** The value of an fp-ts Either (fp-ts is not a dependency here). */
const right = <A>(e: { readonly _tag: 'Left'; readonly left: { readonly message: string } } | { readonly _tag: 'Right'; readonly right: A }): A => {
  if (e._tag === 'Left') throw new Error(e.left.message)
  return e.right
}

/** How a log was signed: at some sizes and maybe at its head, as a chained series or the unchained checkpoints of before. */
interface Signing {
  readonly sizes: ReadonlyArray<number>
  readonly head: boolean
  readonly chained: boolean
}

/** A bundle of a log recorded in commits, checkpointed as `signing` says. */
const bundleOf = async (drafts: ReadonlyArray<EntryDraft>, signing: Signing): Promise<{ bundle: Bundle; entries: Entry[] }> => {
  const store = memoryStore()
  const entries: Entry[] = []
  for (const [i, entry] of drafts.entries()) {
    entries.push(...right(await store.append({ drafts: [{ entry, deltas: new Float64Array() }], expected: [], now: Date.UTC(2025, 0, 1) + i * 60_000 })()))
  }
  const sizes = [...signing.sizes.filter((s) => s <= entries.length), ...(signing.head ? [entries.length] : [])].sort((a, b) => a - b)
  const due = sizes.map(
    (size): Checkpoint => ({ origin: ORIGIN, size, head: size === 0 ? `sha256:${'0'.repeat(64)}` : (entries[size - 1] as Entry).hash, at: new Date(Date.UTC(2025, 1, size)).toISOString() }),
  )
  const checkpoints = signing.chained ? signCheckpoints(due, keys.privateKey) : due.map((c) => signCheckpoint(c, keys.privateKey))
  const bundle = right(await exportBundle(store, { origin: ORIGIN, checkpoints, publicKey: keys.publicKey, now: Date.UTC(2026, 0, 1) })())
  return { bundle, entries }
}

const signingArb: fc.Arbitrary<Signing> = fc.record({
  sizes: fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 4 }),
  head: fc.boolean(),
  chained: fc.boolean(),
})

const lines = (text: string | undefined): string[] => (text ?? '').split('\n').filter((l) => l !== '')
const unlines = (ls: ReadonlyArray<string>): string => ls.map((l) => `${l}\n`).join('')
const edit = (bundle: Bundle, file: string, f: (ls: string[]) => string[]): Bundle => ({ ...bundle, [file]: unlines(f(lines(bundle[file]))) })
const at = <T>(xs: ReadonlyArray<T>, i: number): number => (xs.length === 0 ? 0 : i % xs.length)
const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>

/** Re-hash every entry from `from` on, as a forger who can write the files but holds no key would. */
const rehashFrom = (ls: string[], from: number): string[] => {
  let prev = from === 0 ? `sha256:${'0'.repeat(64)}` : (parse(ls[from - 1] as string)['hash'] as string)
  return ls.map((l, i) => {
    if (i < from) return l
    const { hash: _h, ...rest } = parse(l)
    const unsealed = { ...rest, prevHash: prev } as unknown as Omit<Entry, 'hash'>
    prev = hashEntry(unsealed)
    return JSON.stringify({ ...unsealed, hash: prev })
  })
}

type Tamper = (b: Bundle, i: number, j: number) => Bundle
const tampers: Record<string, Tamper> = {
  none: (b) => b,
  'change a field': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), recordedBy: 'finance' }) : l))),
  'change the data': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), data: { forged: true } }) : l))),
  'change a hash': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), hash: `sha256:${'1'.repeat(64)}` }) : l))),
  'reorder keys': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify(Object.fromEntries(Object.entries(parse(l)).reverse())) : l))),
  'delete a line': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.filter((_, k) => k !== at(ls, i))),
  'swap two lines': (b, i, j) =>
    edit(b, 'entries.ndjson', (ls) => {
      const out = [...ls]
      const [x, y] = [at(ls, i), at(ls, j)]
      ;[out[x], out[y]] = [ls[y] as string, ls[x] as string]
      return out
    }),
  'cut the tail': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.slice(0, at(ls, i))),
  'forge the tail': (b, i) =>
    edit(b, 'entries.ndjson', (ls) => rehashFrom(ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), data: 'forged' }) : l)), at(ls, i))),
  'garble a line': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? l.slice(0, l.length >> 1) : l))),
  'mistype a field': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), revision: String(parse(l)['revision']) }) : l))),
  'drop a field': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), causationId: undefined }) : l))),
  'duplicate a line': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.flatMap((l, k) => (k === at(ls, i) ? [l, l] : [l]))),
  'windows line ends': (b) => ({ ...b, 'entries.ndjson': (b['entries.ndjson'] ?? '').replaceAll('\n', '\r\n') }),
  'change a checkpoint': (b, i) => edit(b, 'checkpoints.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), size: (parse(l)['size'] as number) + 1 }) : l))),
  'a checkpoint beyond the end': (b, i) =>
    edit(b, 'checkpoints.ndjson', (ls) => [...ls, JSON.stringify(signCheckpoint({ origin: ORIGIN, size: 50 + i, head: `sha256:${'2'.repeat(64)}`, at: '2026-01-01T00:00:00.000Z' }, keys.privateKey))]),
  "a stranger's checkpoint": (b, i) =>
    edit(b, 'checkpoints.ndjson', (ls) => [...ls, JSON.stringify(signCheckpoint({ origin: ORIGIN, size: i % 3, head: `sha256:${'3'.repeat(64)}`, at: '2026-01-01T00:00:00.000Z' }, stranger.privateKey))]),
  "the stranger's key in the bundle": (b) => ({ ...b, 'public-key.pem': stranger.publicKey }),
  'no key': (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'public-key.pem')),
  'change the manifest': (b) => ({ ...b, 'manifest.json': (b['manifest.json'] ?? '').replace('"count": ', '"count": 1') }),
  'garble the manifest': (b) => ({ ...b, 'manifest.json': '{' }),
  // what the verifiers must not be fooled by: a forger with the files, fixing the manifest after
  'drop a checkpoint': (b, i) => withManifest(edit(b, 'checkpoints.ndjson', (ls) => ls.filter((_, k) => k !== at(ls, i)))),
  'drop the later checkpoints': (b, i) => withManifest(edit(b, 'checkpoints.ndjson', (ls) => ls.slice(0, at(ls, i)))),
  'cut the entries and their checkpoints': (b, i) => {
    const kept = lines(b['entries.ndjson']).slice(0, at(lines(b['entries.ndjson']), i))
    return withManifest(edit({ ...b, 'entries.ndjson': unlines(kept) }, 'checkpoints.ndjson', (ls) => ls.filter((l) => (parse(l)['size'] as number) <= kept.length)))
  },
  'forge the tail, empty the checkpoints': (b, i) => withManifest({ ...tampers['forge the tail']?.(b, i, 0), 'checkpoints.ndjson': '' }),
  'add a key': (b, i) => edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? l.replace('{', '{"forged":true,') : l))),
  'write a key twice': (b, i) => withManifest(edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? l.replace('{', '{"recordedBy":"finance",') : l)))),
  'nest deeply': (b, i) =>
    edit(b, 'entries.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? JSON.stringify({ ...parse(l), data: 0 }).replace('"data":0', `"data":${'['.repeat(20_000)}${']'.repeat(20_000)}`) : l))),
  'nest a checkpoint deeply': (b, i) => edit(b, 'checkpoints.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? `{"a":${'['.repeat(100)}${']'.repeat(100)}}` : l))),
  'a key too many in a checkpoint': (b, i) => edit(b, 'checkpoints.ndjson', (ls) => ls.map((l, k) => (k === at(ls, i) ? l.replace('{', '{"trusted":true,') : l))),
  'a blank line among the checkpoints': (b, i) => ({ ...b, 'checkpoints.ndjson': lines(b['checkpoints.ndjson']).flatMap((l, k) => (k === at(lines(b['checkpoints.ndjson']), i) ? ['', l] : [l])).join('\n') }),
  'empty the bundle': (b) => withManifest({ ...b, 'entries.ndjson': '', 'checkpoints.ndjson': '' }),
  'remove the entries': (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'entries.ndjson')),
  'empty the key': (b) => withManifest({ ...b, 'public-key.pem': '' }),
}

/** A verdict without the words. */
const verdict = (r: Report | BundleReport) => ({
  ok: r.ok,
  key: r.key,
  chain: r.chain.ok ? r.chain : { ok: false, position: r.chain.position, problem: r.chain.problem },
  checkpoints: { valid: r.checkpoints.valid, invalid: r.checkpoints.invalid.map((c) => c.index), unchecked: r.checkpoints.unchecked },
  files: r.files.map((f) => f.file),
  completeness: { ...r.completeness, problems: r.completeness.problems.map(({ detail: _d, ...p }) => p) },
})

describe('the verifier agrees with the library', () => {
  it('on random bundles, intact and tampered (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        signingArb,
        fc.constantFrom(...Object.keys(tampers)),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<'given' | 'bundle' | 'stranger'>('given', 'bundle', 'stranger'),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        async (drafts, signing, tamper, i, j, keyChoice, size) => {
          const { bundle } = await bundleOf(drafts, signing)
          const tampered = (tampers[tamper] as Tamper)(bundle, i, j)
          const key = keyChoice === 'given' ? keys.publicKey : keyChoice === 'stranger' ? stranger.publicKey : undefined
          const ours = libraryVerdict(tampered, { ...(key === undefined ? {} : { publicKey: key }), ...(size === undefined ? {} : { size }) })
          const theirs = verifyBundle(tampered, key, size === undefined ? {} : { size })
          expect(verdict(theirs)).toEqual(verdict(ours))
          // intact: the chain alone with the bundle's key; with the auditor's, once the head is signed
          if (tamper === 'none' && drafts.length > 0 && (keyChoice === 'bundle' || (keyChoice === 'given' && signing.head && size === undefined))) expect(theirs.ok).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('finds each kind of tampering at its position', async () => {
    const drafts = fc.sample(logArb.filter((d) => d.length === 10), { numRuns: 1, seed: 7 })[0] as EntryDraft[]
    const { bundle } = await bundleOf(drafts, { sizes: [4], head: true, chained: true })
    const check = (t: string, i: number, expected: object) => expect(verifyBundle((tampers[t] as Tamper)(bundle, i, i + 1), keys.publicKey)).toMatchObject(expected)
    check('none', 0, { ok: true, chain: { ok: true, count: 10, checkpoints: 2 }, completeness: { size: 10, unchained: 0, problems: [] } })
    check('change the data', 2, { chain: { ok: false, position: 3, problem: 'content-changed' } })
    check('delete a line', 2, { chain: { ok: false, position: 3, problem: 'position-missing' } })
    check('swap two lines', 5, { chain: { ok: false, position: 6, problem: 'entries-reordered' } })
    check('cut the tail', 7, { chain: { ok: false, position: 8, problem: 'log-truncated' } })
    check('forge the tail', 5, { chain: { ok: false, position: 10, problem: 'content-changed' } })
    check('forge the tail', 1, { chain: { ok: false, position: 4, problem: 'content-changed' } })
    check('forge the tail, empty the checkpoints', 5, { ok: false, chain: { ok: true }, files: [], completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 10 }] } })
    check('drop a checkpoint', 0, { ok: false, chain: { ok: true }, files: [], completeness: { problems: [{ problem: 'checkpoint-missing', seq: 1, through: 1 }] } })
    check('drop the later checkpoints', 1, { ok: false, chain: { ok: true }, files: [], completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 10 }] } })
    check('cut the entries and their checkpoints', 7, { ok: false, chain: { ok: true, count: 7 }, files: [], completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 7 }] } })
    // cut right at a checkpoint, only the size the auditor expects can tell
    check('cut the entries and their checkpoints', 4, { ok: true, chain: { ok: true, count: 4 } })
    expect(verifyBundle((tampers['cut the entries and their checkpoints'] as Tamper)(bundle, 4, 0), keys.publicKey, { size: 10 })).toMatchObject({
      ok: false,
      completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: 10 }, { problem: 'entries-short', size: 10, count: 4 }] },
    })
    check('add a key', 3, { chain: { ok: false, position: 4, problem: 'content-changed' } })
    check('write a key twice', 3, { chain: { ok: false, position: 4, problem: 'content-changed' } })
    check('nest deeply', 3, { chain: { ok: false, position: 4, problem: 'content-changed' } })
    check('empty the bundle', 0, { ok: false, files: [{ file: 'entries.ndjson' }] })
    const intact = verifyBundle(bundle, keys.publicKey)
    expect(intact.ok).toBe(true)
    expect(verifyBundle(bundle).key).toBe('bundle')
    expect(verifyBundle((tampers['empty the key'] as Tamper)(bundle, 0, 0))).toMatchObject({ ok: true, key: 'none', checkpoints: { valid: 0, invalid: [], unchecked: 2 } })
  })
})
