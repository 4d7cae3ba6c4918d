import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { generateDepartmentKeys, parseKeyring, signerFromPem, type Keyring, type Principal, type Signer } from '../attestation.js'
import { entryBody } from '../chain.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { inputOf, unwrap } from './log.test-helpers.js'
import { verifyStore } from './verify.js'

const trade = (n: number, recordedBy: RecordInput['recordedBy'] = 'commerce'): RecordInput => ({ ...inputOf({ kind: 'trade', car: n, day: n, nev: false }, n), recordedBy })
const keysOf = (alg: 'ed25519' | 'sm2') => {
  const keys = generateDepartmentKeys(alg)
  const signer = signerFromPem(keys.privateKey)
  if (E.isLeft(signer)) throw new Error(signer.left)
  return { ...keys, signer: signer.right }
}
const ring = (entries: Record<string, ReadonlyArray<{ alg: 'ed25519' | 'sm2'; publicKey: string }>>): Keyring => {
  const r = parseKeyring(entries)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const clerk = (signer?: Signer): Principal => ({ id: 'commerce-clerk-07', actsFor: ['commerce'], ...(signer === undefined ? {} : { signer }) })

describe('recording as a principal the host vouches for', () => {
  it('seals the principal into the entry; the ledger’s own record seals none, and its bytes are what they always were', async () => {
    const ledger = createLedger({ store: memoryStore() })
    const plain = unwrap(await ledger.record(trade(1))())
    expect(plain.attestation).toBeUndefined()
    expect(entryBody(plain)).not.toContain('attestation')
    const vouched = unwrap(await ledger.as(clerk()).record(trade(2))())
    expect(vouched.attestation).toEqual({ principal: { id: 'commerce-clerk-07', actsFor: ['commerce'] } })
    expect(entryBody(vouched).startsWith('{"attestation":{"principal":{"actsFor":["commerce"],"id":"commerce-clerk-07"}},"causationId":')).toBe(true)
    const [stored] = unwrap(await ledger.readAll({ after: 1, limit: 1 })())
    expect(stored?.attestation).toEqual(vouched.attestation)
  })

  it('refuses a recordedBy the principal may not act for, before the plan’s policy, and writes nothing', async () => {
    const store = memoryStore()
    const as = createLedger({ store }).as(clerk())
    const refused = await as.record(trade(1, 'town-jiaxiang'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'town-jiaxiang' })
    expect(E.isLeft(refused) && refused.left.message).toContain('记录人 commerce-clerk-07 无权代表 town-jiaxiang（可代表 commerce）')
    const batch = await as.recordBatch([trade(2), trade(3, 'health')])()
    expect(E.isLeft(batch) && batch.left).toMatchObject({ code: 'NOT_ALLOWED', index: 1 })
    expect(unwrap(await store.head()()).position).toBe(0)
    // a principal that does not check out refuses every call, naming the field
    const bad = await createLedger({ store }).as({ id: 'x y', actsFor: [] }).record(trade(4))()
    expect(E.isLeft(bad) && bad.left).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(E.isLeft(bad) && bad.left.message).toMatch(/principal\.id.*principal\.actsFor/s)
    expect(unwrap(await store.head()()).position).toBe(0)
  })
})

describe('signed entries, verified against a keyring', () => {
  for (const alg of ['ed25519', 'sm2'] as const)
    it(`${alg}: entries signed by the department verify; a key the keyring does not give the unit, or a changed signature, is found`, async () => {
      const commerce = keysOf(alg)
      const intruder = keysOf(alg)
      const store = memoryStore()
      const ledger = createLedger({ store })
      const signed = unwrap(await ledger.as(clerk(commerce.signer)).recordBatch([trade(1), trade(2)])())
      expect(signed.recorded.map((e) => e.attestation?.signature?.alg)).toEqual([alg, alg])
      const keyring = ring({ commerce: [{ alg, publicKey: commerce.publicKey }] })
      expect(unwrap(await verifyStore(store, undefined, { keyring, requireSignatures: true })())).toMatchObject({ ok: true, count: 2 })
      // the same key given for another unit only does not vouch for commerce
      expect(unwrap(await verifyStore(store, undefined, { keyring: ring({ health: [{ alg, publicKey: commerce.publicKey }] }) })())).toMatchObject({
        ok: false,
        position: 1,
        problem: 'signature-invalid',
      })
      // someone with the store but not the key signs with his own
      unwrap(await ledger.as(clerk(intruder.signer)).record(trade(3))())
      const found = unwrap(await verifyStore(store, undefined, { keyring })())
      expect(found).toMatchObject({ ok: false, position: 3, problem: 'signature-invalid' })
      expect(!found.ok && found.detail).toContain('签名密钥不在 commerce 的密钥环中')
      // the chain alone cannot tell: without the keyring the log verifies
      expect(unwrap(await verifyStore(store)())).toMatchObject({ ok: true, count: 3 })
    })

  it('with signatures required, finds an entry that only claims its recordedBy, and one vouched for but not signed', async () => {
    const commerce = keysOf('ed25519')
    const keyring = ring({ commerce: [{ alg: 'ed25519', publicKey: commerce.hex }] })
    for (const write of [(l: ReturnType<typeof createLedger>) => l.record(trade(2)), (l: ReturnType<typeof createLedger>) => l.as(clerk()).record(trade(2))]) {
      const store = memoryStore()
      const ledger = createLedger({ store })
      unwrap(await ledger.as(clerk(commerce.signer)).record(trade(1))())
      unwrap(await write(ledger)())
      expect(unwrap(await verifyStore(store, undefined, { keyring })())).toMatchObject({ ok: true })
      expect(unwrap(await verifyStore(store, undefined, { keyring, requireSignatures: true })())).toMatchObject({ ok: false, position: 2, problem: 'signature-missing' })
    }
  })
})
