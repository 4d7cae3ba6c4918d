import {
  codeKey,
  DELTA_WIDTH as W,
  entryBody,
  GENESIS_HASH,
  generateSigningKeys,
  hashBody,
  loadTally,
  signCheckpoint,
  tallyDeltas,
  trustCheckpoints,
  verifyChain,
  verifyStore,
  type Entry,
  type EventStore,
  type Known,
  type Tampering,
  type TrustedCheckpoints,
  type UnsealedEntry,
  type Verification,
} from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { plan } from '../generator/county.js'
import { describe, expect, it } from 'vitest'

/*
 * The tamper matrices: for every position of a log, each kind of tampering
 * someone with write access to the database could do — done with SQL on the
 * real rows — must be found by verify at that place.
 *
 * The first matrix alters the entries. Its chain walk (`verifyChain`) runs
 * twice: with the chain alone (some tampering is invisible to it: a cut
 * tail, a tail re-hashed end to end), and with a signed checkpoint at every
 * size, which catches all of it where it happened. The whole verify
 * (`verifyStore`) holds the derived data to the entries as well, and finds
 * some of what the chain alone cannot.
 *
 * The second alters what the store derives from the entries and reports read:
 * the deltas of the commit blocks, the blocks themselves, the snapshots, the
 * columns beside each body, the head. Each is caught by verify at that
 * place, or provably changes no figure. Where the rows no longer hang
 * together, a report refuses to print from them (INTEGRITY_FAILED) or
 * prints the true figures; where only their content changed, verify alone
 * can tell, and does.
 */

/** What a test does to a store's entry rows directly. Positions are the stored ones. */
export interface Rows {
  /** write this entry's canonical body (`entryBody`) and/or hash into the row at `position` */
  readonly rewrite: (position: number, change: { readonly entry?: UnsealedEntry; readonly hash?: string }) => Promise<void>
  /** write this text as the stored body at `position`, as it is */
  readonly setBody: (position: number, body: string) => Promise<void>
  /** set a column kept beside the body */
  readonly setColumn: (position: number, column: 'id' | 'stream' | 'revision', value: string | number) => Promise<void>
  /** delete the rows at positions from..to, both included */
  readonly remove: (from: number, to: number) => Promise<void>
  /** exchange the positions of two rows */
  readonly swap: (a: number, b: number) => Promise<void>
}

/** A commit block as stored, its numbers as plain lists. */
export interface StoredCommit {
  readonly first: number
  readonly last: number
  readonly recordedAt: number
  readonly counts: ReadonlyArray<number>
  readonly deltas: ReadonlyArray<number>
}

export interface StoredSnapshot {
  readonly position: number
  readonly recordedAt: number
  readonly deltas: ReadonlyArray<number>
}

/** What a test does to the rows a store derives from its entries. */
export interface DerivedRows {
  readonly commits: () => Promise<ReadonlyArray<StoredCommit>>
  /** write a commit row, replacing the one with the same last position if there is one */
  readonly putCommit: (commit: StoredCommit) => Promise<void>
  readonly deleteCommit: (last: number) => Promise<void>
  readonly snapshots: () => Promise<ReadonlyArray<StoredSnapshot>>
  /** write a snapshot row, replacing the one at the same position if there is one */
  readonly putSnapshot: (snapshot: StoredSnapshot) => Promise<void>
  readonly deleteSnapshot: (position: number) => Promise<void>
  /** where the store keeps a head row apart from its entries */
  readonly setHead?: (head: { readonly position: number; readonly hash: string; readonly recordedAt: number }) => Promise<void>
  /** where the store keeps each entry's recordedAt in a column beside its body */
  readonly setRecordedAt?: (position: number, recordedAt: number) => Promise<void>
}

export interface Tamperable {
  /** a store holding a copy of the log given to `copy`, derived data and all */
  readonly store: EventStore
  readonly rows: Rows
  readonly derived: DerivedRows
  readonly dispose: () => Promise<void>
}

export interface TamperSetup {
  /** the log every case starts from, as recorded by a ledger on this kind of store in several commits, with snapshots kept */
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

const at = (log: ReadonlyArray<Entry>, p: number): Entry => log[p - 1] as Entry
const found = (problem: Tampering, position: number): Expect => ({ ok: false, problem, position })

interface EntryCase {
  readonly name: string
  /** positions it applies to, of n */
  readonly at: (p: number, n: number) => boolean
  readonly apply: (rows: Rows, p: number, log: ReadonlyArray<Entry>) => Promise<void>
  /** what the chain walk says alone, and with a checkpoint signed at every size */
  readonly alone: (p: number, n: number) => Expect
  readonly signed: (p: number, n: number) => Expect
  /** what the whole verify says, without checkpoints */
  readonly whole: (p: number, n: number) => Expect
}

const entryCases: ReadonlyArray<EntryCase> = [
  {
    name: 'UPDATE of the body',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, { entry: forgedData(unsealed(at(log, p))) }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
    whole: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of the body to the same entry written otherwise (white space)',
    at: () => true,
    apply: (rows, p, log) => rows.setBody(p, JSON.stringify(JSON.parse(entryBody(unsealed(at(log, p)))), null, 1)),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
    whole: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of the hash',
    at: () => true,
    apply: (rows, p) => rows.rewrite(p, { hash: `sha256:${'f'.repeat(64)}` }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
    whole: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of prev_hash',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, { entry: { ...unsealed(at(log, p)), prevHash: `sha256:${'e'.repeat(64)}` } }),
    alone: (p) => found('content-changed', p),
    signed: (p) => found('content-changed', p),
    whole: (p) => found('content-changed', p),
  },
  {
    name: 'UPDATE of prev_hash, the entry re-hashed',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, sealed({ ...unsealed(at(log, p)), prevHash: `sha256:${'e'.repeat(64)}` })),
    alone: (p) => found('link-broken', p),
    signed: (p) => found('link-broken', p),
    whole: (p) => found('link-broken', p),
  },
  {
    name: 'UPDATE of the body, the entry re-hashed',
    at: () => true,
    apply: (rows, p, log) => rows.rewrite(p, sealed(forgedData(unsealed(at(log, p))))),
    alone: (p, n) => (p < n ? found('link-broken', p + 1) : { ok: true, count: n }),
    signed: (p) => found('content-changed', p),
    // data the ledger could never have recorded: found where it stands, chain or no chain
    whole: (p) => found('invalid-entry', p),
  },
  {
    name: 'DELETE of a row',
    at: () => true,
    apply: (rows, p) => rows.remove(p, p),
    alone: (p, n) => (p < n ? found('position-missing', p) : { ok: true, count: n - 1 }),
    signed: (p, n) => found(p < n ? 'position-missing' : 'log-truncated', p),
    // the commit rows still hold the deleted last entry's deltas
    whole: (p, n) => (p < n ? found('position-missing', p) : found('derived-changed', p)),
  },
  {
    name: 'two rows swapping positions',
    at: (p, n) => p < n,
    apply: (rows, p) => rows.swap(p, p + 1),
    alone: (p) => found('entries-reordered', p),
    signed: (p) => found('entries-reordered', p),
    whole: (p) => found('entries-reordered', p),
  },
  {
    name: 'the tail cut off',
    at: () => true,
    apply: (rows, p, log) => rows.remove(p, log.length),
    alone: (p) => ({ ok: true, count: p - 1 }),
    signed: (p) => found('log-truncated', p),
    whole: (p) => found('derived-changed', p),
  },
  {
    name: 'a forged tail re-hashed end to end',
    at: () => true,
    apply: async (rows, p, log) => {
      for (const [k, s] of rehashedFrom(log, p - 1).entries()) await rows.rewrite(p + k, s)
    },
    alone: (_p, n) => ({ ok: true, count: n }),
    signed: (p) => found('content-changed', p),
    whole: (p) => found('invalid-entry', p),
  },
]

/** Said as every message a person reads is: a Chinese sentence first, then ` / ` once, then the English. */
const saidOnce = (text: string): boolean => /^\p{Script=Han}/u.test(text) && text.split(' / ').length === 2

/** A finding's detail holds to that rule; `what` names the case for the failure. */
const expectSaid = (v: Verification, what: string): void => {
  if (!v.ok) expect(saidOnce(v.detail), `${what}: the detail ${JSON.stringify(v.detail)}`).toBe(true)
}

const ok = (v: E.Either<{ readonly message: string }, Verification>): Verification => {
  if (E.isLeft(v)) throw new Error(v.left.message)
  return v.right
}

/** Run the matrices of tampering with entries and with derived data on a kind of store. */
export const tamperMatrix = (name: string, setup: () => Promise<TamperSetup>, keeps: Keeps = {}): void => {
  describe(`${name}: tampering with entries in the database is found where it happened`, () => {
    const keys = generateSigningKeys()
    for (const c of entryCases)
      it(c.name, async () => {
        const s = await setup()
        try {
          const log = await s.log()
          const n = log.length
          const checkpoints = log.map((e) => signCheckpoint({ origin: name, size: e.position, head: e.hash, at: e.recordedAt }, keys.privateKey))
          const trust = trustCheckpoints(checkpoints, keys.publicKey)
          if (E.isLeft(trust)) throw new Error(trust.left.message)
          const trusted: TrustedCheckpoints = trust.right
          const tally = { tried: 0, alone: 0, signed: 0, whole: 0 }
          for (let p = 1; p <= n; p++) {
            if (!c.at(p, n)) continue
            const copy = await s.copy()
            try {
              expect(ok(await verifyStore(copy.store, undefined, 3)()), 'the copy before tampering').toMatchObject({ ok: true, count: n })
              await c.apply(copy.rows, p, log)
              const verdicts = {
                alone: ok(await verifyChain(copy.store, undefined, 3)()),
                signed: ok(await verifyChain(copy.store, trusted, 3)()),
                whole: ok(await verifyStore(copy.store, undefined, 3)()),
              }
              expect(verdicts.alone, `${c.name} at ${p}, chain alone`).toMatchObject(c.alone(p, n))
              expect(verdicts.signed, `${c.name} at ${p}, with checkpoints`).toMatchObject(c.signed(p, n))
              expect(verdicts.whole, `${c.name} at ${p}, the whole verify`).toMatchObject(c.whole(p, n))
              for (const k of ['alone', 'signed', 'whole'] as const) expectSaid(verdicts[k], `${c.name} at ${p}, ${k}`)
              tally.tried++
              for (const k of ['alone', 'signed', 'whole'] as const) if (!verdicts[k].ok) tally[k]++
            } finally {
              await copy.dispose()
            }
          }
          expect(tally.tried).toBeGreaterThanOrEqual(n - 1)
          // every miss is one the chain alone cannot see by its nature (a cut tail, a tail re-hashed end to end)
          console.info(
            `tamper ${name} · ${c.name}: tried ${tally.tried}; caught by the chain alone ${tally.alone}, with checkpoints ${tally.signed}, by the whole verify ${tally.whole}; missed with checkpoints ${tally.tried - tally.signed}`,
          )
        } finally {
          await s.dispose()
        }
      })
  })
  derivedMatrix(name, setup, keeps)
}

/** What a derived case is applied against: the log, and the rows derived from it as the copy holds them before tampering. */
interface Context {
  readonly log: ReadonlyArray<Entry>
  readonly commits: ReadonlyArray<StoredCommit>
  readonly snapshots: ReadonlyArray<StoredSnapshot>
}

/** What a report does with the tampered rows, and why that is sound. */
type Report =
  /** it refuses (INTEGRITY_FAILED) or prints the true figures, at every cut */
  | 'refuses-or-true'
  /** the tampering changes no figure, and verify says the ledger is intact */
  | 'no-figure-changes'
  /** only the content changed: verify alone can tell, and does */
  | 'verify-only'

interface DerivedCase {
  readonly name: string
  readonly at: (p: number, c: Context) => boolean
  readonly apply: (rows: DerivedRows & Rows, p: number, c: Context) => Promise<void>
  /** the verdict, or a test of it for a case found anywhere in a range */
  readonly whole: (p: number, c: Context) => Expect | ((v: Verification) => boolean)
  readonly report: Report
  /** only on stores that keep what it tampers with */
  readonly needs?: keyof Keeps
}

/** What a store keeps beyond the entries, commit blocks and snapshots every store with derived data keeps. */
export interface Keeps {
  /** a head row apart from the entries (`DerivedRows.setHead`) */
  readonly headRow?: boolean
  /** each entry's recordedAt in a column beside its body (`DerivedRows.setRecordedAt`) */
  readonly recordedAtColumn?: boolean
}

const DAY_MS = 86_400_000
const commitOf = (c: Context, p: number): StoredCommit => c.commits.find((b) => b.first <= p && p <= b.last) as StoredCommit
const isFirst = (c: Context, p: number): boolean => c.commits.some((b) => b.first === p)
const isLast = (c: Context, p: number): boolean => c.commits.some((b) => b.last === p)
const recordedAtOf = (c: Context, p: number): number => Date.parse(at(c.log, p).recordedAt)

/*
 * Where the numbers of a stored delta stand (delta format 2): the series's
 * four keys, then day, quantity, events.
 */
const TOWN = 1
const DAY = 4
const QUANTITY = 5

/** Each code key of Jiaxiang's plan as the number its catalogue gave the code before keys were the codes' own (derivation rules 3). */
const catalogueNumber = ((): ((part: 'town' | 'unit' | 'sector', key: number) => number) => {
  const numbered = (xs: ReadonlyArray<{ readonly code: string }>): ReadonlyMap<number, number> => new Map(xs.map((x, i) => [codeKey(x.code), i + 1]))
  const byPart = { town: numbered(plan.towns), unit: numbered(plan.recorders), sector: numbered(plan.sectors) }
  return (part, key) => (key === 0 ? 0 : (byPart[part].get(key) ?? 0))
})()

/**
 * Format-2 deltas as the release before format 2 stored them (format 1: the
 * series packed into one number, ((metric × 32 + town) × 128 + unit) × 64 +
 * sector, then day, quantity, events, the parts numbered by Jiaxiang's
 * catalogue): for writing an older ledger's rows, as a forger or a migration
 * test would. The codes must be Jiaxiang's.
 */
export const formatOne = (d: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(Math.floor(d.length / W) * 4)
  for (let i = 0, at = 0; i + W <= d.length; i += W, at += 4) {
    const n = (k: number): number => d[i + k] as number
    const series = ((n(0) * 32 + catalogueNumber('town', n(1))) * 128 + catalogueNumber('unit', n(2))) * 64 + catalogueNumber('sector', n(3))
    out.set([series, n(4), n(5), n(6)], at)
  }
  return out
}

/** Where entry `p`'s numbers begin in its block. */
const offsetOf = (b: StoredCommit, p: number): number => b.counts.slice(0, p - b.first).reduce((x, y) => x + y, 0)

/** The series (four keys) of the block's first cell, or a metric's if it has none. */
const seriesOf = (b: StoredCommit): ReadonlyArray<number> => (b.deltas.length >= W ? b.deltas.slice(0, DAY) : [4, 0, 0, 0])

/** The block with entry `p`'s delta changed: one quantity more, or a cell added where it had none. */
const withDeltaChanged = (b: StoredCommit, p: number): StoredCommit => {
  const i = p - b.first
  const from = offsetOf(b, p)
  const deltas = [...b.deltas]
  const counts = [...b.counts]
  if ((b.counts[i] as number) >= W) deltas[from + QUANTITY] = (deltas[from + QUANTITY] as number) + 1
  else {
    // a cell of the first series the block knows, one quantity and one event
    deltas.splice(from, 0, ...seriesOf(b), b.deltas[DAY] ?? 20_000, 1, 1)
    counts[i] = W
  }
  return { ...b, counts, deltas }
}

/** The block with entry `p`'s delta changed (`withDeltaChanged`), and numbers of its first cell set: `set[k]` as number `k`. */
const withNumbersSet = (b: StoredCommit, p: number, set: Readonly<Record<number, number>>): StoredCommit => {
  const changed = withDeltaChanged(b, p)
  const from = offsetOf(changed, p)
  return { ...changed, deltas: changed.deltas.map((x, i) => set[i - from] ?? x) }
}

/** The block with cells put before entry `p`'s first, made from that cell's series and day. */
const withCells = (b: StoredCommit, p: number, cells: (cell: ReadonlyArray<number>) => ReadonlyArray<number>): StoredCommit => {
  const i = p - b.first
  const from = offsetOf(b, p)
  const added = cells(b.deltas.slice(from, from + DAY + 1))
  const deltas = [...b.deltas]
  deltas.splice(from, 0, ...added)
  return { ...b, counts: b.counts.map((n, k) => (k === i ? n + added.length : n)), deltas }
}

const inRange = (problem: Tampering, from: number, to: number) => (v: Verification) => !v.ok && v.problem === problem && v.position >= from && v.position <= to

const derivedCases: ReadonlyArray<DerivedCase> = [
  {
    name: 'a delta changed in its commit block',
    at: () => true,
    apply: (rows, p, c) => rows.putCommit(withDeltaChanged(commitOf(c, p), p)),
    whole: (p) => found('derived-changed', p),
    report: 'verify-only',
  },
  {
    name: 'a delta made into numbers that are no delta: an unknown series, a quantity that is not a number',
    at: () => true,
    apply: (rows, p, c) => rows.putCommit(withNumbersSet(commitOf(c, p), p, { 0: 2 ** 40, [QUANTITY]: Number.NaN })),
    // a block that is no deltas at all is named as a whole, where it begins
    whole: (p, c) => ({ ok: false, problem: 'derived-changed', position: commitOf(c, p).first, derived: { kind: 'commit', first: commitOf(c, p).first, last: commitOf(c, p).last } }),
    report: 'refuses-or-true',
  },
  {
    name: 'a key of a delta made into a number that is no key: a town of half a key',
    at: () => true,
    apply: (rows, p, c) => rows.putCommit(withNumbersSet(commitOf(c, p), p, { [TOWN]: 0.5 })),
    whole: (p, c) => ({ ok: false, problem: 'derived-changed', position: commitOf(c, p).first, derived: { kind: 'commit', first: commitOf(c, p).first, last: commitOf(c, p).last } }),
    report: 'refuses-or-true',
  },
  {
    name: 'a delta moved to a town key far beyond any catalogue of today',
    at: () => true,
    apply: (rows, p, c) => rows.putCommit(withNumbersSet(commitOf(c, p), p, { [TOWN]: 2 ** 40 })),
    whole: (p) => found('derived-changed', p),
    report: 'verify-only',
  },
  {
    name: 'cells that only sum to the true ones: a cancelling pair beside a true cell',
    at: (p, c) => {
      const b = commitOf(c, p)
      return (b.counts[p - b.first] as number) >= W
    },
    apply: (rows, p, c) => rows.putCommit(withCells(commitOf(c, p), p, (cell) => [...cell, 2 ** 52, 0, ...cell, -(2 ** 52), 0])),
    whole: (p) => found('derived-changed', p),
    report: 'refuses-or-true',
  },
  {
    name: 'cells that cancel only in floating point: 1e300 and its negation beside a true cell',
    at: (p, c) => {
      const b = commitOf(c, p)
      return (b.counts[p - b.first] as number) >= W
    },
    apply: (rows, p, c) => rows.putCommit(withCells(commitOf(c, p), p, (cell) => [...cell, 1e300, 0, ...cell, -1e300, 0])),
    whole: (p, c) => ({ ok: false, problem: 'derived-changed', position: commitOf(c, p).first, derived: { kind: 'commit', first: commitOf(c, p).first, last: commitOf(c, p).last } }),
    report: 'refuses-or-true',
  },
  {
    name: "a commit row's recorded_at set to no instant at all",
    at: (p, c) => isFirst(c, p),
    apply: (rows, p, c) => rows.putCommit({ ...commitOf(c, p), recordedAt: 9e15 }),
    whole: (p) => found('derived-changed', p),
    report: 'refuses-or-true',
  },
  {
    name: 'a snapshot whose cells only sum to the true ones, cancelling in floating point',
    at: (p, c) => c.snapshots.some((s) => s.position === p),
    apply: (rows, p, c) => {
      const s = c.snapshots.find((x) => x.position === p) as StoredSnapshot
      const cell = s.deltas.slice(0, DAY + 1)
      return rows.putSnapshot({ ...s, deltas: [...cell, 1e300, 0, ...s.deltas, ...cell, -1e300, 0] })
    },
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p, derived: { kind: 'snapshot', position: p } }),
    report: 'refuses-or-true',
  },
  {
    name: "a snapshot's recorded_at set to no instant at all",
    at: (p, c) => c.snapshots.some((s) => s.position === p),
    apply: (rows, p, c) => rows.putSnapshot({ ...(c.snapshots.find((x) => x.position === p) as StoredSnapshot), recordedAt: -9e15 }),
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p, derived: { kind: 'snapshot', position: p } }),
    report: 'refuses-or-true',
  },
  {
    name: 'a commit row deleted',
    at: (p, c) => isFirst(c, p),
    apply: (rows, p, c) => rows.deleteCommit(commitOf(c, p).last),
    whole: (p) => found('derived-changed', p),
    report: 'refuses-or-true',
  },
  {
    name: 'a commit row inserted, holding one entry again',
    at: (p, c) => !isLast(c, p),
    apply: (rows, p, c) => rows.putCommit({ first: p, last: p, recordedAt: recordedAtOf(c, p), counts: [W], deltas: [...seriesOf(commitOf(c, p)), 20_000, 1, 1] }),
    whole: (p, c) => found('derived-changed', commitOf(c, p).first),
    report: 'refuses-or-true',
  },
  {
    name: 'a commit row inserted beyond the last entry',
    at: (p, c) => p === c.log.length,
    apply: (rows, p, c) => rows.putCommit({ first: p + 1, last: p + 1, recordedAt: recordedAtOf(c, p) + 1, counts: [W], deltas: [...seriesOf(commitOf(c, p)), 20_000, 1, 1] }),
    whole: (p) => found('derived-changed', p + 1),
    report: 'refuses-or-true',
  },
  {
    name: 'a commit row moved to other positions',
    at: (p, c) => isFirst(c, p),
    apply: async (rows, p, c) => {
      const b = commitOf(c, p)
      // one place later where nothing ends there; else it claims to begin one later
      const later = !c.commits.some((x) => x.last === b.last + 1)
      await rows.deleteCommit(b.last)
      await rows.putCommit(later ? { ...b, first: b.first + 1, last: b.last + 1 } : { ...b, first: b.first + 1 })
    },
    whole: (p, c) => inRange('derived-changed', p - 1, commitOf(c, p).last + 1),
    report: 'refuses-or-true',
  },
  {
    name: "a commit row's recorded_at moved by a year",
    at: (p, c) => isFirst(c, p),
    apply: (rows, p, c) => rows.putCommit({ ...commitOf(c, p), recordedAt: commitOf(c, p).recordedAt + 365 * DAY_MS }),
    whole: (p) => found('derived-changed', p),
    report: 'refuses-or-true',
  },
  {
    name: 'a snapshot changed',
    at: (p, c) => c.snapshots.some((s) => s.position === p),
    apply: (rows, p, c) => {
      const s = c.snapshots.find((x) => x.position === p) as StoredSnapshot
      return rows.putSnapshot({ ...s, deltas: s.deltas.map((x, i) => (i === QUANTITY ? x + 1 : x)) })
    },
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p, derived: { kind: 'snapshot', position: p } }),
    report: 'verify-only',
  },
  {
    name: 'a snapshot added',
    at: (p, c) => !c.snapshots.some((s) => s.position === p),
    // the tally of nothing, as known at an entry's very instant: a replay from it would miss everything before
    apply: (rows, p, c) => rows.putSnapshot({ position: p, recordedAt: recordedAtOf(c, p), deltas: [] }),
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p, derived: { kind: 'snapshot', position: p } }),
    report: 'verify-only',
  },
  {
    name: "a snapshot's recorded_at moved",
    at: (p, c) => c.snapshots.some((s) => s.position === p),
    apply: (rows, p, c) => {
      const s = c.snapshots.find((x) => x.position === p) as StoredSnapshot
      return rows.putSnapshot({ ...s, recordedAt: s.recordedAt - 365 * DAY_MS })
    },
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p, derived: { kind: 'snapshot', position: p } }),
    report: 'refuses-or-true',
  },
  {
    name: 'a snapshot deleted',
    at: (p, c) => c.snapshots.some((s) => s.position === p),
    apply: (rows, p) => rows.deleteSnapshot(p),
    whole: (_p, c) => ({ ok: true, count: c.log.length }),
    report: 'no-figure-changes',
  },
  {
    name: 'a snapshot beyond the last entry',
    at: (p, c) => p === c.log.length,
    apply: (rows, p, c) => rows.putSnapshot({ position: p + 2, recordedAt: recordedAtOf(c, p) + 1, deltas: [] }),
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p + 2, derived: { kind: 'snapshot', position: p + 2 } }),
    report: 'refuses-or-true',
  },
  {
    name: 'the id column changed',
    at: () => true,
    apply: (rows, p) => rows.setColumn(p, 'id', '00000000-0000-4000-8000-00000000dead'),
    whole: (p) => found('column-changed', p),
    report: 'verify-only',
  },
  {
    name: 'the stream column changed',
    at: () => true,
    apply: (rows, p) => rows.setColumn(p, 'stream', 'vehicle-LSVAM4187C9999999'),
    whole: (p) => found('column-changed', p),
    report: 'verify-only',
  },
  {
    name: 'the revision column changed',
    at: () => true,
    apply: (rows, p) => rows.setColumn(p, 'revision', 99),
    whole: (p) => found('column-changed', p),
    report: 'verify-only',
  },
  {
    name: 'the recorded_at column changed',
    needs: 'recordedAtColumn',
    at: () => true,
    apply: (rows, p, c) => (rows.setRecordedAt as NonNullable<DerivedRows['setRecordedAt']>)(p, recordedAtOf(c, p) + 365 * DAY_MS),
    whole: (p) => found('column-changed', p),
    report: 'verify-only',
  },
  {
    name: 'the head row moved back',
    needs: 'headRow',
    at: (p, c) => p < c.log.length,
    apply: (rows, p, c) => (rows.setHead as NonNullable<DerivedRows['setHead']>)({ position: p, hash: at(c.log, p).hash, recordedAt: recordedAtOf(c, p) }),
    whole: (p) => ({ ok: false, problem: 'derived-changed', position: p + 1, derived: { kind: 'head' } }),
    report: 'refuses-or-true',
  },
]

/** The figures a report would print from a store, as known at `known`: the tally, or the refusal's code (its message said as every message is). */
const figures = async (store: EventStore, known: Known): Promise<string | ReadonlyArray<number>> => {
  const tally = await loadTally(store, known)()
  if (E.isRight(tally)) return [tally.right.position, tally.right.recordedAt, ...tallyDeltas(tally.right)]
  expect(saidOnce(tally.left.message), `the refusal ${JSON.stringify(tally.left.message)}`).toBe(true)
  return tally.left.code
}

/** Run the matrix of tampering with derived data on a kind of store. */
const derivedMatrix = (name: string, setup: () => Promise<TamperSetup>, keeps: Keeps): void => {
  describe(`${name}: tampering with derived data in the database is found where it happened, and no report prints from it unseen`, () => {
    for (const c of derivedCases.filter((x) => x.needs === undefined || keeps[x.needs] === true))
      it(c.name, async () => {
        const s = await setup()
        try {
          const log = await s.log()
          const n = log.length
          const pristine = await s.copy()
          const context: Context = { log, commits: await pristine.derived.commits(), snapshots: await pristine.derived.snapshots() }
          // the true figures: at every entry's instant, and now
          const cuts: ReadonlyArray<Known> = [{}, ...log.map((e) => ({ recordedAt: Date.parse(e.recordedAt) })), { recordedAt: Date.parse(log[0]?.recordedAt ?? '') - 1 }]
          const truth = await Promise.all(cuts.map((k) => figures(pristine.store, k)))
          await pristine.dispose()
          expect(context.commits.length, 'the log is recorded in several commits').toBeGreaterThan(2)
          expect(context.snapshots.length, 'and keeps snapshots').toBeGreaterThan(0)
          const tally = { tried: 0, caught: 0, refused: 0 }
          for (let p = 1; p <= n; p++) {
            if (!c.at(p, context)) continue
            const copy = await s.copy()
            try {
              await c.apply({ ...copy.rows, ...copy.derived }, p, context)
              const v = ok(await verifyStore(copy.store, undefined, 3)())
              const expected = c.whole(p, context)
              if (typeof expected === 'function') expect(expected(v), `${c.name} at ${p}: ${JSON.stringify(v)}`).toBe(true)
              else expect(v, `${c.name} at ${p}`).toMatchObject(expected)
              expectSaid(v, `${c.name} at ${p}`)
              if (c.report !== 'verify-only') {
                const printed = await Promise.all(cuts.map((k) => figures(copy.store, k)))
                printed.forEach((f, i) => {
                  if (c.report === 'refuses-or-true' && f === 'INTEGRITY_FAILED') return
                  expect(f, `${c.name} at ${p}: the figures known at cut ${i}`).toEqual(truth[i])
                })
                tally.refused += printed.filter((f) => f === 'INTEGRITY_FAILED').length
              }
              tally.tried++
              if (!v.ok) tally.caught++
            } finally {
              await copy.dispose()
            }
          }
          expect(tally.tried).toBeGreaterThan(0)
          const neutral = c.report === 'no-figure-changes' ? tally.tried : 0
          console.info(
            `tamper ${name} · ${c.name}: tried ${tally.tried}; caught by verify ${tally.caught}; changed no figure ${neutral}; missed ${tally.tried - tally.caught - neutral}; reports refused ${tally.refused} of ${c.report === 'verify-only' ? 0 : tally.tried * cuts.length} readings, the rest printed the true figures`,
          )
        } finally {
          await s.dispose()
        }
      })
  })
}
