import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { exportBundle, generateSigningKeys, memoryStore, signCheckpoint } from '@policy-ledger/core'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const main = join(import.meta.dirname, 'main.ts')
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** Run the bin as a user would, from its TypeScript source through tsx. */
const verify = async (...args: string[]): Promise<{ code: number; stdout: string }> => {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', main, ...args])
    return { code: 0, stdout }
  } catch (e) {
    const failed = e as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('policy-ledger-verify', () => {
  it('verifies a bundle folder, and says where it was touched', async () => {
    const store = memoryStore()
    await store.append({
      drafts: [1, 2, 3].map((n) => ({
        entry: {
          id: `00000000-0000-4000-8000-00000000000${n}`,
          type: 'UsedCarTraded',
          version: 1,
          stream: `vehicle-${n}`,
          revision: 1,
          occurredAt: '2025-06-01T10:00:00+08:00',
          recordedBy: 'commerce',
          source: { system: 'test', recordId: `r${n}` },
          correlationId: null,
          causationId: null,
          data: { price: n },
        },
        deltas: new Float64Array(),
      })),
      expected: [],
      now: Date.UTC(2025, 5, 1),
    })()
    const keys = generateSigningKeys()
    const head = await store.head()()
    if (head._tag === 'Left') throw new Error(head.left.message)
    const checkpoint = signCheckpoint({ origin: 'test', size: 3, head: head.right.hash, at: '2025-06-30T15:59:59.999Z' }, keys.privateKey)
    const bundle = await exportBundle(store, { origin: 'test', checkpoints: [checkpoint], publicKey: keys.publicKey })()
    if (bundle._tag === 'Left') throw new Error(bundle.left.message)
    const dir = mkdtempSync(join(tmpdir(), 'policy-ledger-bundle-'))
    dirs.push(dir)
    for (const [name, text] of Object.entries(bundle.right)) writeFileSync(join(dir, name), text)
    const keyFile = join(dir, '..', `${dir.split('/').pop()}-key.pem`)
    writeFileSync(keyFile, keys.publicKey)
    dirs.push(keyFile)

    const ok = await verify(dir, '--key', keyFile)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('OK 审计包校验通过 bundle verified')
    expect(ok.stdout).toContain('条目 entries: 3')
    expect((await verify(dir)).stdout).toContain('--key')

    const entries = bundle.right['entries.ndjson'] as string
    writeFileSync(join(dir, 'entries.ndjson'), entries.replace('"price":2', '"price":20'))
    const bad = await verify(dir, '--key', keyFile, '--json')
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, chain: { ok: false, position: 2, problem: 'content-changed' } })
    expect((await verify()).code).toBe(2)
  })
})
