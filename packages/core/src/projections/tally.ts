import { metricByKey, metricByName, type MetricName } from '../metrics.js'
import type { DeltaBlock, EntryDeltas } from '../store.js'
import type { Wording } from '../codecs.js'
import type { Day } from '../time.js'
import { codeKey, DELTA_WIDTH, type SeriesKey } from '../deltas.js'
import { seriesIndex, type SeriesIndex } from '../series-index.js'

/**
 * The tally: every entry's delta summed by series and day. It is the one
 * projection the ledger keeps; each indicator is a reading of it. Because it
 * is a sum, folding the log in any chunking, incrementally or from scratch,
 * gives the same tally, and voiding an entry is adding its negation.
 *
 * For speed the fold mutates; nothing outside this module sees a tally
 * change under it except through `addDeltas`.
 */
export interface Tally {
  /** the last position folded in */
  position: number
  /** recordedAt of that position, epoch ms */
  recordedAt: number
  /** every series folded in, by its keys */
  readonly series: SeriesIndex<SeriesCells>
  /** the series by metric key, so that a reading visits only its metric's */
  readonly byMetric: Map<number, SeriesCells[]>
  /** where set, every sum asked of this tally is written here (an audit watching a reading: `sumsAsked`) */
  readonly asked?: SumAsked[]
}

/* Where each number of a stored delta stands (format 2, see deltas.ts). */
const W = DELTA_WIDTH
const TOWN = 1
const UNIT = 2
const SECTOR = 3
const DAY = 4
const QUANTITY = 5
const EVENTS = 6

/**
 * A series's cells, kept compact for a tally of millions of cells: no object
 * per cell. They live in two layers. The base is settled runs, read as they
 * are (a snapshot's cells, or cells merged in); what is folded after goes
 * into a small overlay, merged into the base once it outgrows a quarter of
 * it, so that the overlay's per-cell cost stays a fraction of the whole.
 * Both live in typed arrays, off the garbage-collected heap: the base grows
 * with room to spare and takes merges in place, the overlay's table is
 * emptied and reused, so that a long replay leaves little garbage behind.
 */
interface SeriesCells {
  readonly key: SeriesKey
  base: Runs
  overlay: Overlay
  /** the overlay as runs, built when read after a change */
  view: Runs | undefined
}

/**
 * `size` days in order with running sums: `quantity[i]` is the sum over
 * `days[0..i-1]` (one more sum than days). A cell's own value is the
 * difference of two running sums, exact because quantities are integers
 * (see metrics.ts). The arrays may have room for more days than `size`.
 */
interface Runs {
  readonly size: number
  readonly days: Int32Array
  readonly quantity: Float64Array
  readonly events: Float64Array
}

const NO_RUNS: Runs = { size: 0, days: new Int32Array(0), quantity: new Float64Array(1), events: new Float64Array(1) }

/** Cells by day in an open-addressing table: a day's cell sits at its slot or the next ones, `FREE` where none. */
interface Overlay {
  size: number
  readonly days: Int32Array
  readonly quantity: Float64Array
  readonly events: Float64Array
}

/** no day number is this far back */
const FREE = -0x80000000

/** a series's overlay before its first cell: a table is made on the first write */
const NO_OVERLAY: Overlay = { size: 0, days: new Int32Array(0), quantity: new Float64Array(0), events: new Float64Array(0) }

/** The overlay is merged into the base when it holds this many cells, or a quarter of the base if more. */
const OVERLAY_MIN = 64
const overlayLimit = (s: SeriesCells): number => Math.max(OVERLAY_MIN, s.base.size >>> 2)
/** the table a series's overlay starts with, and what `readWithout` keeps for its next question */
const OVERLAY_START = 16

/** Arrays for `days` days and `sums` of each sum, in one buffer: one allocation, not three. */
const cellArrays = (days: number, sums: number): { days: Int32Array; quantity: Float64Array; events: Float64Array } => {
  const dayBytes = 8 * Math.ceil(days / 2)
  const buffer = new ArrayBuffer(dayBytes + 16 * sums)
  return { days: new Int32Array(buffer, 0, days), quantity: new Float64Array(buffer, dayBytes, sums), events: new Float64Array(buffer, dayBytes + 8 * sums, sums) }
}

/** An empty table of `room` slots, a power of two. */
const overlayOf = (room: number): Overlay => {
  const o = { size: 0, ...cellArrays(room, room) }
  o.days.fill(FREE)
  return o
}

/** The same cells in a table twice the size: a table is kept at most three quarters full. */
const doubled = (o: Overlay): Overlay => {
  const out = overlayOf(2 * o.days.length)
  o.days.forEach((day, h) => {
    if (day === FREE) return
    const to = slotOf(out, day)
    out.days[to] = day
    out.quantity[to] = o.quantity[h] as number
    out.events[to] = o.events[h] as number
  })
  out.size = o.size
  return out
}

/** Where a day's cell is in the table, or the free slot where it goes. */
const slotOf = (o: Overlay, day: number): number => {
  const mask = o.days.length - 1
  let h = Math.imul(day, 0x9e3779b1) & mask
  while (o.days[h] !== day && o.days[h] !== FREE) h = (h + 1) & mask
  return h
}

/** The overlay's days, in order. */
const daysIn = (o: Overlay): Int32Array => {
  const out = new Int32Array(o.size)
  let n = 0
  for (const day of o.days) if (day !== FREE) out[n++] = day
  return out.sort()
}

/** No day a tally holds lies this far either side of 1970 (an Int32 in the tally's arrays). */
const DAY_LIMIT = 2 ** 22

const isKey = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

/**
 * Why packed deltas cannot be folded into a tally, or undefined: each cell
 * must name a series by keys (non-negative safe integers) of a known metric,
 * an integer day, and whole numbers (quantities are integers: counts, 分,
 * decimals ×10⁴). Stored deltas are derived data a forger can write
 * anything into; this is read before they are folded, never after.
 */
export const deltasProblem = (d: Float64Array): Wording | undefined => {
  if (d.length % W !== 0) return { zh: `${d.length} 个数，不是每格 ${W} 个数的整格`, en: `${d.length} numbers, not whole cells of ${W}` }
  for (let i = 0; i < d.length; i += W) {
    const cell = i / W + 1
    const metric = d[i] as number
    if (!isKey(metric) || !isKey(d[i + TOWN] as number) || !isKey(d[i + UNIT] as number) || !isKey(d[i + SECTOR] as number) || !metricByKey.has(metric))
      return { zh: `第 ${cell} 格不是已知指标的序列（${[...d.subarray(i, i + DAY)].join('/')}）`, en: `cell ${cell} names no series of a known metric (${[...d.subarray(i, i + DAY)].join('/')})` }
    const day = d[i + DAY] as number
    const quantity = d[i + QUANTITY] as number
    const events = d[i + EVENTS] as number
    if (!Number.isInteger(day) || Math.abs(day) >= DAY_LIMIT) return { zh: `第 ${cell} 格不是一个日子（${day}）`, en: `cell ${cell} names no day (${day})` }
    if (!Number.isSafeInteger(quantity) || !Number.isSafeInteger(events))
      return { zh: `第 ${cell} 格的数量 ${quantity} 与事件数 ${events} 不是整数`, en: `cell ${cell} holds ${quantity} and ${events} events, not whole numbers` }
  }
  return undefined
}

/** Why a stored commit block cannot be cut into its entries' deltas and folded, or undefined. */
export const blockProblem = (b: DeltaBlock): Wording | undefined => {
  let sum = 0
  for (const n of b.counts) {
    if (n % W !== 0) return { zh: '其中一个条目的增量不是整格', en: 'an entry of it has a delta that is not whole cells' }
    sum += n
  }
  if (b.counts.length === 0) return { zh: '它不含任何条目', en: 'it holds no entry' }
  if (b.last !== b.first + b.counts.length - 1)
    return { zh: `它称止于 ${b.last}，但含有从 ${b.first} 起 ${b.counts.length} 个条目的增量`, en: `it says it ends at ${b.last}, but it holds the deltas of ${b.counts.length} entries from ${b.first}` }
  if (sum !== b.deltas.length) return { zh: `其计数合计 ${sum} 个数，实际含 ${b.deltas.length} 个`, en: `its counts add up to ${sum} numbers but it holds ${b.deltas.length}` }
  return deltasProblem(b.deltas)
}

/**
 * Whether a commit block follows a reader that has read up to `at`: the
 * first block of a page may begin before (a snapshot or a cut inside a
 * commit) but must hold `at + 1`; each after it must begin at `at + 1`.
 */
export const blockJoins = (b: DeltaBlock, at: number, first: boolean): boolean => (first ? b.first <= at + 1 && b.last > at : b.first === at + 1)

/** Whether an entry, its cells `deltas` from `from` to `to`, is to be kept. */
export type KeepEntry = (deltas: Float64Array, from: number, to: number) => boolean

/**
 * The entries of commit blocks after position `after`, up to `end`, that
 * `keep` accepts (all unless said), each its cells as a view of its block's:
 * how a store's `readDeltas` and a lineage cut blocks alike. A count that
 * runs past its block's numbers ends that block's cut: the entry is then
 * missing, for the reader to name, never cut short.
 */
export const entriesOfBlocks = (blocks: Iterable<DeltaBlock>, after: number, end: number, keep: KeepEntry = () => true): EntryDeltas[] => {
  const out: EntryDeltas[] = []
  for (const b of blocks) {
    let from = 0
    for (let i = 0; i < b.counts.length && b.first + i <= end; i++) {
      const to = from + (b.counts[i] as number)
      if (to > b.deltas.length) break
      const position = b.first + i
      if (position > after && keep(b.deltas, from, to)) out.push({ position, recordedAt: b.recordedAt, deltas: b.deltas.subarray(from, to) })
      from = to
    }
  }
  return out
}

export const emptyTally = (): Tally => ({ position: 0, recordedAt: 0, series: seriesIndex(), byMetric: new Map() })

/** The series whose keys stand at `d[i]`..`d[i + 3]`, new with `base` if the tally has none. */
const seriesAt = (tally: Tally, d: Float64Array, i: number, base: Runs): SeriesCells => {
  const metric = d[i] as number
  const town = d[i + TOWN] as number
  const unit = d[i + UNIT] as number
  const sector = d[i + SECTOR] as number
  const found = tally.series.get(metric, town, unit, sector)
  if (found !== undefined) return found
  const key = { metric, town, unit, sector }
  const s: SeriesCells = { key, base, overlay: NO_OVERLAY, view: undefined }
  tally.series.add(metric, town, unit, sector, s)
  const list = tally.byMetric.get(metric)
  if (list === undefined) tally.byMetric.set(metric, [s])
  else list.push(s)
  return s
}

/** How many of the runs' days are ≤ day. */
const countUpTo = (r: Runs, day: number): number => {
  let lo = 0
  let hi = r.size
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((r.days[mid] as number) <= day) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The overlay's cells as runs. */
const overlayRuns = (s: SeriesCells): Runs => {
  if (s.view !== undefined) return s.view
  const o = s.overlay
  if (o.size === 0) return NO_RUNS
  const days = daysIn(o)
  const { quantity, events } = cellArrays(0, days.length + 1)
  days.forEach((day, i) => {
    const h = slotOf(o, day)
    quantity[i + 1] = (quantity[i] as number) + (o.quantity[h] as number)
    events[i + 1] = (events[i] as number) + (o.events[h] as number)
  })
  s.view = { size: days.length, days, quantity, events }
  return s.view
}

/** The same runs in arrays with room for `size` days, and half as many again. */
const withRoom = (r: Runs, size: number): Runs => {
  const room = Math.max(size, r.size + (r.size >>> 1), OVERLAY_MIN)
  const out = { size: r.size, ...cellArrays(room, room + 1) }
  out.days.set(r.days.subarray(0, r.size))
  out.quantity.set(r.quantity.subarray(0, r.size + 1))
  out.events.set(r.events.subarray(0, r.size + 1))
  return out
}

/**
 * Merge the overlay into the base. It is done in place, from the last day
 * down, whenever the base's arrays have room (a snapshot's shared views have
 * none to spare), so that a long fold leaves little garbage behind: each step
 * reads a base cell before writing at or above it.
 */
const settle = (s: SeriesCells): void => {
  const o = s.overlay
  if (o.size === 0) return
  const added = daysIn(o)
  let fresh = 0
  for (const day of added) {
    const at = countUpTo(s.base, day)
    if (at === 0 || s.base.days[at - 1] !== day) fresh++
  }
  const size = s.base.size + fresh
  const { days, quantity, events } = size <= s.base.days.length ? s.base : withRoom(s.base, size)
  let i = s.base.size - 1
  let belowQ = quantity[i + 1] as number
  let belowE = events[i + 1] as number
  let topQ = belowQ
  let topE = belowE
  for (let h = 0; h < o.days.length; h++)
    if (o.days[h] !== FREE) {
      topQ += o.quantity[h] as number
      topE += o.events[h] as number
    }
  quantity[size] = topQ
  events[size] = topE
  for (let j = added.length - 1, k = size - 1; j >= 0; k--) {
    const day = added[j] as number
    let q = 0
    let e = 0
    let at: number | undefined
    if (i >= 0 && (days[i] as number) >= day) {
      at = days[i] as number
      q = belowQ - (quantity[i] as number)
      e = belowE - (events[i] as number)
      belowQ = quantity[i] as number
      belowE = events[i] as number
      i--
    }
    if (at === undefined || at === day) {
      const h = slotOf(o, day)
      q += o.quantity[h] as number
      e += o.events[h] as number
      at = day
      j--
    }
    days[k] = at
    topQ -= q
    topE -= e
    quantity[k] = topQ
    events[k] = topE
  }
  s.base = { size, days, quantity, events }
  s.view = undefined
  o.days.fill(FREE)
  o.size = 0
}

/** Fold packed deltas in, any number of entries' end to end, or with `sign` -1 take them out (mutates, for speed). */
const addCells = (tally: Tally, d: Float64Array, from: number, to: number, sign = 1): void => {
  for (let i = from; i + W <= to; i += W) {
    const s = seriesAt(tally, d, i, NO_RUNS)
    const day = (d[i + DAY] as number) | 0
    s.view = undefined
    if (s.overlay.days.length === 0) s.overlay = overlayOf(OVERLAY_START)
    const o = s.overlay
    const h = slotOf(o, day)
    if (o.days[h] === day) {
      o.quantity[h] = (o.quantity[h] as number) + sign * (d[i + QUANTITY] as number)
      o.events[h] = (o.events[h] as number) + sign * (d[i + EVENTS] as number)
    } else {
      o.days[h] = day
      o.quantity[h] = sign * (d[i + QUANTITY] as number)
      o.events[h] = sign * (d[i + EVENTS] as number)
      if (++o.size >= overlayLimit(s)) settle(s)
      else if (4 * o.size > 3 * o.days.length) s.overlay = doubled(o)
    }
  }
}

/** Fold one entry's deltas in (mutates, for speed). */
export const addDeltas = (tally: Tally, entry: EntryDeltas): Tally => {
  addCells(tally, entry.deltas, 0, entry.deltas.length)
  tally.position = entry.position
  tally.recordedAt = entry.recordedAt
  return tally
}

/** Drop a series's overlay: its table is emptied for the next question if small, let go if not. */
const emptyOverlay = (s: SeriesCells): void => {
  if (s.overlay.days.length > OVERLAY_START) s.overlay = NO_OVERLAY
  else {
    s.overlay.days.fill(FREE)
    s.overlay.size = 0
  }
  s.view = undefined
}

/**
 * What `read` gives on the tally with these cells (`d` from `from` to `to`,
 * the whole of it unless said) taken out; the tally is left as it was. An
 * audit asks it entry after entry (is this one behind the value?), so the
 * cells go into overlays emptied first and are dropped after: each question
 * costs one entry's cells, not an overlay rebuilt for every read. Cells
 * folded into a tally all stand on days its bases hold, so dropping the
 * overlay restores it exactly; where taking them out had to settle a series
 * (an entry of very many cells), they are added back instead.
 */
export const readWithout = <A>(tally: Tally, d: Float64Array, read: (t: Tally) => A, from = 0, to = d.length): A => {
  // an entry touches a series or three: arrays, not a map, for what is asked thousands of times
  const touched: SeriesCells[] = []
  const bases: Runs[] = []
  for (let i = from; i + W <= to; i += W) {
    const s = seriesAt(tally, d, i, NO_RUNS)
    if (touched.includes(s)) continue
    settle(s)
    touched.push(s)
    bases.push(s.base)
  }
  addCells(tally, d, from, to, -1)
  const result = read(tally)
  if (touched.some((s, k) => s.base !== bases[k])) addCells(tally, d, from, to)
  else for (const s of touched) emptyOverlay(s)
  return result
}

/**
 * Fold the entries of one commit block that lie after the tally's position
 * and at or before `lastPosition` (mutates). A block wholly inside is one
 * loop over its numbers, with no object per entry.
 */
export const addBlock = (tally: Tally, block: DeltaBlock, lastPosition = Number.POSITIVE_INFINITY): Tally => {
  const { first, counts, deltas } = block
  let from = 0
  let position = first
  for (; position <= tally.position && position - first < counts.length; position++) from += counts[position - first] as number
  let to = from
  let last = position - 1
  for (; position <= lastPosition && position - first < counts.length; position++) {
    to += counts[position - first] as number
    last = position
  }
  if (last < first || last <= tally.position) return tally
  addCells(tally, deltas, from, to)
  tally.position = last
  tally.recordedAt = block.recordedAt
  return tally
}

/** How packed cells at `i` and `j` compare by series (metric, town, unit, sector), then day: negative if `i`'s comes first. */
const cellOrder = (d: Float64Array, i: number, j: number): number => {
  for (let k = 0; k < DAY; k++) if (d[i + k] !== d[j + k]) return (d[i + k] as number) - (d[j + k] as number)
  return (d[i + DAY] as number) - (d[j + DAY] as number)
}

/** How many series packed cells hold if they are in `tallyDeltas`'s order (by series, then day, each once); undefined if not. */
const seriesInOrder = (d: Float64Array): number | undefined => {
  let series = d.length < W ? 0 : 1
  for (let i = W; i + W <= d.length; i += W) {
    if (!(cellOrder(d, i - W, i) < 0)) return undefined
    if (!sameSeriesAt(d, i - W, i)) series++
  }
  return series
}

const sameSeriesAt = (d: Float64Array, i: number, j: number): boolean => d[i] === d[j] && d[i + TOWN] === d[j + TOWN] && d[i + UNIT] === d[j + UNIT] && d[i + SECTOR] === d[j + SECTOR]

/**
 * Fold a snapshot (`tallyDeltas` at a position) in, as `addDeltas` would
 * (mutates). Into an empty tally, the snapshot's cells, sorted by series then
 * day, become the series's bases in one pass, views on three arrays shared by
 * all series, with no per-cell insert: this is what makes a snapshot cheap to
 * start from.
 */
export const addSnapshot = (tally: Tally, snapshot: EntryDeltas): Tally => {
  const d = snapshot.deltas
  const count = tally.series.size === 0 ? seriesInOrder(d) : undefined
  if (count === undefined) return addDeltas(tally, snapshot)
  const cells = Math.floor(d.length / W)
  // each series's running sums start with a 0 of their own
  const { days, quantity, events } = cellArrays(cells, cells + count)
  for (let cell = 0, sums = 0; cell < cells; ) {
    const first = cell
    for (; cell < cells && sameSeriesAt(d, W * first, W * cell); cell++) {
      const at = sums + cell - first
      days[cell] = d[W * cell + DAY] as number
      quantity[at + 1] = (quantity[at] as number) + (d[W * cell + QUANTITY] as number)
      events[at + 1] = (events[at] as number) + (d[W * cell + EVENTS] as number)
    }
    const end = sums + cell - first + 1
    seriesAt(tally, d, W * first, { size: cell - first, days: days.subarray(first, cell), quantity: quantity.subarray(sums, end), events: events.subarray(sums, end) })
    sums = end
  }
  tally.position = snapshot.position
  tally.recordedAt = snapshot.recordedAt
  return tally
}

/** How two series compare by metric, town, unit, then sector. */
const seriesOrder = (a: SeriesKey, b: SeriesKey): number => a.metric - b.metric || a.town - b.town || a.unit - b.unit || a.sector - b.sector

/**
 * The whole tally as one packed delta, in series and day order (series by
 * metric, town, unit, then sector: the order format 1's packed series
 * numbers sorted in, so that a snapshot upgraded from format 1 is this): adding it to an empty tally gives this tally again,
 * cells that sum to zero included (they still mark a day as touched, which
 * `latestDay` reads). Snapshots store this. Each series's overlay is merged
 * into its base on the way (the cells stay the same).
 */
export const tallyDeltas = (tally: Tally): Float64Array => {
  let n = 0
  for (const s of tally.series.values()) {
    settle(s)
    n += s.base.size
  }
  const out = new Float64Array(n * W)
  let at = 0
  for (const { key, base } of [...tally.series.values()].sort((a, b) => seriesOrder(a.key, b.key))) {
    const { size, days, quantity, events } = base
    for (let i = 0; i < size; i++) {
      out[at++] = key.metric
      out[at++] = key.town
      out[at++] = key.unit
      out[at++] = key.sector
      out[at++] = days[i] as number
      out[at++] = (quantity[i + 1] as number) - (quantity[i] as number)
      out[at++] = (events[i + 1] as number) - (events[i] as number)
    }
  }
  return out
}

/** Which series count: a breakdown narrows to one town, recording unit or sector. */
export interface Filter {
  readonly town?: string
  readonly unit?: string
  readonly sector?: string
}

/** A sum over days `from`..`to` (both included) and the number of events behind it. */
export interface Sum {
  readonly quantity: number
  readonly events: number
}

/** A filter as the keys it asks for, each part -1 where any will do (no key is negative). */
const filterKeys = (f: Filter): SeriesKey => ({
  metric: -1,
  town: f.town === undefined ? -1 : codeKey(f.town),
  unit: f.unit === undefined ? -1 : codeKey(f.unit),
  sector: f.sector === undefined ? -1 : codeKey(f.sector),
})

/** Whether a series of these keys is one the filter's keys count. */
const matches = (town: number, unit: number, sector: number, f: SeriesKey): boolean =>
  (f.town === -1 || town === f.town) && (f.unit === -1 || unit === f.unit) && (f.sector === -1 || sector === f.sector)

/** A sum a reading asked of a tally: a metric's cells from day `from` to `to` in the series the filter's keys match, and the events it found. */
export interface SumAsked {
  readonly metric: number
  readonly from: Day
  readonly to: Day
  readonly filter: SeriesKey
  readonly events: number
}

/** Sum a metric over a span of days, optionally narrowed by a filter. */
export const sum = (tally: Tally, metric: MetricName, from: Day, to: Day, filter: Filter = {}): Sum => {
  const m = metricByName.get(metric)
  // an empty span or an unknown metric holds no cell, and nothing can move it
  if (m === undefined || to < from) return { quantity: 0, events: 0 }
  let quantity = 0
  let events = 0
  const add = (r: Runs): void => {
    const a = countUpTo(r, from - 1)
    const b = countUpTo(r, to)
    quantity += (r.quantity[b] as number) - (r.quantity[a] as number)
    events += (r.events[b] as number) - (r.events[a] as number)
  }
  const wanted = filterKeys(filter)
  for (const s of tally.byMetric.get(m.key) ?? []) {
    if (!matches(s.key.town, s.key.unit, s.key.sector, wanted)) continue
    add(s.base)
    if (s.overlay.size > 0) add(overlayRuns(s))
  }
  tally.asked?.push({ metric: m.key, from, to, filter: wanted, events })
  return { quantity, events }
}

/**
 * The sums `read` asks of the tally, in the order it asks them; undefined
 * where it consults the tally otherwise than by `sum` (its series, or its
 * metrics' series, read directly), so that what it gives is not a function
 * of these sums alone.
 */
export const sumsAsked = (tally: Tally, read: (t: Tally) => unknown): ReadonlyArray<SumAsked> | undefined => {
  const asked: SumAsked[] = []
  let series = 0
  let byMetric = 0
  read({
    position: tally.position,
    recordedAt: tally.recordedAt,
    get series() {
      series++
      return tally.series
    },
    get byMetric() {
      byMetric++
      return tally.byMetric
    },
    asked,
  })
  // `sum` reads the metrics' series once for each sum it writes down
  return series === 0 && byMetric === asked.length ? asked : undefined
}

/**
 * How packed cells (`d` from `from` to `to`) move the sums asked: whether
 * any of them falls in one (a cell of its metric, on a day of its span, in a
 * series it counts, with a quantity or events), and the events they add to
 * all of them, counted once for each sum they fall in.
 */
export const movesSums = (asked: ReadonlyArray<SumAsked>, d: Float64Array, from = 0, to = d.length): { readonly moves: boolean; readonly events: number } => {
  let moves = false
  let events = 0
  for (let i = from; i + W <= to; i += W) {
    if (d[i + QUANTITY] === 0 && d[i + EVENTS] === 0) continue
    const day = d[i + DAY] as number
    for (const a of asked)
      if (d[i] === a.metric && day >= a.from && day <= a.to && matches(d[i + TOWN] as number, d[i + UNIT] as number, d[i + SECTOR] as number, a.filter)) {
        moves = true
        events += d[i + EVENTS] as number
      }
  }
  return { moves, events }
}

/** The last day on which anything in the tally occurred, or undefined for an empty tally. */
export const latestDay = (tally: Tally): number | undefined => {
  let latest: number | undefined
  const see = (r: Runs): void => {
    const last = r.days[r.size - 1]
    if (last !== undefined && (latest === undefined || last > latest)) latest = last
  }
  for (const s of tally.series.values()) {
    see(s.base)
    see(overlayRuns(s))
  }
  return latest
}
