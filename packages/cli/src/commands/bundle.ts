import { exportBundle, MANIFEST, type Manifest } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { evidenceOf, ORIGIN, type CheckpointOptions } from '../checkpoints.js'
import { exitStatus, storeFailure, type ExitStatus, type Failure } from '../failure.js'
import { directoryTo, named, type Named } from '../output.js'
import { withStore } from '../store.js'

export interface BundleOptions extends CheckpointOptions {
  readonly db: string
  /** the directory the bundle's files are written to */
  readonly out: string
}

/** What the third party's verifier will miss: with the key, it passes a bundle only if a checkpoint stands at its last entry. */
const unsignedNote = (checkpoints: number, signedTo: number, count: number): string[] =>
  checkpoints === 0
    ? ['  注意 note: 审计包内没有签名检查点，第三方只能确认条目前后相连，用 --key 校验不会通过 / the bundle holds no signed checkpoint: a third party can tell only that the entries hang together, and with --key it does not verify']
    : signedTo < count
      ? [
          `  注意 note: 最后一个签名检查点在第 ${signedTo} 条，其后 ${count - signedTo} 条没有签名；请先签署链头（policy-ledger checkpoint）再导出，否则第三方须用 --size ${signedTo} 校验 / the last signed checkpoint stands at entry ${signedTo} and the ${count - signedTo} entries after it are signed by none: sign the head first (policy-ledger checkpoint), or the third party must verify with --size ${signedTo}`,
        ]
      : []

/**
 * `policy-ledger bundle`: the audit bundle (docs/auditing.md), for a third
 * party to check offline with `policy-ledger-verify`. Checkpoints go in
 * only once their signatures verify with the key given.
 */
export const bundleCommand = async (options: BundleOptions): Promise<E.Either<Failure, ExitStatus>> => {
  // a new or empty directory, so that nothing else is taken for part of the bundle; written whole or not at all
  const inputs = [named('--checkpoints', options.checkpoints), named('--key', options.key)].filter((i): i is Named => i !== undefined)
  const write = directoryTo({ option: '--out', path: options.out }, { db: options.db, inputs, replace: 'never' })
  if (E.isLeft(write)) return write
  const evidence = await evidenceOf(options)
  if (E.isLeft(evidence)) return evidence
  return withStore(options.db, { access: 'read' }, async (store) => {
    const bundle = await exportBundle(store, { origin: ORIGIN, checkpoints: evidence.right?.checkpoints ?? [], publicKey: evidence.right?.publicKey ?? '' })()
    if (E.isLeft(bundle)) return E.left(storeFailure(bundle.left))
    const written = await write.right(new Map(Object.entries(bundle.right)))
    if (E.isLeft(written)) return written
    const { entries } = JSON.parse(bundle.right[MANIFEST] ?? '') as Manifest
    const checkpoints = evidence.right?.checkpoints ?? []
    const signedTo = checkpoints.reduce((n, c) => Math.max(n, c.size), 0)
    process.stdout.write(
      [
        `审计包 audit bundle: ${options.out}`,
        `  条目 entries: ${entries.count} · 链头 head: ${entries.head}`,
        `  签名检查点 signed checkpoints: ${checkpoints.length}`,
        ...unsignedNote(checkpoints.length, signedTo, entries.count),
        '第三方离线校验 a third party verifies it offline, with the public key obtained apart from the bundle:',
        `  policy-ledger-verify ${options.out} --key ${options.key ?? 'PUBLIC.pem'}`,
        '',
      ].join('\n'),
    )
    return E.right(exitStatus.ok)
  })
}
