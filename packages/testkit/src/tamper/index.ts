import {
  entryBody,
  GENESIS_HASH,
  hashBody,
  signCheckpoint,
  generateSigningKeys,
  trustCheckpoints,
  verifyStore,
  type Entry,
  type EventStore,
  type Tampering,
  type TrustedCheckpoints,
  type UnsealedEntry,
  type Verification,
} from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

/*
 * The tamper matrix: for every position of a log, each kind of tampering
 * someone with write access to the database could do — done with SQL on the
 * real rows — must be found by `verify` at exactly that position. Run twice:
 * with the chain alone (some tampering is invisible to it: a cut tail, a
 * tail re-hashed end to end), and with a signed checkpoint at every size,
 * which catches all of it where it happened.
 */

/** What a test does to a store's rows directly. Positions are the stored ones. */
export interface Rows {
  /** write this entry's canonical body (`entryBody`) and/or hash into the row at `position` */
  readonly rewrite: (position: number, change: { readonly entry?: UnsealedEntry; readonly hash?: string }) => Promise<void>
  /** delete the rows at positions from..to, both included */
  readonly remove: (from: number, to: number) => Promise<void>
  /** exchange the positions of two rows */
  readonly swap: (a: number, b: number) => Promise<void>
}

export interface Tamperable {
  /** a store holding a copy of the log given to `copy` */
  readonly store: EventStore
  readonly rows: Rows
  readonly dispose: () => Promise<void>
}

export interface TamperSetup {
  /** the log every case starts from, as recorded by a ledger on this kind of store */
  readonly log: () => Promise<ReadonlyArray<Entry>>
  /** a fresh store holding that log, to tamper with */
  readonly copy: () => Promise<Tamperable>
  readonly dispose: () => Promise<void>
}

const unsealed = ({ hash: _h, ...rest }: Entry): UnsealedEntry => rest
const sealed = (e: UnsealedEntry): { entry: UnsealedEntry; hash: string } => ({ entry: e, hash: hashBody(entryBody(e)) })
const forgedData = (e: UnsealedEntry): UnsealedEntry => ({ ...e, data: { ...(e.data as object), forged: true } })

/** Re-hash the log from index `from` on, the entry there changed: what a forger without the key can do. */
const rehashedFrom = (log: ReadonlyArray<Entry>, from: number): Array<{ entry: UnsealedEntry; hash: string }> => {
  let prevHash = from === 0 ? GENESIS_HASH : (log[from - 1] as Entry).hash
  return log.slice(from).map((e, k) => {
    const s = sealed({ ...(k === 0 ? forgedData(unsealed(e)) : unsealed(e)), prevHash })
    prevHash = s.hash
    return s
  })
}

type Expect = Partial<Verification> | { readonly ok: true; readonly count: number }

interface Case {
  readonly name: string
  /** positions it applies to, of n */
  readonly at: (p: number, n: number) => boolean
  readonly apply: (rows: Rows, p: number, log: ReadonlyArray<Entry>) => Promise<void>
  /** what verify says with the chain alone, and with a checkpoint signed at every size */
  readonly alone: (p: number, n: number) => Expect
  readonly signed: (p: number, n: number) => Expect
}

const at = (log: ReadonlyArray<Entry>, p: number): Entry => log[p - 1] as Entry
const found = (problem: Tampering, position: number): Expect => ({ ok: false, problem, position })

const cases: ReadonlyArray<Case> = [
  {
    name: 'UPDATE of the body',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, { entry: forgedData(unsealed(at(log, p))) }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of the hash',
    at: () => true,
    apply: (rows, p) => rows.rewrite(p, { hash: `sha256:${'f'.repeat(64)}` }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of prev_hash',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, { entry: { ...unsealed(at(log, p)), prevHash: `sha256:${'e'.repeat(64)}` } }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of prev_hash, the entry re-hashed',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, sealed({ ...unsealed(at(log, p)), prevHash: `sha256:${'e'.repeat(64)}` })),
    alone: (p) => found('link-broken', p),
    signed: (p) => found('link-broken', p),
  },
  {
    name: 'UPDATE of the body, the entry re-hashed',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, sealed(forgedData(unsealed(at(log, p))))),
    alone: (p, n) => (p < n ? found('link-broken', p + 1) : { ok: true, count: n }),
    signed: (p) => found('content-changed', p),
  },
  {
    name: 'DELETE of a row',
    at: () => true,
    apply: (rows, p) => rows.remove(p, p),
    alone: (p, n) => (p < n ? found('position-missing', p) : { ok: true, count: n - 1 }),
    signed: (p, n) => found(p < n ? 'position-missing' : 'log-truncated', p),
  },
  {
    name: 'two rows swapping positions',
    at: (p, n) => p < n,
    apply: (rows, p) => rows.swap(p, p + 1),
    alone: (p) => found('entries-reordered', p),
    signed: (p) => found('entries-reordered', p),
  },
  {
    name: 'the tail cut off',
    at: () => true,
    apply: (rows, p, log) => rows.remove(p, log.length),
    alone: (p) => ({ ok: true, count: p - 1 }),
    signed: (p) => found('log-truncated', p),
  },
  {
    name: 'a forged tail re-hashed end to end',
    at: () => true,
    apply: async (rows, p, log) => {
      for (const [k, s] of rehashedFrom(log, p - 1).entries()) await rows.rewrite(p + k, s)
    },
    alone: (_p, n) => ({ ok: true, count: n }),
    signed: (p) => found('content-changed', p),
  },
]

const verdict = async (store: EventStore, trusted?: TrustedCheckpoints): Promise<Verification> => {
  const v = await verifyStore(store, trusted, 3)()
  if (E.isLeft(v)) throw new Error(v.left.message)
  return v.right
}

/** Run the matrix on a kind of store. */
export const tamperMatrix = (name: string, setup: () => Promise<TamperSetup>): void => {
  describe(`${name}: tampering in the database is found where it happened`, () => {
    const keys = generateSigningKeys()
    for (const c of cases)
      it(c.name, async () => {
        const s = await setup()
        try {
          const log = await s.log()
          const n = log.length
          const checkpoints = log.map((e) => signCheckpoint({ origin: name, size: e.position, head: e.hash, at: e.recordedAt }, keys.privateKey))
          const trust = trustCheckpoints(checkpoints, keys.publicKey)
          if (E.isLeft(trust)) throw new Error(trust.left.message)
          const trusted = trust.right
          let tried = 0
          for (let p = 1; p <= n; p++) {
            if (!c.at(p, n)) continue
            const copy = await s.copy()
            try {
              expect(await verdict(copy.store), 'the copy before tampering').toMatchObject({ ok: true, count: n })
              await c.apply(copy.rows, p, log)
              expect(await verdict(copy.store), `${c.name} at ${p}, chain alone`).toMatchObject(c.alone(p, n))
              expect(await verdict(copy.store, trusted), `${c.name} at ${p}, with checkpoints`).toMatchObject(c.signed(p, n))
              tried++
            } finally {
              await copy.dispose()
            }
          }
          expect(tried).toBeGreaterThanOrEqual(n - 1)
        } finally {
          await s.dispose()
        }
      })
  })
}
