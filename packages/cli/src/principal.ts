import { codeProblem, parseKeyring, signerFromPem, type Keyring, type Plan, type Principal } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { usageFailure, type Failure } from './failure.js'
import { readJsonText, readText } from './read.js'

/*
 * The command line as the host that vouches for a principal: whoever holds a
 * department's private key signs as that department. The principal is named
 * by its key (`ed25519:` or `sm2:` and the first 16 hex digits of the public
 * key), and acts for the units it is given.
 */

/** The principal signing with the private key in `file`, acting for `actsFor`; or a usage failure naming the file. */
export const principalFromKey = async (file: string, actsFor: ReadonlyArray<string>): Promise<E.Either<Failure, Principal>> => {
  const text = await readText(file, '--sign-key')
  if (E.isLeft(text)) return text
  const signer = signerFromPem(text.right)
  if (E.isLeft(signer)) return E.left(usageFailure(`--sign-key ${file}: ${signer.left}`))
  return E.right({ id: `${signer.right.alg}:${signer.right.key.slice(signer.right.alg === 'sm2' ? 2 : 0).slice(0, 16)}`, actsFor, signer: signer.right })
}

/** The units of a comma-separated `--acts-for`, or a usage failure naming the first the plan does not have. */
export const unitsOf = (plan: Plan, list: string): E.Either<Failure, ReadonlyArray<string>> => {
  const codes = list.split(',').map((s) => s.trim())
  const wrong = codes.flatMap((c) => {
    const problem = codeProblem(plan, 'unit', c)
    return problem === undefined ? [] : [problem]
  })[0]
  return wrong === undefined ? E.right(codes) : E.left(usageFailure(`--acts-for: ${wrong}`))
}

/** The keyring in a JSON file, or a usage failure naming the file and where in it. */
export const readKeyring = async (file: string): Promise<E.Either<Failure, Keyring>> => {
  const text = await readText(file, '--keyring')
  if (E.isLeft(text)) return text
  const u = readJsonText(text.right, `--keyring ${file}`)
  if (E.isLeft(u)) return u
  const ring = parseKeyring(u.right)
  return E.isLeft(ring) ? E.left(usageFailure(`--keyring ${file}: ${ring.left.map((i) => `${i.path}: ${i.reason}`).join('; ')}`)) : ring
}
