import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { connectionSecrets, connectionTarget, redactSecrets } from './connection.js'

/** Passwords of every awkward shape the issue names: @ / : % spaces, non-ASCII. */
export const hostilePasswords = ['p@ss/w:rdS3cr3t', 'a:b:c:Secret9', '100%sure%2Fx', 'pass word  sp', '密码口令Zz9', 'x@y', 's/ash', 'q?x#y'] as const

describe('connection strings', () => {
  it('names the server, and keeps every form of a percent-encoded password among the secrets', () => {
    for (const password of hostilePasswords) {
      const url = `postgres://ledger:${encodeURIComponent(password)}@db.county:5432/jiaxiang?sslmode=require`
      const target = connectionTarget(url)
      if (E.isLeft(target)) throw new Error(target.left)
      expect(target.right).toMatchObject({ scheme: 'postgres', user: 'ledger', hosts: 'db.county:5432', database: 'jiaxiang' })
      expect(target.right.secrets).toContain(password)
      expect(target.right.secrets).toContain(encodeURIComponent(password))
      expect(redactSecrets(`could not connect with ${url} (${password}, ${encodeURIComponent(password)})`, target.right.secrets)).not.toMatch(
        new RegExp([password, encodeURIComponent(password)].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')),
      )
    }
  })

  it('refuses a user or password holding an unencoded @ / ? #, and says so without echoing it', () => {
    for (const password of hostilePasswords.filter((p) => /[@/?#]/.test(p))) {
      const url = `postgres://ledger:${password}@db.county/jiaxiang`
      const target = connectionTarget(url)
      expect(E.isLeft(target)).toBe(true)
      if (E.isLeft(target)) {
        expect(target.left).toMatch(/百分号编码.*percent-encode/)
        expect(target.left).not.toContain(password)
      }
      // what may not be used is still never shown
      expect(connectionSecrets(url)).toContain(password)
    }
  })

  it('takes a mistyped URL and libpq\'s keyword form for connection strings, and a file path for none', () => {
    expect(connectionSecrets('postgres:/u:S3cr3t@127.0.0.1:1/db')).toContain('S3cr3t')
    expect(connectionSecrets("host=127.0.0.1 port=1 password=S3cr3t dbname=x")).toContain('S3cr3t')
    expect(connectionSecrets("host=db password='pa ss' dbname=x")).toContain('pa ss')
    expect(connectionSecrets('C:/ledgers/jiaxiang.db')).toEqual([])
    expect(connectionSecrets('./jiaxiang-demo.db')).toEqual([])
  })

  it('counts a password given in the query as a secret', () => {
    expect(connectionSecrets('postgres://db.county/jiaxiang?user=ledger&password=Qu3ry-Secret')).toContain('Qu3ry-Secret')
  })

  it('leaves no secret in any text, whatever the password (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }), fc.string({ maxLength: 40 }), (password, noise) => {
        const url = `postgres://ledger:${encodeURIComponent(password)}@db.county/jiaxiang`
        const secrets = connectionSecrets(url)
        const said = redactSecrets(`${noise}${password}${noise}${encodeURIComponent(password)}${url}`, secrets)
        expect(said).not.toContain(url)
        // only a password made of the mask's own stars can be read in the mask
        if (!/^\*+$/.test(password)) expect(said).not.toContain(password)
      }),
    )
  })
})
