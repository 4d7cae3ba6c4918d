import { createLedger, generateDepartmentKeys, parseKeyring, signerFromPem, verifyStore, type Principal, type RecordInput, type Signer } from '@policy-ledger/core'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { copyFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { registrations, traded } from './children.test-helpers.js'
import { sqliteStore } from './index.js'
import { tempDir } from './temp.test-helpers.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

const right = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const signerOf = (pem: string): Signer => right(signerFromPem(pem))

describe('an entry written into the SQLite file by someone without the department’s key', () => {
  const temp = tempDir()
  afterAll(() => temp.remove())
  const commerce = generateDepartmentKeys('sm2')
  const police = generateDepartmentKeys('ed25519')
  const keyring = right(parseKeyring({ commerce: [{ alg: 'sm2', publicKey: commerce.publicKey }], 'public-security': [{ alg: 'ed25519', publicKey: police.hex }] }))
  const as = (unit: 'commerce' | 'public-security', signer?: Signer): Principal => ({ id: `${unit}-system`, actsFor: [unit], ...(signer === undefined ? {} : { signer }) })
  const cars = registrations(3, 0, 3)
  const vin = (k: number): string => (cars[k]?.data as { vin: string }).vin

  it('is found by verify with the keyring, at its position; the genuine log verifies, and nothing but the keyring tells them apart', async () => {
    const base = temp.file('base.db')
    const store = sqliteStore({ file: base })
    const ledger = createLedger({ plan: jiaxiang2024, store })
    right(await ledger.as(as('public-security', signerOf(police.privateKey))).recordBatch(cars)())
    const genuine = right(await ledger.as(as('commerce', signerOf(commerce.privateKey))).record(traded(vin(0), 0))())
    store.close()
    const copied = genuine.attestation?.signature?.value ?? ''
    const forgers: ReadonlyArray<readonly [string, (l: ReturnType<typeof createLedger>, input: RecordInput) => ReturnType<ReturnType<typeof createLedger>['record']>, string]> = [
      ['no principal at all (only claimed)', (l, i) => l.record(i), 'signature-missing'],
      ['vouched for, unsigned', (l, i) => l.as(as('commerce')).record(i), 'signature-missing'],
      ['signed with a key of his own', (l, i) => l.as(as('commerce', signerOf(generateDepartmentKeys('sm2').privateKey))).record(i), 'signature-invalid'],
      ['signed by public-security’s key for a commerce fact', (l, i) => l.as({ id: 'police', actsFor: ['public-security', 'commerce'], signer: signerOf(police.privateKey) }).record(i), 'signature-invalid'],
    ]
    // a signer that answers with a signature copied from another entry is refused at the door, nothing written
    const copier = sqliteStore({ file: base })
    const before = right(await copier.head()())
    const refused = await createLedger({ plan: jiaxiang2024, store: copier }).as(as('commerce', { alg: 'sm2', key: commerce.hex, sign: () => copied })).record(traded(vin(1), 1))()
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'principal.signer' }] })
    expect(right(await copier.head()())).toEqual(before)
    copier.close()
    let caught = 0
    for (const [name, forge, problem] of forgers) {
      const file = temp.file(`forged-${caught}.db`)
      copyFileSync(base, file)
      const forged = sqliteStore({ file })
      right(await forge(createLedger({ plan: jiaxiang2024, store: forged }), traded(vin(1), 1))())
      const v = right(await verifyStore(forged, undefined, { keyring, requireSignatures: true })())
      const plain = right(await verifyStore(forged)())
      forged.close()
      expect(v, name).toMatchObject({ ok: false, position: 5, problem })
      expect(plain.ok, name).toBe(true)
      caught += 1
    }
    const rows = new Database(base, { readonly: true }).prepare('SELECT count(*) AS n FROM entries').get() as { n: number }
    const clean = sqliteStore({ file: base })
    expect(right(await verifyStore(clean, undefined, { keyring, requireSignatures: true })())).toMatchObject({ ok: true, count: rows.n })
    clean.close()
    console.log(`forged entries: tried ${forgers.length}, caught ${caught}, missed ${forgers.length - caught}; the genuine file (${rows.n} signed entries) verifies`)
  })
})
