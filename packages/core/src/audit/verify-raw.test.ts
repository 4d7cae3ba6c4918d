import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { canonicalJson, type Json } from '../canonical.js'
import { EMPTY_HEAD, GENESIS_HASH, entryBody, hashBody, seal } from '../chain.js'
import { draft } from '../drafts.test-helpers.js'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import { storageFailed } from '../errors.js'
import type { EventStore } from '../store.js'
import { generateSigningKeys, signCheckpoint, trustCheckpoints, type TrustedCheckpoints } from './checkpoint.js'
import { unwrap } from './log.test-helpers.js'
import { verifyChain, type Verification } from './verify.js'

/*
 * A store may offer its stored bodies raw, and verifying then hashes the
 * bytes instead of parsing and re-serialising. Whatever a body holds, if
 * its recorded hash was left as it was, the verdict must be the one the
 * parsed path gives — but for a body stored otherwise than the bytes that
 * were hashed (re-spaced), which only the raw path can see and calls
 * changed content. A body rewritten and its hash recomputed to match
 * hashes as recorded: the raw path reads its link without parsing it, so
 * the two paths may name different positions, but with a signed
 * checkpoint over it neither says the log is intact.
 */


type Row = { hash: string; body: string }

/**
 * A stand-in store over rows as a store keeps them (text and hash): readAll
 * parses, readRaw hands the bodies over as bytes (`raw`) or as text (`text`).
 */
const storeOf = (rows: ReadonlyArray<Row>): { readonly parsed: EventStore; readonly raw: EventStore; readonly text: EventStore } => {
  const page = ({ after, limit }: { after: number; limit: number }) => rows.slice(after, after + limit)
  const rawPage = (body: (r: Row) => string | Uint8Array) => (p: { after: number; limit: number }) =>
    TE.right({ hashes: page(p).map((r) => r.hash), bodies: page(p).map(body) })
  // as a real store reads: a body that is not JSON fails the read
  const parsed: EventStore = {
    ...memoryStore(),
    readAll: (p) => TE.tryCatch(async () => page(p).map((r) => ({ ...(JSON.parse(r.body) as Omit<Entry, 'hash'>), hash: r.hash })), (e) => storageFailed(String(e))),
  }
  return {
    parsed,
    raw: { ...parsed, readRaw: rawPage((r) => Buffer.from(r.body, 'utf8')) },
    text: { ...parsed, readRaw: rawPage((r) => r.body) },
  }
}

/** The verdicts of the parsed path, then of raw bytes, then of raw text. */
const verdicts = async (rows: ReadonlyArray<Row>, trusted?: TrustedCheckpoints): Promise<[Verification, Verification, Verification]> => {
  const { parsed, raw, text } = storeOf(rows)
  const [a, b, c] = await Promise.all([parsed, raw, text].map((store) => verifyChain(store, trusted, 3)()))
  if (a === undefined || b === undefined || c === undefined || E.isLeft(a) || E.isLeft(b) || E.isLeft(c)) throw new Error('a read failed')
  return [a.right, b.right, c.right]
}

// data that names the envelope's keys inside it, so that the body holds them twice
const tricky = [{ price: 1 }, { position: 7, prevHash: 'sha256:x' }, { note: '"position":3,"prevHash":"', 名称: '嘉祥' }, { nested: { prevHash: 'y' } }]

const rowsOf = (data: ReadonlyArray<unknown>): Row[] =>
  seal(EMPTY_HEAD, data.map((d, i) => draft(i + 1, d)), 0).entries.map((e) => ({ hash: e.hash, body: e.body }))

describe('verifying by raw bodies, as bytes or as text', () => {
  it('accepts an intact log, whatever the data names, as the parsed path does', async () => {
    const [a, b, c] = await verdicts(rowsOf([...tricky, ...tricky]))
    expect(a).toMatchObject({ ok: true, count: 8 })
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  it('calls a body stored otherwise than the bytes that were hashed changed content at its position, on the raw path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...tricky), { minLength: 1, maxLength: 9 }), fc.nat(), fc.constantFrom(' ', '\n', '\t'), async (data, at, space) => {
        const rows = rowsOf(data)
        const i = at % rows.length
        const respaced = rows.map((r, k) => (k === i ? { ...r, body: JSON.stringify(JSON.parse(r.body), null, space) } : r))
        const [, b, c] = await verdicts(respaced)
        expect(b).toMatchObject({ ok: false, position: i + 1, problem: 'content-changed', detail: expect.stringMatching(/not stored as the bytes that were hashed/) })
        expect(c).toEqual(b)
      }),
      { numRuns: 100 },
    )
  })

  it('gives the parsed verdict for every other alteration of a row: rewritten, re-hashed, swapped, removed', async () => {
    const alterations: ReadonlyArray<(rows: Row[], i: number) => Row[]> = [
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, body: r.body.replace('"revision":1', '"revision":2') } : r)),
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, body: entryBody({ ...JSON.parse(r.body), position: 99 }) } : r)),
      (rows, i) => rows.map((r, k) => (k === i ? { hash: 'sha256:' + 'f'.repeat(64), body: r.body } : r)),
      (rows, i) => rows.map((r, k) => (k === i ? (rows[i + 1] ?? r) : k === i + 1 ? (rows[i] as Row) : r)),
      (rows, i) => rows.filter((_, k) => k !== i),
    ]
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...tricky), { minLength: 2, maxLength: 9 }), fc.nat(), fc.nat(alterations.length - 1), async (data, at, which) => {
        const rows = rowsOf(data)
        const altered = (alterations[which] as (rows: Row[], i: number) => Row[])(rows, at % rows.length)
        const [a, b, c] = await verdicts(altered)
        expect(b).toEqual(a)
        expect(c).toEqual(a)
      }),
      { numRuns: 150 },
    )
  })

  it('calls a stored body that is not JSON changed content at its position', async () => {
    const rows = rowsOf(tricky).map((r, k) => (k === 2 ? { ...r, body: r.body.slice(0, 40) } : r))
    for (const store of [storeOf(rows).raw, storeOf(rows).text])
      expect(await verifyChain(store)()).toMatchObject({ _tag: 'Right', right: { ok: false, position: 3, problem: 'content-changed' } })
  })

  it('calls an entry without a whole-number position changed content, on both paths', async () => {
    const rows = rowsOf(tricky).map((r, k) => {
      if (k !== 1) return r
      const { position: _position, ...rest } = JSON.parse(r.body) as Record<string, unknown>
      const body = canonicalJson(rest as Json)
      return { hash: hashBody(body), body }
    })
    const [a, b, c] = await verdicts(rows)
    expect(a).toMatchObject({ ok: false, position: 2, problem: 'content-changed' })
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })

  it('never calls a log intact under a signed checkpoint when a body was rewritten and its hash recomputed, on any path (property)', async () => {
    const keys = generateSigningKeys()
    const rehashed: ReadonlyArray<(body: string) => string> = [
      (body) => JSON.stringify(JSON.parse(body), null, 1), // re-spaced
      (body) => body.replace('"revision":1', '"revision":2'), // another fact
      () => `{"data":{"position":1,"prevHash":"${GENESIS_HASH}"},"x":1}`, // the link only nested
      (body) => body.slice(body.indexOf('"position":'), body.indexOf(',"recordedAt"')), // not JSON, the link left in it
      (body) => body.replace('{', '{"position":0,'), // the key twice
    ]
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...tricky), { minLength: 1, maxLength: 7 }), fc.nat(), fc.nat(rehashed.length - 1), async (data, at, how) => {
        const rows = rowsOf(data)
        const i = at % rows.length
        const head = (rows[rows.length - 1] as Row).hash
        const checkpoint = signCheckpoint({ origin: 'test', size: rows.length, head, at: '2025-12-31T15:59:59.999Z' }, keys.privateKey)
        const body = (rehashed[how] as (b: string) => string)((rows[i] as Row).body)
        const altered = rows.map((r, k) => (k === i ? { hash: hashBody(body), body } : r))
        const trusted = unwrap(trustCheckpoints([checkpoint], keys.publicKey))
        const { parsed, raw, text } = storeOf(altered)
        // the parsed path may fail to read a body that is not JSON: that too is no verdict of intact
        for (const store of [parsed, raw, text]) expect(await verifyChain(store, trusted, 3)()).not.toMatchObject({ _tag: 'Right', right: { ok: true } })
      }),
      { numRuns: 150 },
    )
  })
})
