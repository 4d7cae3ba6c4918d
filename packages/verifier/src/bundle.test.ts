import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bundleOf, checkpointLines, entryLines, signer } from './fabricate.test-helpers.js'
import { verifyBundle } from './index.js'

/*
 * The rule the verifier holds checkpoints to, stated apart from how it is
 * checked: with the key given, a bundle whose checkpoints were thinned out
 * verifies exactly when what is left is the start of the signer's series
 * (1 … k, none left out) and a checkpoint of it stands at the last entry;
 * every run of checkpoints left out below the highest kept is named.
 */

const owner = signer()

const caseArb = fc
  .record({ n: fc.integer({ min: 1, max: 12 }), inner: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }) })
  .chain(({ n, inner }) => {
    // sizes in signing order: some inner ones, then the head
    const sizes = [...inner.filter((s) => s <= n).sort((a, b) => a - b), n]
    return fc.record({ n: fc.constant(n), sizes: fc.constant(sizes), kept: fc.array(fc.boolean(), { minLength: sizes.length, maxLength: sizes.length }) })
  })

/** Maximal runs of numbers left out below the highest kept, 1-based. */
const gapsOf = (kept: ReadonlyArray<boolean>): Array<{ seq: number; through: number }> => {
  const last = kept.lastIndexOf(true)
  const out: Array<{ seq: number; through: number }> = []
  for (let i = 0; i < last; i++)
    if (!kept[i]) {
      const start = i
      while (!kept[i + 1]) i++
      out.push({ seq: start + 1, through: i + 1 })
    }
  return out
}

describe('the completeness of the checkpoints (property)', () => {
  it('a thinned-out series verifies exactly when it is the start of the series and reaches the last entry, and every gap is named', () => {
    const entries = entryLines(12)
    fc.assert(
      fc.property(caseArb, ({ n, sizes, kept }) => {
        const lines = entries.slice(0, n)
        const all = checkpointLines(lines, sizes, owner)
        const report = verifyBundle(bundleOf(lines, all.filter((_, i) => kept[i]), owner.publicKey), owner.publicKey)
        const prefix = kept.indexOf(false) === -1 || kept.slice(kept.indexOf(false)).every((k) => !k)
        const atEnd = sizes.some((s, i) => kept[i] && s === n)
        expect(report.chain.ok).toBe(true)
        expect(report.ok).toBe(prefix && atEnd && kept.some((k) => k))
        expect(report.completeness.problems.filter((p) => p.problem === 'checkpoint-missing').map((p) => ('through' in p ? { seq: p.seq, through: p.through } : p))).toEqual(gapsOf(kept))
        expect(report.completeness.problems.some((p) => p.problem === 'no-checkpoint-at-end')).toBe(!atEnd)
      }),
      { numRuns: 300 },
    )
  })

  it('names a checkpoint that does not name the one before it, and two different ones under one number', () => {
    const entries = entryLines(4)
    const [a, b] = [checkpointLines(entries, [2, 4], owner), checkpointLines(entries, [1, 4], owner)]
    // b's second names b's first, which is not here: a's first is
    expect(verifyBundle(bundleOf(entries, [a[0] as string, b[1] as string], owner.publicKey), owner.publicKey).completeness.problems).toMatchObject([{ problem: 'checkpoint-link-broken', seq: 2 }])
    expect(verifyBundle(bundleOf(entries, [...a, b[0] as string], owner.publicKey), owner.publicKey).completeness.problems).toMatchObject([{ problem: 'checkpoint-forked', seq: 1 }])
    // the same checkpoint twice is one
    expect(verifyBundle(bundleOf(entries, [...a, a[0] as string], owner.publicKey), owner.publicKey).ok).toBe(true)
  })
})
