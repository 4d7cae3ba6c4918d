import * as E from 'fp-ts/lib/Either.js'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { sm3 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { generateDepartmentKeys, parseKeyring, signerFromPem, verifySignature, type SignatureAlgorithm, type Signer } from './attestation.js'

const pem = (alg: SignatureAlgorithm): string => generateDepartmentKeys(alg).privateKey
const signer = (text: string): Signer => {
  const s = signerFromPem(text)
  if (E.isLeft(s)) throw new Error(s.left)
  return s.right
}

// SM2 on the recommended curve (GB/T 32918.5 / GM/T 0003.5), the published example: d, public key, ID 1234567812345678, "message digest", (r, s)
const vector = {
  d: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  key: '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: Buffer.from('message digest'),
  signature: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
}

describe('SM3 (GB/T 32905) and SM2 (GB/T 32918) against the standards’ examples', () => {
  it('hashes "abc" and the 64-byte message to the published digests, in the library and in node alike', () => {
    const cases = [
      ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
      ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
    ] as const
    for (const [m, digest] of cases) {
      expect(sm3(m)).toBe(digest)
      expect(createHash('sm3').update(m).digest('hex')).toBe(digest)
    }
  })

  it('accepts the standard signature with Z_A from the default ID, and refuses it for another message or a changed s', () => {
    expect(verifySignature('sm2', vector.key, vector.message, vector.signature)).toBe(true)
    expect(verifySignature('sm2', vector.key, Buffer.from('message digesT'), vector.signature)).toBe(false)
    expect(verifySignature('sm2', vector.key, vector.message, `${vector.signature.slice(0, -1)}b`)).toBe(false)
  })

  it('reads the standard private key from PEM to its public key, and its own signatures verify (round trip)', () => {
    // the example key as PKCS #8, as OpenSSL writes an SM2 key
    const der = Buffer.from(`308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420${vector.d}a144034200${vector.key}`, 'hex')
    const s = signer(`-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n`)
    expect(s).toMatchObject({ alg: 'sm2', key: vector.key })
    const m = Buffer.from('县商务局 2025')
    const sig = s.sign(m)
    expect(verifySignature('sm2', s.key, m, sig)).toBe(true)
    expect(verifySignature('sm2', s.key, Buffer.from('县商务局 2026'), sig)).toBe(false)
  })
})

describe('Ed25519 signatures', () => {
  it('round trip: a signature verifies under its key only, for its message only', () => {
    const a = signer(pem('ed25519'))
    const b = signer(pem('ed25519'))
    const m = Buffer.from('{"recordedBy":"commerce"}')
    const sig = a.sign(m)
    expect(a.alg).toBe('ed25519')
    expect(verifySignature('ed25519', a.key, m, sig)).toBe(true)
    expect(verifySignature('ed25519', b.key, m, sig)).toBe(false)
    expect(verifySignature('ed25519', a.key, Buffer.from('{"recordedBy":"health"}'), sig)).toBe(false)
    // anything a forged row may hold is refused, never thrown on
    expect(verifySignature('ed25519', 'zz', m, sig)).toBe(false)
    expect(verifySignature('sm2', a.key, m, sig)).toBe(false)
  })

  it('refuses a private key that is neither Ed25519 nor SM2, and text that is no key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(signerFromPem(rsa)).toMatchObject({ left: expect.stringContaining('not an Ed25519 or SM2 private key') })
    expect(E.isLeft(signerFromPem('not a key'))).toBe(true)
  })
})

describe('keyrings', () => {
  it('reads public keys as PEM or hex, by unit, and names where a bad one is', () => {
    const ed = generateKeyPairSync('ed25519').publicKey
    const sm = generateDepartmentKeys('sm2')
    const ring = parseKeyring({ commerce: [{ alg: 'ed25519', publicKey: ed.export({ type: 'spki', format: 'pem' }).toString() }], 'town-macun': [{ alg: 'sm2', publicKey: sm.publicKey }] })
    expect(E.isRight(ring) && [...ring.right.get('commerce') ?? []][0]).toBe(ed.export({ type: 'spki', format: 'der' }).toString('hex').slice(-64))
    expect(E.isRight(ring) && ring.right.get('town-macun')?.has(sm.hex)).toBe(true)
    expect(parseKeyring({ commerce: [{ alg: 'sm2', publicKey: 'abc' }] })).toMatchObject({ left: [{ path: 'commerce[0].publicKey' }] })
    expect(parseKeyring({ 'Not A Unit': [] })).toMatchObject({ left: [{ path: 'Not A Unit' }] })
  })
})
