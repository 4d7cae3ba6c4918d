import * as E from 'fp-ts/lib/Either.js'
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as signWith, verify as verifyWith, type KeyObject } from 'node:crypto'
import { createRequire } from 'node:module'
import * as t from 'io-ts'
import { canonicalJson, type Json } from './canonical.js'
import { Identifier, issuesWording, refined, said, Struct, toIssues, UnitCodec } from './codecs.js'
import { pipe } from 'fp-ts/lib/function.js'
import { plainCopy } from './plain.js'
import type { Issue } from './issue.js'

/*
 * Who recorded an entry, as far as it can be shown. The host system vouches
 * for a principal (a system account, a clerk) and the units it may act for
 * (`ledger.as(principal)`); what was checked is sealed into the entry as its
 * `attestation`. A principal with a signer also signs what the department
 * states, with the department's key: Ed25519, or SM2 with SM3 (GB/T 32918,
 * GB/T 32905) where 国密 is required. The signature covers the stated
 * content, not the place the store gives the entry, so a department can sign
 * before the ledger places it. An entry without an attestation only claims
 * its `recordedBy`.
 */

export type SignatureAlgorithm = 'ed25519' | 'sm2'
export const signatureAlgorithms: ReadonlyArray<SignatureAlgorithm> = ['ed25519', 'sm2']

/** A department's signature over what it stated; `key` is the public key, hex (Ed25519: 32 bytes; SM2: 04‖x‖y). */
export interface EntrySignature {
  readonly alg: SignatureAlgorithm
  readonly key: string
  readonly value: string
}

/** What is sealed of a principal: who, and which units the host said it may act for. */
export interface VouchedPrincipal {
  readonly id: string
  readonly actsFor: ReadonlyArray<string>
}

/** The optional `attestation` field of an entry (absent: `recordedBy` was only claimed). */
export interface Attestation {
  readonly principal: VouchedPrincipal
  readonly signature?: EntrySignature
}

/** Signs with one department's private key. */
export interface Signer {
  readonly alg: SignatureAlgorithm
  /** the public key, hex, as `EntrySignature.key` names it */
  readonly key: string
  readonly sign: (message: Uint8Array) => string
}

/** A principal the host system vouches for. */
export interface Principal extends VouchedPrincipal {
  readonly signer?: Signer
}

const SignerCodec = refined(
  { zh: '签名器（见 signerFromPem）', en: 'a signer (see signerFromPem)' },
  (u): u is Signer =>
    typeof u === 'object' && u !== null && signatureAlgorithms.includes((u as Signer).alg) && typeof (u as Signer).key === 'string' && typeof (u as Signer).sign === 'function',
)

const PrincipalCodec = Struct(
  { zh: '记录人', en: 'a principal' },
  {
    id: Identifier,
    actsFor: refined({ zh: '非空的单位代码列表', en: 'a non-empty list of unit codes' }, (u): u is ReadonlyArray<string> => Array.isArray(u) && u.length > 0 && u.every(UnitCodec.is)),
  },
  { signer: SignerCodec },
)

/**
 * A principal as the host gave it, taken as a copy (each field read once, as `plainCopy` reads an
 * input: a getter cannot answer one thing when checked and another when sealed), or the issues
 * with it (path `principal.…`).
 */
export const checkPrincipal = (p: unknown): E.Either<Issue[], Principal> => {
  const given = (typeof p === 'object' && p !== null ? p : {}) as Partial<Record<keyof Principal, unknown>>
  const { signer } = given
  return pipe(
    plainCopy({ id: given.id, actsFor: given.actsFor }),
    E.mapLeft((issue) => [{ ...issue, path: `principal.${issue.path}` }]),
    E.flatMap((stated) => {
      const r = PrincipalCodec.validate({ ...(stated as object), ...(signer === undefined ? {} : { signer }) }, [])
      if (E.isLeft(r)) return E.left(toIssues(r.left, ['principal']))
      const { id, actsFor, signer: s } = r.right
      // the signer's names read once; its sign() is the host's, and what it answers is checked at each use
      return E.right({ id, actsFor: [...actsFor], ...(s === undefined ? {} : { signer: { alg: s.alg, key: s.key, sign: (m: Uint8Array) => s.sign(m) } }) })
    }),
  )
}

/** What a department states about a fact: the fields its signature covers. */
export interface Statement {
  readonly id: string
  readonly type: string
  readonly occurredAt: string
  readonly recordedBy: string
  readonly source: { readonly system: string; readonly recordId: string }
  readonly correlationId: string | null
  readonly causationId: string | null
  /** the schema version of `data`: an entry read back is upcast from it, so what was signed must say which */
  readonly version: number
  readonly data: unknown
}

/** The bytes signed: a domain tag (a signature over them means nothing else), then the statement and principal, canonical. */
export const signedBytes = (s: Statement, principal: VouchedPrincipal): Buffer =>
  Buffer.from(
    `policy-ledger/entry/v1\n${canonicalJson({
      id: s.id,
      type: s.type,
      occurredAt: s.occurredAt,
      recordedBy: s.recordedBy,
      source: s.source as unknown as Json,
      correlationId: s.correlationId,
      causationId: s.causationId,
      version: s.version,
      data: s.data as Json,
      principal: { id: principal.id, actsFor: [...principal.actsFor] },
    })}`,
  )

/**
 * The attestation sealed for a statement made by this principal: signed if it has a signer, or why
 * not. The host's signer is asked once, and what it answers is sealed only if it is a signature by
 * the key it names over these bytes: a signer that throws, answers nonsense or signs with another
 * key is refused, and nothing is written.
 */
export const attest = (s: Statement, p: Principal): E.Either<string, Attestation> => {
  const principal: VouchedPrincipal = { id: p.id, actsFor: [...p.actsFor] }
  if (p.signer === undefined) return E.right({ principal })
  const { alg, key } = p.signer
  const bytes = signedBytes(s, principal)
  let value: unknown
  try {
    value = p.signer.sign(bytes)
  } catch (e) {
    return E.left(`签名失败 / the signer failed: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (typeof value !== 'string' || !verifySignature(alg, key, bytes, value))
    return E.left(`签名器给出的不是 ${key.slice(0, 16)}… 对此内容的 ${alg} 签名 / the signer did not answer with a ${alg} signature of this statement by the key it names`)
  return E.right({ principal, signature: { alg, key, value } })
}

// DER prefixes that wrap a raw key (RFC 8410 for Ed25519; SM2's OID 1.2.156.10197.1.301, GB/T 35276, in
// the layout OpenSSL writes). SM2 keys are read by these alone: node takes an SM2 key for ECDSA, and aborts
// the process exporting some SM2 keys it has read, so no SM2 key is handed to node:crypto.
const ED25519_SPKI = '302a300506032b6570032100'
const SM2_SPKI = '3059301306072a8648ce3d020106082a811ccf5501822d034200'
const SM2_PKCS8 = '308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420'
const SM2_PKCS8_PUBLIC = 'a144034200'

const HEX = (bytes: number): RegExp => new RegExp(`^[0-9a-f]{${bytes * 2}}$`)
const keyShape: Readonly<Record<SignatureAlgorithm, RegExp>> = { ed25519: HEX(32), sm2: /^04[0-9a-f]{128}$/ }

/**
 * SM2 and the curve arithmetic under it, loaded when an SM2 key is first
 * used: a command that meets no SM2 signature (most) does not pay the 25 ms
 * their loading costs.
 */
let sm2Loaded: typeof import('sm-crypto-v2').sm2 | undefined
const sm2 = (): typeof import('sm-crypto-v2').sm2 => (sm2Loaded ??= (createRequire(import.meta.url)('sm-crypto-v2') as typeof import('sm-crypto-v2')).sm2)

/** GB/T 35276's default distinguishing identifier, which Z_A is computed from. */
export const SM2_DEFAULT_ID = '1234567812345678'

/** Whether `value` is a signature of `message` by the public key `key` (hex). Never throws: a forged row may hold anything. */
export const verifySignature = (alg: SignatureAlgorithm, key: string, message: Uint8Array, value: string): boolean => {
  if (!keyShape[alg].test(key) || !/^[0-9a-f]{128}$/.test(value)) return false
  // loaded outside the try: a library that will not load is the installation's fault, never a forged signature
  const sm = alg === 'sm2' ? sm2() : undefined
  try {
    if (sm !== undefined) return sm.doVerifySignature(message, value, key, { hash: true, userId: SM2_DEFAULT_ID })
    return verifyWith(null, message, createPublicKey({ key: Buffer.from(ED25519_SPKI + key, 'hex'), format: 'der', type: 'spki' }), Buffer.from(value, 'hex'))
  } catch {
    return false
  }
}

/** The DER of a PEM block, hex ('' if the text holds none). */
const derOf = (pem: string): string => {
  const body = /-----BEGIN [A-Z ]+-----([A-Za-z0-9+/=\s]+)-----END [A-Z ]+-----/.exec(pem)?.[1] ?? ''
  return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('hex')
}

const sm2Signer = (d: string): Signer => {
  const sm = sm2()
  const key = sm.getPublicKeyFromPrivateKey(d)
  return { alg: 'sm2', key, sign: (m) => sm.doSignature(m, d, { hash: true, publicKey: key, userId: SM2_DEFAULT_ID }) }
}

/** A signer from a private key in PEM (PKCS #8: Ed25519, or SM2 as `keygen --alg sm2` and OpenSSL write it), or why not. */
export const signerFromPem = (pem: string): E.Either<string, Signer> => {
  const der = derOf(pem)
  if (der.startsWith(SM2_PKCS8) && der.slice(SM2_PKCS8.length + 64).startsWith(SM2_PKCS8_PUBLIC)) return E.right(sm2Signer(der.slice(SM2_PKCS8.length, SM2_PKCS8.length + 64)))
  let k: KeyObject
  try {
    k = createPrivateKey(pem)
  } catch (err) {
    return E.left(`不是 PEM 私钥 / not a PEM private key: ${(err as Error).message}`)
  }
  if (k.asymmetricKeyType !== 'ed25519') return E.left(`不是 Ed25519 或 SM2 私钥 / not an Ed25519 or SM2 private key (${k.asymmetricKeyType ?? 'another kind'})`)
  const key = createPublicKey(k).export({ format: 'der', type: 'spki' }).toString('hex').slice(ED25519_SPKI.length)
  return E.right({ alg: 'ed25519', key, sign: (m) => signWith(null, m, k).toString('hex') })
}

/** A new key pair for a department, PEM: PKCS #8 private, SubjectPublicKeyInfo public; and the public key as hex, for a keyring. */
export const generateDepartmentKeys = (alg: SignatureAlgorithm): { readonly privateKey: string; readonly publicKey: string; readonly hex: string } => {
  const pemOf = (label: string, hex: string): string =>
    `-----BEGIN ${label}-----\n${(Buffer.from(hex, 'hex').toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`
  if (alg === 'sm2') {
    const { privateKey: d, publicKey: key } = sm2().generateKeyPairHex()
    return { privateKey: pemOf('PRIVATE KEY', SM2_PKCS8 + d + SM2_PKCS8_PUBLIC + key), publicKey: pemOf('PUBLIC KEY', SM2_SPKI + key), hex: key }
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const hex = publicKey.export({ format: 'der', type: 'spki' }).toString('hex').slice(ED25519_SPKI.length)
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), hex }
}

/** A public key as a keyring may give it, PEM or hex, as hex; or why not. */
export const publicKeyHex = (alg: SignatureAlgorithm, given: string): E.Either<string, string> => {
  const hex = given.trim().toLowerCase()
  if (keyShape[alg].test(hex)) return E.right(hex)
  const der = derOf(given)
  const prefix = alg === 'sm2' ? SM2_SPKI : ED25519_SPKI
  const key = der.slice(prefix.length)
  return der.startsWith(prefix) && keyShape[alg].test(key) ? E.right(key) : E.left(`不是 ${alg} 公钥（PEM 或十六进制）— not an ${alg} public key (PEM, or hex)`)
}

/** The departments' public keys, hex, by unit. */
export type Keyring = ReadonlyMap<string, ReadonlySet<string>>

const KeyringCodec = t.record(
  t.string,
  t.array(Struct({ zh: '公钥', en: 'a public key' }, { alg: refined({ zh: 'ed25519 或 sm2', en: 'ed25519 or sm2' }, (u): u is SignatureAlgorithm => u === 'ed25519' || u === 'sm2'), publicKey: refined({ zh: '公钥（PEM 或十六进制）', en: 'a public key, PEM or hex' }, (u): u is string => typeof u === 'string') })),
)

/** A keyring from its JSON form, `{ "commerce": [{ "alg": "ed25519", "publicKey": "…" }], … }`; or the issues, each naming where. */
export const parseKeyring = (u: unknown): E.Either<Issue[], Keyring> => {
  const r = KeyringCodec.validate(u, [])
  if (E.isLeft(r)) return E.left(toIssues(r.left, []))
  const issues: Issue[] = []
  const ring = new Map<string, Set<string>>()
  for (const [unit, keys] of Object.entries(r.right) as Array<[string, Array<{ alg: SignatureAlgorithm; publicKey: string }>]>) {
    if (!UnitCodec.is(unit)) {
      issues.push({ path: unit, reason: `不是单位代码（小写字母与数字，以 - 连接） / not a unit code (lower-case letters and digits joined by -)` })
      continue
    }
    const set = new Set<string>()
    keys.forEach(({ alg, publicKey }, i) => {
      const hex = publicKeyHex(alg, publicKey)
      if (E.isLeft(hex)) issues.push({ path: `${unit}[${i}].publicKey`, reason: hex.left })
      else set.add(hex.right)
    })
    ring.set(unit, set)
  }
  return issues.length > 0 ? E.left(issues) : E.right(ring)
}

/** What is wrong with an entry's attestation: no signature where one is required, or one that does not hold. */
export interface AttestationProblem {
  readonly kind: 'signature-missing' | 'signature-invalid'
  readonly why: string
}

const problem = (kind: AttestationProblem['kind'], why: string): AttestationProblem => ({ kind, why })

const StoredAttestation = Struct(
  { zh: '记录人担保（attestation）', en: 'an attestation' },
  {
    principal: Struct({ zh: '记录人', en: 'a principal' }, {
      id: Identifier,
      actsFor: refined({ zh: '非空的单位代码列表', en: 'a non-empty list of unit codes' }, (u): u is ReadonlyArray<string> => Array.isArray(u) && u.length > 0 && u.every(UnitCodec.is)),
    }),
  },
  {
    signature: Struct({ zh: '签名', en: 'a signature' }, {
      alg: refined({ zh: 'ed25519 或 sm2', en: 'ed25519 or sm2' }, (u): u is SignatureAlgorithm => u === 'ed25519' || u === 'sm2'),
      key: refined({ zh: '十六进制的公钥', en: 'a public key in hex' }, (u): u is string => typeof u === 'string' && /^(04)?[0-9a-f]{64}([0-9a-f]{64})?$/.test(u)),
      value: refined({ zh: '十六进制的签名', en: 'a signature in hex' }, (u): u is string => typeof u === 'string' && /^[0-9a-f]{128}$/.test(u)),
    }),
  },
)

/**
 * Why a stored entry's attestation is not one the ledger writes (null, a field too many, a value of
 * the wrong shape), or undefined: a field nobody signed must not read as vouched for.
 */
export const attestationShapeProblem = (e: { readonly attestation?: unknown }): string | undefined => {
  if (!('attestation' in e) || e.attestation === undefined) return undefined
  const r = StoredAttestation.validate(e.attestation, [])
  if (E.isRight(r)) return undefined
  const why = issuesWording(toIssues(r.left, ['attestation']))
  return said({ zh: `其 attestation 不是台账写下的形式：${why.zh}`, en: `its attestation is not as the ledger writes one: ${why.en}` })
}

/** Why an entry's attestation does not hold against a keyring, or undefined if it does (or, signatures not required, there is none). */
export const attestationProblem = (e: Statement & { readonly attestation?: Attestation }, keyring: Keyring, requireSignatures: boolean): AttestationProblem | undefined => {
  const shape = attestationShapeProblem(e)
  if (shape !== undefined) return problem('signature-invalid', shape)
  const a = e.attestation
  if (a === undefined) return requireSignatures ? problem('signature-missing', '没有签名，recordedBy 只是声称 / no signature: its recordedBy is only claimed') : undefined
  if (!Array.isArray(a.principal?.actsFor) || !a.principal.actsFor.includes(e.recordedBy))
    return problem('signature-invalid', `记录人 ${String(a.principal?.id)} 无权代表 ${e.recordedBy} / the principal may not act for ${e.recordedBy}`)
  const s = a.signature
  if (s === undefined) return requireSignatures ? problem('signature-missing', `记录人 ${a.principal.id} 经担保但未签名 / vouched for but not signed`) : undefined
  if (!keyring.get(e.recordedBy)?.has(s.key)) return problem('signature-invalid', `签名密钥不在 ${e.recordedBy} 的密钥环中 / the signing key is not in the keyring for ${e.recordedBy}`)
  if (!signatureAlgorithms.includes(s.alg) || !verifySignature(s.alg, s.key, signedBytes(e, a.principal), s.value))
    return problem('signature-invalid', '签名与内容不符 / the signature does not match what the entry states')
  return undefined
}
