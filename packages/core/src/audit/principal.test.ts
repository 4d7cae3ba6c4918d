import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { generateDepartmentKeys, parseKeyring, signerFromPem, type Keyring, type Principal, type Signer } from '../attestation.js'
import { entryBody } from '../chain.js'
import { createLedger, type RecordInput } from '../ledger.js'
import { memoryStore } from '../memory-store.js'
import { inputOf, unwrap } from './log.test-helpers.js'
import { verifyStore } from './verify.js'
import { jiaxiang2024 } from '../plan/jiaxiang.test-helpers.js'

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
    const ledger = createLedger({ plan: jiaxiang2024, store: memoryStore() })
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
    const as = createLedger({ plan: jiaxiang2024, store }).as(clerk())
    const refused = await as.record(trade(1, 'town-jiaxiang'))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'NOT_ALLOWED', recordedBy: 'town-jiaxiang' })
    expect(E.isLeft(refused) && refused.left.message).toContain('记录人 commerce-clerk-07 无权代表 town-jiaxiang（可代表 commerce）')
    const batch = await as.recordBatch([trade(2), trade(3, 'health')])()
    expect(E.isLeft(batch) && batch.left).toMatchObject({ code: 'NOT_ALLOWED', index: 1 })
    expect(unwrap(await store.head()()).position).toBe(0)
    // a principal that does not check out refuses every call, naming the field
    const bad = await createLedger({ plan: jiaxiang2024, store }).as({ id: 'x y', actsFor: [] }).record(trade(4))()
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
      const ledger = createLedger({ plan: jiaxiang2024, store })
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
      const ledger = createLedger({ plan: jiaxiang2024, store })
      unwrap(await ledger.as(clerk(commerce.signer)).record(trade(1))())
      unwrap(await write(ledger)())
      expect(unwrap(await verifyStore(store, undefined, { keyring })())).toMatchObject({ ok: true })
      expect(unwrap(await verifyStore(store, undefined, { keyring, requireSignatures: true })())).toMatchObject({ ok: false, position: 2, problem: 'signature-missing' })
    }
  })
})

describe('attestations as a forger might write them', () => {
  const keys = keysOf('ed25519')
  const keyring = ring({ commerce: [{ alg: 'ed25519', publicKey: keys.hex }] })

  /** A genuinely signed entry's draft, changed as a forger with write access would, appended to a fresh store and verified. */
  const verdictOf = async (change: (draft: Record<string, unknown>) => Record<string, unknown>) => {
    const genuine = unwrap(await createLedger({ plan: jiaxiang2024, store: memoryStore() }).as(clerk(keys.signer)).record(trade(1))())
    const { hash: _h, position: _p, prevHash: _ph, recordedAt: _r, ...draft } = genuine
    const store = memoryStore()
    unwrap(await store.append({ drafts: [{ entry: change(draft) as never, deltas: new Float64Array() }], expected: [], now: 0 })())
    return unwrap(await verifyStore(store, undefined, { keyring, requireSignatures: true })())
  }

  it.each([
    ['an attestation of null', (d: Record<string, unknown>) => ({ ...d, attestation: null })],
    ['a signature of null', (d: Record<string, unknown>) => ({ ...d, attestation: { ...(d.attestation as object), signature: null } })],
    ['a field nobody signed beside the principal', (d: Record<string, unknown>) => ({ ...d, attestation: { ...(d.attestation as object), note: '已核实 verified' } })],
    ['a name added to the principal', (d: Record<string, unknown>) => ({ ...d, attestation: { ...(d.attestation as { principal: object }), principal: { ...(d.attestation as { principal: object }).principal, name: '商务局' } } })],
  ])('%s is a finding at its position, never a crash or an OK', async (_, change) => {
    expect(await verdictOf(change)).toMatchObject({ ok: false, position: 1, problem: 'invalid-entry' })
  })

  it('a changed schema version breaks the signature: what the department signed is read as it signed it', async () => {
    expect(await verdictOf((d) => ({ ...d, version: 2 }))).toMatchObject({ ok: false, position: 1, problem: 'signature-invalid' })
  })
})

describe('a host’s principal and signer, taken as they are at the call', () => {
  it('refuses a signer that throws, answers nonsense or signs with another key than it names, and writes nothing', async () => {
    const keys = keysOf('ed25519')
    const other = keysOf('ed25519')
    const signers: ReadonlyArray<Signer> = [
      { ...keys.signer, sign: () => { throw new Error('HSM down') } },
      { ...keys.signer, sign: () => 12 as unknown as string },
      { ...keys.signer, sign: () => 'ab'.repeat(64) },
      { ...keys.signer, sign: other.signer.sign },
      { ...keys.signer, key: 'not hex' },
    ]
    for (const signer of signers) {
      const store = memoryStore()
      const r = await createLedger({ plan: jiaxiang2024, store }).as(clerk(signer)).record(trade(1))()
      expect(E.isLeft(r) && r.left.code).toBe('VALIDATION_FAILED')
      expect(unwrap(await store.head()()).position).toBe(0)
    }
  })

  it('reads actsFor once: a getter cannot answer one list when checked and another when sealed', async () => {
    let asked = 0
    const principal = {
      id: 'commerce-clerk-07',
      get actsFor() {
        asked += 1
        return asked === 1 ? ['commerce'] : ['commerce', 'public-security']
      },
    } as unknown as Principal
    const entry = unwrap(await createLedger({ plan: jiaxiang2024, store: memoryStore() }).as(principal).record(trade(1))())
    expect(entry.attestation?.principal.actsFor).toEqual(['commerce'])
    expect(asked).toBe(1)
  })
})
