import { exportBundle, MANIFEST, type Manifest } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { evidenceOf, ORIGIN, type CheckpointOptions } from '../checkpoints.js'
import { exitStatus, storeFailure, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { withStore } from '../store.js'

export interface BundleOptions extends CheckpointOptions {
  readonly db: string
  /** the directory the bundle's files are written to */
  readonly out: string
}

/**
 * `policy-ledger bundle`: the audit bundle (docs/auditing.md), for a third
 * party to check offline with `policy-ledger-verify`. Checkpoints go in
 * only once their signatures verify with the key given.
 */
export const bundleCommand = async (options: BundleOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if (existsSync(options.out) && readdirSync(options.out).length > 0)
    return E.left(usageFailure(`--out ${options.out} is not empty: a bundle is written into a new or empty directory, so that nothing else is taken for part of it`))
  const evidence = await evidenceOf(options)
  if (E.isLeft(evidence)) return evidence
  return withStore(options.db, { access: 'read' }, async (store) => {
    const bundle = await exportBundle(store, { origin: ORIGIN, checkpoints: evidence.right?.checkpoints ?? [], publicKey: evidence.right?.publicKey ?? '' })()
    if (E.isLeft(bundle)) return E.left(storeFailure(bundle.left))
    await mkdir(options.out, { recursive: true })
    for (const [name, text] of Object.entries(bundle.right)) await writeFile(join(options.out, name), text)
    const { entries } = JSON.parse(bundle.right[MANIFEST] ?? '') as Manifest
    process.stdout.write(
      [
        `审计包 audit bundle: ${options.out}`,
        `  条目 entries: ${entries.count} · 链头 head: ${entries.head}`,
        `  签名检查点 signed checkpoints: ${evidence.right?.checkpoints.length ?? 0}`,
        '第三方离线校验 a third party verifies it offline, with the public key obtained apart from the bundle:',
        `  policy-ledger-verify ${options.out} --key ${options.key ?? 'PUBLIC.pem'}`,
        '',
      ].join('\n'),
    )
    return E.right(exitStatus.ok)
  })
}
