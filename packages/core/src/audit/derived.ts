import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { metricByKey } from '../metrics.js'
import { said, wordingOf, type Wording } from '../codecs.js'
import { canonicalJson, type Json } from '../canonical.js'
import type { Entry } from '../envelope.js'
import type { StorageFailed } from '../errors.js'
import { deriver, type Deriver } from '../projections/rebuild.js'
import { addDeltas, blockProblem, emptyTally, tallyDeltas } from '../projections/tally.js'
import type { DeltaBlock, EntryDeltas, EventStore, StoredColumns } from '../store.js'
import { storedDay, storedInstant } from '../time.js'
import { DELTA_WIDTH as W } from '../deltas.js'
import { attestationProblem, attestationShapeProblem, type Keyring } from '../attestation.js'
import type { DerivedPlace, Tampering } from './walker.js'

/*
 * The second half of verifying: everything a store keeps beside its
 * entries, checked against them. Reports read the deltas, snapshots and
 * columns, not the bodies, so a figure is proven only if they are: each
 * entry's delta is derived again from the events (the domain folded as the
 * ledger folded it when it recorded them) and compared with the stored one;
 * each commit block must cover its entries exactly and carry their
 * recordedAt; each snapshot must be the tally of the entries up to it;
 * each column beside a body must say what the body says; nothing derived
 * may stand beyond the last entry; the head must be the last entry.
 *
 * It walks the log in step with the chain walker and stops, saying nothing,
 * where the entries themselves stop making sense (a body that is not JSON,
 * a position out of order): the chain walker names those.
 */

export type DerivedVerdict =
  | { readonly ok: true; readonly count: number; readonly commits: number; readonly snapshots: number }
  | { readonly ok: false; readonly position: number; readonly problem: Tampering; readonly detail: string; readonly derived?: DerivedPlace }
  /** the entries stop making sense at `position`, which the chain walker reports */
  | { readonly ok: 'stopped'; readonly position: number }

type Failure = Extract<DerivedVerdict, { ok: false }>

/** A finding; its detail said as every message is (`said`). */
const fail = (position: number, problem: Tampering, detail: Wording, derived?: DerivedPlace): Failure =>
  derived === undefined ? { ok: false, position, problem, detail: said(detail) } : { ok: false, position, problem, detail: said(detail), derived }

/** A delta as cells summed by series and day, in order: for saying where two deltas differ (format 2: the sums are the last two numbers of a cell). */
const cellsOf = (d: Float64Array): Float64Array => {
  const sums = new Map<string, number[]>()
  for (let i = 0; i + W <= d.length; i += W) {
    const cell = [...d.subarray(i, i + W)]
    const k = cell.slice(0, W - 2).join('/')
    const c = sums.get(k)
    if (c === undefined) sums.set(k, cell)
    else {
      c[W - 2] = (c[W - 2] as number) + (cell[W - 2] as number)
      c[W - 1] = (c[W - 1] as number) + (cell[W - 1] as number)
    }
  }
  const order = (a: number[], b: number[]): number => {
    for (let k = 0; k < W - 2; k++) if (a[k] !== b[k]) return (a[k] as number) - (b[k] as number)
    return 0
  }
  return Float64Array.from([...sums.values()].sort(order).flat())
}

const sameArray = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/**
 * Where stored numbers differ from derived ones, in words, or undefined if
 * they are the very same numbers. Nothing less than the same numbers in the
 * same order will do: a tally folds floating-point numbers in its own order,
 * so stored cells that only sum to the derived ones (a huge number and its
 * negation beside a true one, a cell split or repeated) can still move a
 * figure once they meet the running sums.
 */
const difference = (stored: Float64Array, derived: Float64Array): Wording | undefined => {
  if (sameArray(stored, derived)) return undefined
  const a = cellsOf(stored)
  const b = cellsOf(derived)
  if (sameArray(a, b))
    return {
      zh: `所存的是同样的单元格，但写法不同（${stored.length / W} 个单元格，每个 ${W} 个数，而条目给出 ${derived.length / W} 个：单元格被拆分、重复或调换了顺序）`,
      en: `stored the same cells written otherwise (${stored.length / W} cells of ${W} numbers where the entries give ${derived.length / W}: cells split, repeated or reordered)`,
    }
  const cell = (c: Float64Array, i: number): Wording => {
    if (i * W >= c.length) return { zh: '无', en: 'nothing' }
    const [metric, , , , day, quantity, events] = c.subarray(i * W, i * W + W)
    const series = metricByKey.get(metric as number)?.name
    const key = [...c.subarray(i * W, i * W + 4)].join('/')
    return {
      zh: `${series ?? `序列 ${key}`} 于 ${storedDay(day)}：${quantity}（${events} 件事件）`,
      en: `${series ?? `series ${key}`} on ${storedDay(day)}: ${quantity} (${events} event${events === 1 ? '' : 's'})`,
    }
  }
  let i = 0
  while (i * W < a.length && i * W < b.length && a.subarray(i * W, i * W + W).every((x, k) => x === b[i * W + k])) i++
  const kept = cell(a, i)
  const given = cell(b, i)
  return { zh: `所存为 ${kept.zh}，由条目派生为 ${given.zh}`, en: `stored ${kept.en}, derived from the entries ${given.en}` }
}

/** The store's deltas entry by entry, as it keeps them: cut from commit blocks where it has them. */
interface StoredDeltas {
  /** the stored delta of the entry at `position` (positions asked in order), or what is wrong with the rows that should hold it */
  readonly at: (position: number) => Promise<E.Either<StorageFailed, EntryDeltas | Failure>>
  /** derived rows beyond the last entry, if any, as a failure */
  readonly beyond: (count: number) => Promise<E.Either<StorageFailed, Failure | undefined>>
  readonly commits: () => number
}

const blockLast = (b: DeltaBlock): number => b.first + b.counts.length - 1
const commitOf = (b: DeltaBlock): DerivedPlace => ({ kind: 'commit', first: b.first, last: blockLast(b) })

const fromBlocks = (read: NonNullable<EventStore['readDeltaBlocks']>, pageSize: number): StoredDeltas => {
  let blocks: ReadonlyArray<DeltaBlock> = []
  let index = 0
  /** the block the entries are in, with where each of its entries' numbers start */
  let entered: { readonly block: DeltaBlock; readonly offsets: ReadonlyArray<number> } | undefined
  /** the last position the blocks entered so far hold */
  let covered = 0
  let commits = 0
  return {
    commits: () => commits,
    at: async (position) => {
      for (;;) {
        if (entered !== undefined && position <= blockLast(entered.block)) {
          const { block, offsets } = entered
          const i = position - block.first
          return E.right({ position, recordedAt: block.recordedAt, deltas: block.deltas.subarray(offsets[i] as number, offsets[i + 1] as number) })
        }
        if (entered !== undefined) {
          covered = blockLast(entered.block)
          entered = undefined
          index++
        }
        if (index >= blocks.length) {
          const page = await read({ after: position - 1, limit: pageSize })()
          if (E.isLeft(page)) return page
          blocks = page.right
          index = 0
        }
        const b = blocks[index]
        if (b === undefined) return E.right(fail(position, 'derived-changed', { zh: `没有提交块含有条目 ${position}：有行被删除`, en: `no commit row holds entry ${position}: rows were deleted` }))
        const why = blockProblem(b)
        if (why !== undefined) return E.right(fail(position, 'derived-changed', { zh: `提交块 ${b.first}–${blockLast(b)}：${why.zh}`, en: `commit ${b.first}–${blockLast(b)}: ${why.en}` }, commitOf(b)))
        // the place named is the run of entries no row holds
        if (b.first > position)
          return E.right(fail(
              position,
              'derived-changed',
              { zh: `没有提交块含有条目 ${position}–${b.first - 1}（下一个提交块始于 ${b.first}）：有行被删除或移动`, en: `no commit row holds entries ${position}–${b.first - 1} (the next one begins at ${b.first}): rows were deleted or moved` },
              { kind: 'commit', first: position, last: b.first - 1 },
            ))
        if (b.first < position)
          return E.right(fail(
              position,
              'derived-changed',
              {
                zh: `提交块 ${b.first}–${blockLast(b)} 含有从 ${b.first} 起的条目，${covered === 0 ? '而没有条目位于该处' : `而它们已在止于 ${covered} 的提交块中`}`,
                en: `commit ${b.first}–${blockLast(b)} holds entries from ${b.first}, which ${covered === 0 ? 'no entry has' : `the commit ending at ${covered} holds`}`,
              },
              commitOf(b),
            ))
        const offsets = [0]
        for (const n of b.counts) offsets.push((offsets[offsets.length - 1] as number) + n)
        entered = { block: b, offsets }
        commits++
      }
    },
    beyond: async (count) => {
      const page = await read({ after: count, limit: 1 })()
      if (E.isLeft(page)) return page
      const extra = page.right.find((b) => blockLast(b) > count)
      return E.right(extra === undefined ? undefined : fail(count + 1, 'derived-changed', { zh: `提交块 ${extra.first}–${blockLast(extra)} 位于最后一个条目 ${count} 之后`, en: `commit ${extra.first}–${blockLast(extra)} stands beyond the last entry, ${count}` }, commitOf(extra)))
    },
  }
}

const fromEntryDeltas = (read: EventStore['readDeltas'], pageSize: number): StoredDeltas => {
  let page: ReadonlyArray<EntryDeltas> = []
  let index = 0
  return {
    commits: () => 0,
    at: async (position) => {
      if (index >= page.length || (page[index] as EntryDeltas).position > position) {
        const read1 = await read({ after: position - 1, limit: pageSize })()
        if (E.isLeft(read1)) return read1
        page = read1.right
        index = 0
      }
      const d = page[index]
      if (d === undefined || d.position !== position) return E.right(fail(position, 'derived-changed', { zh: `条目 ${position} 没有所存的增量`, en: `no stored delta for entry ${position}` }))
      index++
      return E.right(d)
    },
    beyond: async (count) => {
      const rest = await read({ after: count, limit: 1 })()
      if (E.isLeft(rest)) return rest
      const extra = rest.right[0]
      return E.right(extra === undefined ? undefined : fail(count + 1, 'derived-changed', { zh: `位置 ${extra.position} 存有增量，但它在最后一个条目 ${count} 之后`, en: `a stored delta for position ${extra.position}, beyond the last entry, ${count}` }))
    },
  }
}

const columnProblem = (entry: Entry, columns: StoredColumns, i: number): Wording | undefined => {
  const says = (name: string, stored: unknown, body: unknown): Wording | undefined =>
    stored === body
      ? undefined
      : { zh: `列 ${name} 为 ${JSON.stringify(stored)}，已封存的条目为 ${JSON.stringify(body)}`, en: `the ${name} column says ${JSON.stringify(stored)}, the sealed entry ${JSON.stringify(body)}` }
  return (
    says('position', columns.positions[i], entry.position) ??
    says('id', columns.ids[i], entry.id) ??
    says('stream', columns.streams[i], entry.stream) ??
    says('revision', columns.revisions[i], entry.revision) ??
    (columns.recordedAts === undefined ? undefined : says('recorded_at', columns.recordedAts[i], Date.parse(entry.recordedAt)))
  )
}

/** What is wrong with an entry, which it names: `why` as it was said (`中文 / English`), put after the entry. */
const about = (entry: Entry, which: string, why: string): Wording => {
  const w = wordingOf(why)
  return { zh: `条目 ${entry.position}（${which}）：${w.zh}`, en: `entry ${entry.position} (${which}): ${w.en}` }
}

/** Derive an entry's delta, reading its stream's earlier entries again if the deriver let them go: the delta, or why the entry does not derive. */
export const deriveWith = async (store: EventStore, d: Deriver, entry: Entry): Promise<E.Either<StorageFailed, Float64Array | string>> => {
  let derived = d.derive(entry)
  if ('needs' in derived) {
    const earlier = await store.readStream(derived.needs)()
    if (E.isLeft(earlier)) return earlier
    d.supply(derived.needs, earlier.right.filter((e) => e.position < entry.position))
    derived = d.derive(entry)
  }
  return E.right('deltas' in derived ? derived.deltas : 'needs' in derived ? said({ zh: `无法再次读取 ${derived.needs} 的历史`, en: `the history of ${derived.needs} could not be read again` }) : derived.problem)
}

/**
 * A page of entries as their bodies say, parsed here from the stored text
 * where the store can hand it over unparsed: a body that is not an entry
 * ends the page as `undefined`, for the chain walker to name. A body that
 * parses but is not its own canonical JSON (a key twice, white space) comes
 * with why: the chain walker passes it if its hash was recomputed.
 */
const entriesAfter = async (
  store: EventStore,
  after: number,
  limit: number,
): Promise<E.Either<StorageFailed, ReadonlyArray<{ readonly entry: Entry; readonly uncanonical?: true } | undefined>>> => {
  if (store.readRaw === undefined) return E.map((page: ReadonlyArray<Entry>) => page.map((entry) => ({ entry })))(await store.readAll({ after, limit })())
  const raw = await store.readRaw({ after, limit })()
  if (E.isLeft(raw)) return raw
  const out: Array<{ entry: Entry; uncanonical?: true } | undefined> = []
  const { hashes, bodies } = raw.right
  for (let i = 0; i < bodies.length; i++) {
    const body = bodies[i] as string | Uint8Array
    const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
    let parsed: unknown
    let canonical: string | undefined
    try {
      parsed = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object')
      canonical = canonicalJson(parsed as Json)
    } catch {
      out.push(undefined)
      break
    }
    // the parsed object is this walk's alone: its hash is set on it, not spread into a copy
    ;(parsed as { hash: string }).hash = hashes[i] ?? ''
    out.push(canonical === text ? { entry: parsed as Entry } : { entry: parsed as Entry, uncanonical: true })
  }
  return E.right(out)
}

/** What signatures are held to: the departments' public keys, and whether an entry without a signature is a finding. */
export interface SignatureCheck {
  readonly keyring: Keyring
  readonly requireSignatures?: boolean
}

export interface DerivedOptions extends Partial<SignatureCheck> {
  readonly pageSize: number
  /** stream histories kept in memory while deriving; default 500,000 */
  readonly historyCacheSize?: number
}

/** Check everything a store derives from its entries against them (see above). */
export const verifyDerived =
  (store: EventStore, { pageSize, historyCacheSize = 500_000, keyring, requireSignatures = false }: DerivedOptions): TaskEither<StorageFailed, DerivedVerdict> =>
  async () => {
    const listed = store.listSnapshots === undefined ? E.right([]) : await store.listSnapshots()()
    if (E.isLeft(listed)) return listed
    const snapshots = [...listed.right].sort((a, b) => a.position - b.position)
    let nextSnapshot = 0
    const truth = snapshots.length === 0 ? undefined : emptyTally()
    const stored = store.readDeltaBlocks === undefined ? fromEntryDeltas(store.readDeltas, pageSize) : fromBlocks(store.readDeltaBlocks, pageSize)
    const d = deriver({ historyCacheSize })
    let count = 0
    let last: Entry | undefined

    const checkSnapshot = async (entry: Entry): Promise<E.Either<StorageFailed, Failure | undefined>> => {
      for (; nextSnapshot < snapshots.length && (snapshots[nextSnapshot] as { position: number }).position <= entry.position; nextSnapshot++) {
        const { position, recordedAt } = snapshots[nextSnapshot] as { position: number; recordedAt: number }
        const at: DerivedPlace = { kind: 'snapshot', position }
        if (position < entry.position) return E.right(fail(position, 'derived-changed', { zh: `位置 ${position} 有快照，但该处没有经过核对的条目`, en: `a snapshot at ${position}, where no entry was checked` }, at))
        if (recordedAt !== Date.parse(entry.recordedAt))
          return E.right(fail(
              position,
              'derived-changed',
              {
                zh: `位置 ${position} 的快照称其取于 ${storedInstant(recordedAt)}，但条目 ${position} 的记录时间为 ${entry.recordedAt}`,
                en: `the snapshot at ${position} says it was taken at ${storedInstant(recordedAt)}, but entry ${position} was recorded at ${entry.recordedAt}`,
              },
              at,
            ))
        const kept = await store.readSnapshot?.({ position, recordedAt: Number.MAX_SAFE_INTEGER })()
        if (kept === undefined) return E.right(fail(position, 'derived-changed', { zh: `位置 ${position} 的快照已列出，但无法读取`, en: `the snapshot at ${position} is listed but cannot be read` }, at))
        if (E.isLeft(kept)) return kept
        if (kept.right === undefined || kept.right.position !== position) return E.right(fail(position, 'derived-changed', { zh: `位置 ${position} 的快照已列出，但并未保存`, en: `the snapshot at ${position} is listed but not kept` }, at))
        const why = difference(kept.right.deltas, tallyDeltas(truth ?? emptyTally()))
        if (why !== undefined) return E.right(fail(
              position,
              'derived-changed',
              { zh: `位置 ${position} 的快照不是截至该处各条目的汇总：${why.zh}`, en: `the snapshot at ${position} is not the tally of the entries up to it: ${why.en}` },
              at,
            ))
      }
      return E.right(undefined)
    }

    const check = async (entry: Entry, columns: StoredColumns | undefined, i: number): Promise<E.Either<StorageFailed, Failure | undefined>> => {
      const column = columns === undefined ? undefined : columnProblem(entry, columns, i)
      if (column !== undefined) return E.right(fail(entry.position, 'column-changed', { zh: `位置 ${entry.position}：${column.zh}`, en: `at ${entry.position}: ${column.en}` }))
      const shape = attestationShapeProblem(entry)
      if (shape !== undefined) return E.right(fail(entry.position, 'invalid-entry', about(entry, `${entry.type} ${entry.id}`, shape)))
      const unsigned = keyring === undefined ? undefined : attestationProblem(entry, keyring, requireSignatures)
      if (unsigned !== undefined) return E.right(fail(entry.position, unsigned.kind, about(entry, `${entry.type} ${entry.id}, ${entry.recordedBy}`, unsigned.why)))
      const derived = await deriveWith(store, d, entry)
      if (E.isLeft(derived)) return derived
      if (typeof derived.right === 'string') return E.right(fail(entry.position, 'invalid-entry', about(entry, `${entry.type} ${entry.id}`, derived.right)))
      const kept = await stored.at(entry.position)
      if (E.isLeft(kept)) return kept
      if ('ok' in kept.right) return E.right(kept.right)
      if (kept.right.recordedAt !== Date.parse(entry.recordedAt))
        return E.right(
          fail(entry.position, 'derived-changed', {
            zh: `条目 ${entry.position} 的增量所存的记录时间为 ${storedInstant(kept.right.recordedAt)}，但该条目记录于 ${entry.recordedAt}`,
            en: `the deltas of entry ${entry.position} are kept as recorded at ${storedInstant(kept.right.recordedAt)}, but it was recorded at ${entry.recordedAt}`,
          }),
        )
      const why = difference(kept.right.deltas, derived.right)
      if (why !== undefined) return E.right(fail(entry.position, 'derived-changed', { zh: `条目 ${entry.position} 所存的增量不是其事件给出的增量：${why.zh}`, en: `the stored deltas of entry ${entry.position} are not those its event gives: ${why.en}` }))
      if (truth !== undefined) addDeltas(truth, { position: entry.position, recordedAt: kept.right.recordedAt, deltas: derived.right })
      return checkSnapshot(entry)
    }

    // to the end of the log; an append landing meanwhile only lengthens the walk
    for (;;) {
      const page = await entriesAfter(store, count, pageSize)
      if (E.isLeft(page)) return page
      const columns = page.right.length === 0 || store.readColumns === undefined ? undefined : await store.readColumns({ after: count, limit: pageSize })()
      if (columns !== undefined && E.isLeft(columns)) return columns
      const entries = page.right
      for (let i = 0; i < entries.length; i++) {
        const read = entries[i]
        const entry = read?.entry
        if (entry === undefined || entry.position !== count + 1) return E.right({ ok: 'stopped', position: count + 1 })
        if (read?.uncanonical === true)
          return E.right(
            fail(entry.position, 'content-changed', {
              zh: `位置 ${entry.position} 的条目所存的不是其自身的规范 JSON（键重复、空白或键的顺序）：它被改写过，且重新计算了哈希`,
              en: `the entry at ${entry.position} is not stored as its own canonical JSON (a key written twice, white space, key order): it was rewritten, and its hash recomputed`,
            }),
          )
        const found = await check(entry, columns?.right, i)
        if (E.isLeft(found)) return found
        if (found.right !== undefined) return E.right(found.right)
        count++
        last = entry
      }
      if (entries.length < pageSize) {
        const beyond = await stored.beyond(count)
        if (E.isLeft(beyond)) return beyond
        if (beyond.right === undefined) break
        const more = await store.readAll({ after: count, limit: 1 })()
        if (E.isLeft(more)) return more
        if (more.right.length === 0) return E.right(beyond.right)
      }
    }
    const late = snapshots[nextSnapshot]
    if (late !== undefined) return E.right(fail(
          late.position,
          'derived-changed',
          { zh: `位置 ${late.position} 有快照，但它在最后一个条目 ${count} 之后`, en: `a snapshot at ${late.position}, beyond the last entry, ${count}` },
          { kind: 'snapshot', position: late.position },
        ))
    const head = await store.head()()
    if (E.isLeft(head)) return head
    const h = head.right
    const end = { position: count, hash: last?.hash, recordedAt: last === undefined ? 0 : Date.parse(last.recordedAt) }
    if (h.position !== end.position || (last !== undefined && (h.hash !== end.hash || h.recordedAt !== end.recordedAt)))
      return E.right(
        fail(
          Math.min(h.position, count) + 1,
          'derived-changed',
          {
            zh: `存储的链头为位置 ${h.position}（${h.hash}），但台账止于 ${count}（${end.hash ?? '空'}）`,
            en: `the store's head says position ${h.position} (${h.hash}), but the log ends at ${count} (${end.hash ?? 'empty'})`,
          },
          { kind: 'head' },
        ),
      )
    return E.right({ ok: true, count, commits: stored.commits(), snapshots: snapshots.length })
  }
