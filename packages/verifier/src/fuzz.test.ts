import { bundleVerdict, expectClean, fuzz, hostileJsonTexts, hostileKeyTexts, mutatedBundles, spliced, accepted, rejected } from '@policy-ledger/testkit/fuzz'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bundleOf, checkpointLines, entryLines, signer } from './fabricate.test-helpers.js'
import { readJson, verifyBundle } from './index.js'

/*
 * The stand-alone verifier fuzzed (10,000 hostile inputs each, FUZZ_RUNS to
 * change): its strict JSON reader on hostile texts, and verifyBundle on
 * bundles with one file spliced, a line replaced, its bytes made invalid
 * UTF-8, or dropped, with the auditor's key, a mangled key, or none. It
 * writes nothing; every bundle must get a report, each finding naming where.
 */

describe('fuzz: the bundle verifier', () => {
  it('reads every JSON text or names the column where it stops', { timeout: 120_000 }, async () => {
    const line = entryLines(1)[0] ?? ''
    expectClean(
      await fuzz('verifier readJson', fc.oneof(hostileJsonTexts, spliced(line)), (text) => {
        const r = readJson(text)
        return r.ok ? accepted : rejected('NOT_JSON', Number.isSafeInteger(r.column) && r.column >= 1 ? `column ${r.column}: ${r.reason}` : '')
      }),
    )
  })

  it('answers every bundle with a report, each finding naming where', { timeout: 240_000 }, async () => {
    const owner = signer()
    const entries = entryLines(6)
    const bundle = bundleOf(entries, checkpointLines(entries, [3, 6], owner), owner.publicKey)
    expect(verifyBundle(bundle, owner.publicKey).ok).toBe(true)
    const cases = fc.tuple(mutatedBundles(bundle), hostileKeyTexts(owner.publicKey), fc.option(fc.oneof(fc.integer(), fc.constantFrom(Number.NaN, -1, 2 ** 53))))
    expectClean(
      await fuzz('verifier verifyBundle', cases, ([files, key, size]) =>
        bundleVerdict(verifyBundle(files, key, size === null || key === undefined ? {} : { size })),
      ),
    )
  })
})
