import { describe, expect, it } from 'vitest'
import { historyCache, type History } from './stream-fold.js'

const history = (stream: string, revision = 1): History => ({ stream, revision, facts: [], state: undefined, contributions: [], voided: new Set() })

describe('the history cache', () => {
  it('keeps what was used recently, drops what was not, and stays near its size', () => {
    const cache = historyCache(4)
    cache.set('a', history('a'))
    cache.set('b', history('b')) // young is full: a, b age
    cache.set('c', history('c'))
    expect(cache.get('a')?.stream).toBe('a') // a used again: young once more
    cache.set('d', history('d')) // young full again: b and c's generation is dropped
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.stream).toBe('a')
    expect(cache.get('d')?.stream).toBe('d')
  })

  it('returns the latest history of a stream and forgets a deleted one', () => {
    const cache = historyCache(10)
    cache.set('a', history('a', 1))
    cache.set('a', history('a', 2))
    expect(cache.get('a')?.revision).toBe(2)
    cache.delete('a')
    expect(cache.get('a')).toBeUndefined()
  })
})
