import { beforeAll, describe, expect, it } from 'vitest'
import { memoryStore } from '../memory-store.js'
import { BUNDLE_MAX_DEPTH, exportBundle, verifyBundle, type Bundle } from './bundle.js'
import { checkpointsAt, generateSigningKeys, signCheckpoint, signCheckpoints, type Checkpoint, type SignedCheckpoint } from './checkpoint.js'
import { clockedLedger, opArb, recordOps, unwrap } from './log.test-helpers.js'
import * as fc from 'fast-check'

const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'

describe('the audit bundle', () => {
  it('exports a ledger with monthly checkpoints that verifies offline, and names what was touched', async () => {
    const store = memoryStore()
    const { ledger, now } = clockedLedger(store)
    await recordOps(ledger, fc.sample(opArb, { numRuns: 60, seed: 42 }))
    const keys = generateSigningKeys()
    const checkpoints = unwrap(await checkpointsAt(store, ORIGIN, Array.from({ length: 5 }, (_, k) => now() - k * 10 * 3_600_000).reverse())()).map((c) => signCheckpoint(c, keys.privateKey))
    expect(checkpoints.map((c) => c.size).some((s, k) => s > (checkpoints[k - 1]?.size ?? 0))).toBe(true)
    const bundle = unwrap(await exportBundle(store, { origin: ORIGIN, checkpoints, publicKey: keys.publicKey })())
    const head = unwrap(await store.head()())
    expect(Object.keys(bundle).sort()).toEqual(['checkpoints.ndjson', 'entries.ndjson', 'manifest.json', 'public-key.pem'])
    expect(JSON.parse(bundle['manifest.json'] as string)).toMatchObject({ format: 'policy-ledger-audit-bundle/1', origin: ORIGIN, entries: { count: head.position, head: head.hash } })

    const report = verifyBundle(bundle, { publicKey: keys.publicKey })
    expect(report).toMatchObject({ ok: true, key: 'given', chain: { ok: true, count: head.position, checkpoints: checkpoints.length }, files: [] })

    // the public key swapped inside the bundle: the auditor's own key still rejects the checkpoints' signer
    const impostor = generateSigningKeys()
    const swapped = { ...bundle, 'public-key.pem': impostor.publicKey }
    const withOwnKey = verifyBundle(swapped, { publicKey: keys.publicKey })
    expect(withOwnKey.checkpoints.invalid).toEqual([])
    expect(withOwnKey.files).toEqual([{ file: 'public-key.pem', problem: 'SHA-256 与清单所记不符 / its SHA-256 differs from the manifest' }])
    expect(verifyBundle(swapped).checkpoints.invalid).toHaveLength(checkpoints.length)
  })

  describe('proves only what it says', () => {
    const store = memoryStore()
    const keys = generateSigningKeys()
    let head = { position: 0 }
    let due: ReadonlyArray<Checkpoint> = []
    let series: ReadonlyArray<SignedCheckpoint> = []
    let bundle: Bundle = {}
    beforeAll(async () => {
      const { ledger, now } = clockedLedger(store)
      await recordOps(ledger, fc.sample(opArb, { numRuns: 30, seed: 7 }))
      head = unwrap(await store.head()())
      // three checkpoints through the log, the last at its head
      due = unwrap(await checkpointsAt(store, ORIGIN, [now() - 20 * 3_600_000, now() - 10 * 3_600_000, now()])())
      series = signCheckpoints(due, keys.privateKey)
      bundle = unwrap(await exportBundle(store, { origin: ORIGIN, checkpoints: series, publicKey: keys.publicKey })())
    })
    const withLines = (name: string, f: (lines: string[]) => string[]): Bundle => ({ ...bundle, [name]: f((bundle[name] ?? '').split('\n').filter((l) => l !== '')).map((l) => `${l}\n`).join('') })

    it('with the key given: a checkpoint at the last entry, the series whole up to it', async () => {
      expect(series.map((c) => c.size).at(-1)).toBe(head.position)
      expect(verifyBundle(bundle, { publicKey: keys.publicKey })).toMatchObject({ ok: true, completeness: { size: head.position, unchained: 0, problems: [] } })
      // the head's checkpoint left out: the bundle ends where nothing signed it
      const short = signCheckpoints(due.slice(0, 2), keys.privateKey)
      const unsigned = unwrap(await exportBundle(store, { origin: ORIGIN, checkpoints: short, publicKey: keys.publicKey })())
      expect(verifyBundle(unsigned, { publicKey: keys.publicKey })).toMatchObject({ ok: false, chain: { ok: true }, files: [], completeness: { problems: [{ problem: 'no-checkpoint-at-end', size: head.position }] } })
      // … unless the auditor expects the size of a checkpoint it has
      const signedTo = short[1]?.size ?? 0
      expect(signedTo).toBeGreaterThan(0)
      expect(signedTo).toBeLessThan(head.position)
      expect(verifyBundle(unsigned, { publicKey: keys.publicKey, size: signedTo })).toMatchObject({ ok: true, completeness: { size: signedTo, problems: [] } })
      expect(verifyBundle(bundle, { publicKey: keys.publicKey, size: head.position + 1 }).completeness.problems).toMatchObject([
        { problem: 'no-checkpoint-at-end', size: head.position + 1 },
        { problem: 'entries-short', size: head.position + 1, count: head.position },
      ])
    })

    it('with any key: no checkpoint of the series left out', () => {
      const middle = withLines('checkpoints.ndjson', (ls) => ls.filter((_, i) => i !== 1))
      expect(verifyBundle(middle, { publicKey: keys.publicKey }).completeness.problems).toMatchObject([{ problem: 'checkpoint-missing', seq: 2, through: 2 }])
      expect(verifyBundle(middle)).toMatchObject({ key: 'bundle', completeness: { problems: [{ problem: 'checkpoint-missing', seq: 2 }] } })
    })

    it('without a key it names none: public-key.pem empty, no signature checked', () => {
      const keyless = { ...bundle, 'public-key.pem': '' }
      expect(verifyBundle(keyless)).toMatchObject({ key: 'none', checkpoints: { valid: 0, invalid: [], unchecked: 3 }, completeness: { problems: [] } })
    })

    it('reads each line strictly: a key beyond the envelope, a key twice, nesting past the limit are changed content there, never a crash', () => {
      const at3 = (f: (line: string) => string): Bundle => withLines('entries.ndjson', (ls) => ls.map((l, i) => (i === 2 ? f(l) : l)))
      for (const forged of [
        at3((l) => l.replace('{', '{"forged":true,')),
        at3((l) => l.replace('{', '{"recordedBy":"finance",')),
        at3((l) => l.replace('"data":{', `"data":{"deep":${'['.repeat(20_000)}${']'.repeat(20_000)},`)),
        at3((l) => l.replace('"data":{', `"data":{"deep":${'{"a":'.repeat(BUNDLE_MAX_DEPTH)}1${'}'.repeat(BUNDLE_MAX_DEPTH)},`)),
        at3((l) => l.slice(0, 30)),
      ])
        expect(verifyBundle(forged, { publicKey: keys.publicKey }).chain).toMatchObject({ ok: false, position: 3, problem: 'content-changed', detail: expect.stringMatching(/^位置 3：entries\.ndjson 第 3 行不是条目 \/ at 3: line 3 of entries\.ndjson /) })
      // just within the limit it is read, and judged by its hash
      const within = at3((l) => l.replace('"data":{', `"data":{"deep":${'['.repeat(BUNDLE_MAX_DEPTH - 2)}${']'.repeat(BUNDLE_MAX_DEPTH - 2)},`))
      expect(verifyBundle(within, { publicKey: keys.publicKey }).chain).toMatchObject({ ok: false, position: 3, detail: '位置 3 的条目与其记录的哈希不符 / the entry at 3 does not hash to its recorded hash' })
    })

    it('an empty bundle is a finding: no entries, or no files', async () => {
      const empty = unwrap(await exportBundle(memoryStore(), { origin: ORIGIN, checkpoints: [], publicKey: '' })())
      expect(verifyBundle(empty)).toMatchObject({ ok: false, key: 'none', chain: { ok: true, count: 0 }, files: [{ file: 'entries.ndjson', problem: expect.stringContaining('holds no entries') }] })
      expect(verifyBundle({}).files.map((f) => f.file)).toEqual(['entries.ndjson', 'checkpoints.ndjson', 'public-key.pem', 'manifest.json'])
    })
  })
})
