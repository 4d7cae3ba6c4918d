import type { LedgerError } from '@policy-ledger/core'
import fc from 'fast-check'
import { inspect } from 'node:util'

/*
 * One runner for every entry point: it tries N inputs drawn from an
 * arbitrary and tallies what became of each. Every input is tried (the run
 * does not stop at the first finding), so the figures are whole; the seed
 * is printed, so any finding can be drawn again (FUZZ_SEED).
 */

/** What one input came to. */
export type Verdict =
  | { readonly kind: 'accepted' }
  /** refused with a stable code and the place it names (a path, a line and column, an option) */
  | { readonly kind: 'rejected'; readonly code: string; readonly where: string }
  /** refused, but without a code or without saying where */
  | { readonly kind: 'unclear'; readonly why: string }
  /** refused, yet something was written (the head moved, a row was added) */
  | { readonly kind: 'written'; readonly why: string }

export const accepted: Verdict = { kind: 'accepted' }
export const rejected = (code: string, where: string): Verdict => (where.trim() === '' ? unclear(`${code} names no place`) : { kind: 'rejected', code, where })
export const unclear = (why: string): Verdict => ({ kind: 'unclear', why })
export const written = (why: string): Verdict => ({ kind: 'written', why })

export interface Figures {
  readonly entry: string
  readonly seed: number
  readonly tried: number
  readonly accepted: number
  readonly rejected: number
  readonly unclear: number
  readonly writtenOnFailure: number
  /** threw, or its promise was rejected, or it exited 4 */
  readonly crashed: number
  readonly ms: number
  /** the slowest input: how long it took, and what it was */
  readonly slowest: { readonly ms: number; readonly input: string }
  /** the first few findings, described */
  readonly findings: ReadonlyArray<string>
}

export interface FuzzOptions {
  /** default FUZZ_RUNS, else 10,000 */
  readonly runs?: number
  /** default FUZZ_SEED, else drawn from the clock */
  readonly seed?: number
}

const fromEnv = (name: string): number | undefined => {
  const v = process.env[name]
  return v === undefined || v === '' || !Number.isSafeInteger(Number(v)) ? undefined : Number(v)
}

/** A description of an input that may itself be hostile (a proxy that throws when looked at). */
export const describeInput = (u: unknown): string => {
  try {
    return inspect(u, { depth: 2, maxArrayLength: 4, maxStringLength: 60, breakLength: Infinity, showProxy: true })
  } catch (thrown) {
    return `(cannot be shown: ${String(thrown)})`
  }
}

const CHUNK = 50

/** Try `runs` inputs drawn from `inputs` on `attempt`; a throw or a rejected promise is a crash. */
export const fuzz = async <A>(entry: string, inputs: fc.Arbitrary<A>, attempt: (input: A) => Verdict | Promise<Verdict>, options: FuzzOptions = {}): Promise<Figures> => {
  const runs = options.runs ?? fromEnv('FUZZ_RUNS') ?? 10_000
  const seed = options.seed ?? fromEnv('FUZZ_SEED') ?? Date.now() % 2 ** 31
  const count = { accepted: 0, rejected: 0, unclear: 0, written: 0, crashed: 0 }
  const findings: string[] = []
  const note = (what: string, input: A, n: number): void => {
    if (findings.length < 5) findings.push(`#${n} ${what} on ${describeInput(input)}`)
  }
  const started = performance.now()
  let slowest = { ms: 0, input: '' }
  // drawn a chunk at a time: some inputs are large, and 10,000 of them at once would not fit
  for (let done = 0; done < runs; done += CHUNK) {
    const chunk = fc.sample(inputs, { numRuns: Math.min(CHUNK, runs - done), seed: seed + done })
    if (process.env['FUZZ_TRACE'] !== undefined) process.stderr.write(`${entry} ${done} ${Math.round(performance.now() - started)} ms ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`)
    for (const [i, input] of chunk.entries()) {
      let verdict: Verdict
      const t = performance.now()
      if (process.env['FUZZ_TRACE'] === 'inputs') process.stderr.write(`${entry} #${done + i}: ${describeInput(input).slice(0, 300)}\n`)
      try {
        verdict = await attempt(input)
      } catch (thrown) {
        count.crashed++
        note(`crashed: ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`, input, done + i)
        continue
      }
      const ms = performance.now() - t
      if (ms > slowest.ms) slowest = { ms: Math.round(ms), input: describeInput(input).slice(0, 200) }
      if (verdict.kind === 'accepted') count.accepted++
      else if (verdict.kind === 'rejected') count.rejected++
      else if (verdict.kind === 'unclear') {
        count.unclear++
        note(`unclear: ${verdict.why}`, input, done + i)
      } else {
        count.written++
        note(`written on failure: ${verdict.why}`, input, done + i)
      }
    }
  }
  return { entry, seed, tried: runs, ...count, writtenOnFailure: count.written, ms: Math.round(performance.now() - started), slowest, findings }
}

/** The figures in one line, as the suite prints them. */
export const figuresLine = (f: Figures): string =>
  `fuzz ${f.entry}: tried ${f.tried}, accepted ${f.accepted}, rejected cleanly ${f.rejected}, unclear ${f.unclear}, written on failure ${f.writtenOnFailure}, crashed ${f.crashed} (${f.ms} ms, slowest ${f.slowest.ms} ms; seed ${f.seed})`

/** Where a ledger error says it happened: each code names its place in its own field. */
export const ledgerVerdict = (e: LedgerError): Verdict => {
  if (typeof e.message !== 'string' || e.message === '') return unclear(`${e.code} without a message`)
  switch (e.code) {
    case 'VALIDATION_FAILED':
      return e.issues.length > 0 && e.issues.every((i) => i.path !== '' && e.message.includes(i.path))
        ? rejected(e.code, e.issues.map((i) => (i.index === undefined ? i.path : `${i.index}:${i.path}`)).join(' '))
        : unclear(`VALIDATION_FAILED without a path for each issue: ${e.message}`)
    case 'NOT_ALLOWED':
      return rejected(e.code, `${e.recordedBy} ${e.type}`)
    case 'INVARIANT_VIOLATED':
    case 'CONCURRENCY_CONFLICT':
      return rejected(e.code, e.stream)
    case 'DUPLICATE':
      return rejected(e.code, e.entry.id)
    case 'ID_CONFLICT':
      return rejected(e.code, e.id)
    default:
      // a store asked to hold or find what it cannot is a fault of the ledger, not a refusal of the input
      return unclear(`${e.code}: ${e.message}`)
  }
}
