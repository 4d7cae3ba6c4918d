import { GENESIS_HASH, hashEntry, type Entry } from '@policy-ledger/core'
import { expect } from 'vitest'

/** Positions 1, 2, 3, … without gaps, every entry re-hashed, every link to the one before it. */
export const expectIntactChain = (log: ReadonlyArray<Entry>): void =>
  log.forEach((e, i) => {
    expect(e.position).toBe(i + 1)
    const { hash, ...unsealed } = e
    expect(hashEntry(unsealed)).toBe(hash)
    expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1]?.hash)
  })
