import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '../chain.js'
import {
  checkpointHash,
  checkpointSeries,
  checkpointText,
  generateSigningKeys,
  signCheckpoint,
  signCheckpoints,
  trustCheckpoints,
  type Checkpoint,
  type SignedCheckpoint,
} from './checkpoint.js'

const keys = generateSigningKeys()
const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'
const hashOf = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`
const nth = (cs: ReadonlyArray<SignedCheckpoint>, i: number): SignedCheckpoint => {
  const c = cs[i]
  if (c === undefined) throw new Error(`no checkpoint ${i}`)
  return c
}
const due = (sizes: ReadonlyArray<number>): Checkpoint[] => sizes.map((size, i) => ({ origin: ORIGIN, size, head: hashOf(size + 1), at: new Date(Date.UTC(2025, i, 1) - 1).toISOString() }))

describe('the note a checkpoint signs', () => {
  it('is the C2SP checkpoint text, with the link to the one before as two more extension lines', () => {
    const c = { origin: ORIGIN, size: 4321, head: hashOf(1), at: '2026-03-31T15:59:59.999Z' }
    // unchained: exactly the text signed before checkpoints were linked, so old signatures still verify
    expect(checkpointText(c)).toBe(`${ORIGIN}\n4321\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\ntime 2026-03-31T15:59:59.999Z\n`)
    expect(checkpointText({ ...c, seq: 7, prev: hashOf(2) })).toBe(
      `${ORIGIN}\n4321\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\ntime 2026-03-31T15:59:59.999Z\nseq 7\nprev AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAI=\n`,
    )
    for (const bad of [{ ...c, seq: 7 }, { ...c, prev: hashOf(2) }, { ...c, seq: 0, prev: hashOf(2) }, { ...c, seq: 1, prev: 'sha256:xyz' }, { ...c, head: 'sha256:12' }])
      expect(() => checkpointText(bad)).toThrow(RangeError)
  })
})

describe('a series of checkpoints', () => {
  it('is signed each naming the one before, the first the genesis hash, and carries on after the last', () => {
    const first = signCheckpoints(due([1, 3]), keys.privateKey)
    expect(first.map((c) => [c.seq, c.prev])).toEqual([
      [1, GENESIS_HASH],
      [2, checkpointHash(nth(first, 0))],
    ])
    const more = signCheckpoints(due([5, 5]), keys.privateKey, first[1])
    expect(more.map((c) => c.seq)).toEqual([3, 4])
    expect(more[0]?.prev).toBe(checkpointHash(nth(first, 1)))
    const all = [...first, ...more]
    expect(E.isRight(trustCheckpoints(all, keys.publicKey))).toBe(true)
    expect(checkpointSeries(all)).toEqual({ chained: 4, unchained: 0, problems: [] })
    // after a checkpoint of before the links, a series begins
    const legacy = signCheckpoint(due([2])[0] as Checkpoint, keys.privateKey)
    expect(legacy).not.toHaveProperty('seq')
    expect(signCheckpoints(due([4]), keys.privateKey, legacy)[0]).toMatchObject({ seq: 1, prev: GENESIS_HASH })
    expect(checkpointSeries([legacy, ...first])).toEqual({ chained: 2, unchained: 1, problems: [] })
  })

  it('names every run of checkpoints left out below the last one kept; only a suffix can go unseen (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((m) => fc.array(fc.boolean(), { minLength: m, maxLength: m })),
        (kept) => {
          const all = signCheckpoints(due(kept.map((_, i) => i * 2)), keys.privateKey)
          const left = all.filter((_, i) => kept[i])
          const gaps: Array<{ seq: number; through: number }> = []
          const last = kept.lastIndexOf(true)
          for (let i = 0; i < last; i++)
            if (!kept[i]) {
              const start = i
              while (!kept[i + 1]) i++
              gaps.push({ seq: start + 1, through: i + 1 })
            }
          const series = checkpointSeries(left)
          expect(series.problems.map((p) => ({ problem: p.problem, seq: p.seq, through: 'through' in p ? p.through : undefined }))).toEqual(gaps.map((g) => ({ problem: 'checkpoint-missing', ...g })))
          const trusted = trustCheckpoints(left, keys.publicKey)
          expect(E.isLeft(trusted)).toBe(gaps.length > 0)
          if (E.isLeft(trusted)) expect(trusted.left.issues.map((i) => i.path)).toEqual(gaps.map(() => 'checkpoints'))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('names two different checkpoints under one number, and one that does not name the one before it', () => {
    const a = signCheckpoints(due([1, 2]), keys.privateKey)
    const b = signCheckpoints(due([2, 3]), keys.privateKey)
    expect(checkpointSeries([...a, nth(b, 0)]).problems).toMatchObject([{ problem: 'checkpoint-forked', seq: 1 }])
    // b's second names b's first, which is not among these
    expect(checkpointSeries([nth(a, 0), nth(b, 1)]).problems).toMatchObject([{ problem: 'checkpoint-link-broken', seq: 2 }])
    // a first checkpoint that names something before it
    const stray = signCheckpoint({ ...(due([1])[0] as Checkpoint), seq: 1, prev: hashOf(9) }, keys.privateKey)
    expect(checkpointSeries([stray]).problems).toMatchObject([{ problem: 'checkpoint-link-broken', seq: 1 }])
    const r = trustCheckpoints([stray], keys.publicKey)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'checkpoints', reason: '序列中的第 1 个检查点没有指向序列的起点 / checkpoint 1 of the series does not name the start of a series as the one before it' }] })
    // the same checkpoint twice is one
    expect(checkpointSeries([...a, nth(a, 1)]).problems).toEqual([])
  })

  it('signs the link: a checkpoint moved to another place in the series no longer verifies', () => {
    const signed = signCheckpoints(due([1, 2]), keys.privateKey)
    const [first, second] = [nth(signed, 0), nth(signed, 1)]
    for (const moved of [{ ...second, seq: 3 }, { ...second, prev: GENESIS_HASH }, (({ seq: _s, prev: _p, ...rest }) => rest)(second)]) {
      const r = trustCheckpoints([first, moved], keys.publicKey)
      expect(E.isLeft(r) && r.left.issues).toMatchObject([{ path: 'checkpoints[1]', reason: expect.stringContaining('its signature does not verify') }])
    }
  })
})
