import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { generateDepartmentKeys, signedBytes, signerFromPem, verifySignature, type Principal } from '../attestation.js'
import { uuid, vin } from '../audit/log.test-helpers.js'
import { storageFailed } from '../errors.js'
import { createLedger } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import type { EventStore } from '../store.js'
import { decodeAll } from './decode.js'
import { versionOf } from './input.js'
import { resolve } from './resolve.js'
import { correctionOf, leftOf, op, resolvedOn, rightOf, voidOf, writeAsStored } from './steps.test-helpers.js'

/** A store with car 1 registered and traded (entries 1 and 2). */
const recorded = async (): Promise<EventStore> => {
  const store = memoryStore()
  rightOf(await createLedger({ plan: jiaxiang2024, store }).recordBatch([op('register', 1, 0, 1), op('trade', 1, 10, 2)])())
  return store
}

const tradeData = (price: number, car = 1) => ({ ...(op('trade', car, 10, 2).data as object), price })

describe('resolving corrections', () => {
  it('finds the entry a correction names: its stream, its type’s rules and the entry itself', async () => {
    const store = await recorded()
    const [d] = await resolvedOn(store, [correctionOf(3, uuid(2), tradeData(999))])
    expect(d).toMatchObject({ index: 0, stream: `vehicle-${vin(1)}`, registered: { definition: { type: 'UsedCarTraded' } } })
    expect(d?.amends).toMatchObject({ entry: { id: uuid(2), type: 'UsedCarTraded', revision: 2 }, amendment: { entryId: uuid(2), data: { price: 999 } } })
  })

  it('passes a batch of domain events through as decoded, without asking the store', async () => {
    const failing: EventStore = { ...memoryStore(), findByIds: () => async () => E.left(storageFailed('not to be asked')) }
    const decoded = rightOf(decodeAll([op('register', 1, 0, 1), op('trade', 1, 3, 2)], false))
    expect(rightOf(await resolve(failing, decoded, false, undefined))).toBe(decoded)
  })

  it('names a correction of no recorded event, and one of a correction, with their index', async () => {
    const store = await recorded()
    rightOf(await createLedger({ plan: jiaxiang2024, store }).record(voidOf(3, uuid(1), 'public-security'))())
    const decoded = rightOf(decodeAll([op('register', 2, 0, 4), voidOf(5, uuid(99)), voidOf(6, uuid(3))], false))
    const error = leftOf(await resolve(store, decoded, false, undefined))
    expect(error.code === 'VALIDATION_FAILED' && error.issues).toEqual([
      { index: 1, path: 'data.entryId', reason: `no recorded event has the id ${uuid(99)}` },
      { index: 2, path: 'data.entryId', reason: `entry ${uuid(3)} is itself a EventVoided; correct or void the original event instead` },
    ])
  })

  it('holds corrected data to the original’s type, naming the field under data.data', async () => {
    const store = await recorded()
    const decoded = rightOf(decodeAll([correctionOf(3, uuid(2), tradeData(-1))], true))
    const error = leftOf(await resolve(store, decoded, true, undefined))
    expect(error.code === 'VALIDATION_FAILED' && error.issues).toEqual([{ path: 'data.data.price', reason: '应为非负整数金额（分），收到 -1 / expected a non-negative amount in 分 (integer), got -1' }])
  })

  it('keeps a corrected fact on its stream: data of another car is refused', async () => {
    const store = await recorded()
    const decoded = rightOf(decodeAll([correctionOf(3, uuid(2), tradeData(5, 2))], true))
    const error = leftOf(await resolve(store, decoded, true, undefined))
    expect(error.code === 'VALIDATION_FAILED' && error.issues).toEqual([
      {
        path: 'data.data',
        reason: `a correction keeps the fact on its stream vehicle-${vin(1)}, but this data belongs on vehicle-${vin(2)}; void the event and record a new one instead`,
      },
    ])
  })

  it('finds an entry an earlier release kept under an upper-case id, names it as recorded, and attests that', async () => {
    const store = memoryStore()
    const scratch = memoryStore()
    const upper = 'ABCDEF00-0000-4000-8000-00000000000A'
    const entry = rightOf(await createLedger({ plan: jiaxiang2024, store: scratch }).record(op('register', 1, 0, 1))())
    await writeAsStored(store, [{ ...entry, id: upper }])
    const keys = generateDepartmentKeys('ed25519')
    const signer = signerFromPem(keys.privateKey)
    if (E.isLeft(signer)) throw new Error(signer.left)
    const clerk: Principal = { id: 'security-clerk-01', actsFor: ['public-security'], signer: signer.right }
    const [d] = await resolvedOn(store, [voidOf(2, upper.toLowerCase(), 'public-security')], true, clerk)
    expect(d?.amends).toMatchObject({ entry: { id: upper }, amendment: { entryId: upper } })
    expect((d?.input.data as { entryId: string }).entryId).toBe(upper)
    expect(d?.stream).toBe(`vehicle-${vin(1)}`)
    // what is sealed is what was signed: the id as recorded
    const input = d?.input
    const signature = d?.attestation?.signature
    if (input === undefined || signature === undefined) throw new Error('no signature')
    const bytes = signedBytes({ ...input, correlationId: null, causationId: null, version: versionOf(input.type) }, { id: clerk.id, actsFor: clerk.actsFor })
    expect(verifySignature('ed25519', signature.key, bytes, signature.value)).toBe(true)
  })

  it('passes the store’s failure on as it is', async () => {
    const failing: EventStore = { ...memoryStore(), findByIds: () => async () => E.left(storageFailed('disk gone')) }
    const decoded = rightOf(decodeAll([voidOf(1, uuid(9))], true))
    expect(leftOf(await resolve(failing, decoded, true, undefined))).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringContaining('disk gone') })
  })
})
