import fc from 'fast-check'
import { corruptedBytes, edgeStrings, hostileJsonTexts, spliced } from './hostile.js'
import { accepted, rejected, unclear, type Verdict } from './runner.js'

/*
 * Audit bundles with one thing changed, for both verifiers (the library's
 * and the stand-alone one): a file's text spliced with a hostile piece, a
 * line replaced, its bytes made invalid UTF-8, a file dropped, a key that
 * is no key. Neither verifier writes anything; what is asked is an answer
 * for every bundle, each finding saying where.
 */

export type BundleFiles = Readonly<Record<string, string | Uint8Array>>

const replaceLine = (text: string, line: number, by: string): string => {
  const lines = text.split('\n')
  lines[line % Math.max(1, lines.length)] = by
  return lines.join('\n')
}

/** A valid bundle (file name → text) with one file changed, or dropped. */
export const mutatedBundles = (base: Readonly<Record<string, string>>, bytes = true): fc.Arbitrary<BundleFiles> => {
  const names = Object.keys(base)
  return fc.constantFrom(...names).chain((name) => {
    const text = base[name] ?? ''
    const changed = fc.oneof(
      spliced(text),
      fc.tuple(fc.nat(), hostileJsonTexts).map(([line, by]) => replaceLine(text, line, by)),
      hostileJsonTexts,
      ...(bytes ? [corruptedBytes(text)] : []),
      fc.constant(undefined),
    )
    return changed.map((content): BundleFiles => {
      const { [name]: _dropped, ...rest } = base
      return content === undefined ? rest : { ...rest, [name]: content }
    })
  })
}

/** Keys an auditor may be handed: none, the real one, or text that is no key. */
export const hostileKeyTexts = (real: string): fc.Arbitrary<string | undefined> =>
  fc.oneof(fc.constant(undefined), fc.constant(real), spliced(real, edgeStrings), edgeStrings)

/** What both verifiers' reports have in common: the findings, each with its place. */
export interface BundleVerdictOf {
  readonly ok: boolean
  readonly chain: { readonly ok: boolean; readonly position?: number }
  readonly checkpoints: { readonly invalid: ReadonlyArray<{ readonly index: number; readonly reason: string }> }
  readonly files: ReadonlyArray<{ readonly file: string; readonly problem: string }>
  readonly completeness: { readonly problems: ReadonlyArray<{ readonly problem: string; readonly detail: string }> }
}

/** A bundle that verifies is accepted; one that does not must name at least one place: an entry's position, a checkpoint's line, a file. */
export const bundleVerdict = (r: BundleVerdictOf): Verdict => {
  if (r.ok) return accepted
  const where = [
    ...(r.chain.ok ? [] : [`entry ${String(r.chain.position)}`]),
    ...r.checkpoints.invalid.map((c) => `checkpoints line ${c.index + 1}`),
    ...r.files.map((f) => f.file),
    ...r.completeness.problems.map((p) => p.problem),
  ]
  return where.length > 0 ? rejected('NOT_VERIFIED', where.join(', ')) : unclear('the bundle does not verify, but no finding says where')
}
