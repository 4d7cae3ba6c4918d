import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAD, entryBody, seal } from '../chain.js'
import { draft } from '../drafts.test-helpers.js'
import type { Entry } from '../envelope.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { verifyStore, type Verification } from './verify.js'

/*
 * A store may offer its stored bodies raw, and verifying then hashes the
 * bytes instead of parsing and re-serialising. Whatever a body holds, the
 * verdict must be the one the parsed path gives.
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
  const parsed: EventStore = { ...memoryStore(), readAll: (p) => TE.right(page(p).map((r) => ({ ...(JSON.parse(r.body) as Omit<Entry, 'hash'>), hash: r.hash }))) }
  return {
    parsed,
    raw: { ...parsed, readRaw: rawPage((r) => Buffer.from(r.body, 'utf8')) },
    text: { ...parsed, readRaw: rawPage((r) => r.body) },
  }
}

/** The verdicts of the parsed path, then of raw bytes, then of raw text. */
const verdicts = async (rows: ReadonlyArray<Row>): Promise<[Verification, Verification, Verification]> => {
  const { parsed, raw, text } = storeOf(rows)
  const [a, b, c] = await Promise.all([parsed, raw, text].map((store) => verifyStore(store, undefined, 3)()))
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

  it('gives the parsed verdict for every alteration of a row: re-spaced, rewritten, re-hashed, swapped, removed', async () => {
    const alterations: ReadonlyArray<(rows: Row[], i: number) => Row[]> = [
      (rows, i) => rows.map((r, k) => (k === i ? { ...r, body: JSON.stringify(JSON.parse(r.body), null, 1) } : r)),
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
      expect(await verifyStore(store)()).toMatchObject({ _tag: 'Right', right: { ok: false, position: 3, problem: 'content-changed' } })
  })
})
