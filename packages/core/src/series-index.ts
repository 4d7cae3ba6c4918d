/**
 * Values by series, a series being its four catalogue keys (metric, town,
 * unit, sector), each its own number: how a tally finds a stored delta's
 * series without building a string per delta and without packing the keys
 * into one number, which would cap each of them. An open-addressing table
 * of slots pointing into the keys and values in the order they were set.
 */
export interface SeriesIndex<V> {
  readonly size: number
  readonly get: (metric: number, town: number, unit: number, sector: number) => V | undefined
  /** a series not held yet */
  readonly add: (metric: number, town: number, unit: number, sector: number, value: V) => void
  /** in the order they were added */
  readonly values: () => ReadonlyArray<V>
}

const FREE = -1

/** A key's 32 bits and the bits above them (keys are safe integers, up to 2^53), mixed into the hash. */
const mix = (h: number, key: number): number => Math.imul(h ^ (key | 0), 0x9e3779b1) ^ Math.imul((key / 0x1_0000_0000) | 0, 0x85ebca6b)

const hashOf = (metric: number, town: number, unit: number, sector: number): number => {
  const h = mix(mix(mix(mix(0x2545f491, metric), town), unit), sector)
  return h ^ (h >>> 15)
}

export const seriesIndex = <V>(): SeriesIndex<V> => {
  const values: V[] = []
  let keys = new Float64Array(4 * 16)
  let slots = new Int32Array(32).fill(FREE)

  /** the slot holding the series, or the free one where it goes */
  const slotOf = (metric: number, town: number, unit: number, sector: number): number => {
    const mask = slots.length - 1
    for (let h = hashOf(metric, town, unit, sector) & mask; ; h = (h + 1) & mask) {
      const at = slots[h] as number
      if (at === FREE) return h
      const k = 4 * at
      if (keys[k] === metric && keys[k + 1] === town && keys[k + 2] === unit && keys[k + 3] === sector) return h
    }
  }

  /** twice the slots, kept at most half full so that a probe stays short */
  const grow = (): void => {
    slots = new Int32Array(2 * slots.length).fill(FREE)
    for (let i = 0; i < values.length; i++) slots[slotOf(keys[4 * i] as number, keys[4 * i + 1] as number, keys[4 * i + 2] as number, keys[4 * i + 3] as number)] = i
  }

  return {
    get size() {
      return values.length
    },
    get: (metric, town, unit, sector) => {
      const at = slots[slotOf(metric, town, unit, sector)] as number
      return at === FREE ? undefined : values[at]
    },
    add: (metric, town, unit, sector, value) => {
      const i = values.length
      if (4 * i === keys.length) {
        const more = new Float64Array(2 * keys.length)
        more.set(keys)
        keys = more
      }
      keys[4 * i] = metric
      keys[4 * i + 1] = town
      keys[4 * i + 2] = unit
      keys[4 * i + 3] = sector
      values.push(value)
      slots[slotOf(metric, town, unit, sector)] = i
      if (2 * values.length > slots.length) grow()
    },
    values: () => values,
  }
}
