import { describe, expect, it } from 'vitest'
import { memoryStore } from '../memory-store.js'
import { exportBundle, verifyBundle } from './bundle.js'
import { checkpointsAt, generateSigningKeys, signCheckpoint } from './checkpoint.js'
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
    expect(withOwnKey.files).toEqual([{ file: 'public-key.pem', problem: 'its SHA-256 differs from the manifest' }])
    expect(verifyBundle(swapped).checkpoints.invalid).toHaveLength(checkpoints.length)
  })
})
