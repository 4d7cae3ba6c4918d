import { createLedger, type EventStore, type Head, type RecordInput } from '@policy-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { plan } from '../generator/county.js'
import { jiaxiang } from '../generator/index.js'
import { hostileValues, mutated } from './hostile.js'
import { accepted, figuresLine, fuzz, ledgerVerdict, written, type Figures, type FuzzOptions, type Verdict } from './runner.js'

/*
 * The ledger's own entry points fuzzed on a real store: `record`,
 * `recordBatch` and `readStream`. After every refusal the store's head
 * is read again: it must not have moved (nothing written on rejection).
 */

/** Valid inputs of many event types, from the synthetic county, to mutate. */
export const validInputs = (n = 400): ReadonlyArray<RecordInput> => {
  const out: RecordInput[] = []
  const byType = new Map<string, number>()
  for (const commit of jiaxiang({ scale: 0.002 })) {
    for (const input of commit.inputs) {
      const seen = byType.get(input.type) ?? 0
      // a few of each type, so that every type's data codec is reached
      if (seen < 12) {
        out.push(input)
        byType.set(input.type, seen + 1)
      }
      if (out.length >= n) return out
    }
  }
  return out
}

/** The figures printed, and held to what the issue asks: no crash, nothing written on a refusal, every refusal naming where. */
export const expectClean = (f: Figures): void => {
  console.log(figuresLine(f))
  for (const finding of f.findings) console.log(`  ${finding}`)
  if (f.slowest.ms > 1000) console.log(`  slowest: ${f.slowest.input}`)
  expect(f.tried).toBeGreaterThanOrEqual(Math.min(10_000, Number(process.env['FUZZ_RUNS'] ?? 10_000)))
  expect({ crashed: f.crashed, writtenOnFailure: f.writtenOnFailure, unclear: f.unclear }).toEqual({ crashed: 0, writtenOnFailure: 0, unclear: 0 })
}

const sameHead = (a: Head, b: Head): boolean => a.position === b.position && a.hash === b.hash

/** The ledger's record, recordBatch and readStream on the store `open` gives, each tried on hostile inputs. */
export const recordFuzz = (label: string, open: () => Promise<EventStore>, options: FuzzOptions = {}): void => {
  describe(`fuzz: the ledger on ${label}`, () => {
    const valid = validInputs()
    const inputs = fc.oneof({ weight: 3, arbitrary: mutated(valid) }, { weight: 1, arbitrary: hostileValues })
    const batches = fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.oneof(inputs, fc.constantFrom(...valid)), { minLength: 1, maxLength: 6 }) },
      { weight: 1, arbitrary: hostileValues },
    )

    /** One attempt, the head read before and after: a refusal that moved it wrote something. */
    const attempting =
      <A, R>(store: EventStore, call: (input: A) => () => Promise<E.Either<Parameters<typeof ledgerVerdict>[0], R>>) =>
      async (input: A): Promise<Verdict> => {
        const before = await store.head()()
        const r = await call(input)()
        const after = await store.head()()
        if (E.isLeft(before) || E.isLeft(after)) throw new Error('the head could not be read')
        if (E.isRight(r)) return accepted
        const verdict = ledgerVerdict(r.left)
        return sameHead(before.right, after.right)
          ? verdict
          : written(`${r.left.code}, yet the head moved from ${before.right.position} to ${after.right.position}`)
      }

    it('record, recordBatch and readStream answer every input with a value or a typed error naming where, and write nothing on a refusal', { timeout: 300_000 }, async () => {
      const store = await open()
      try {
        let now = Date.UTC(2028, 0, 1)
        const ledger = createLedger({ plan, store, clock: () => (now += 1000) })
        // some facts recorded first, so that duplicates, id conflicts and corrections have something to meet
        const seeded = await ledger.recordBatch(valid.slice(0, 60))()
        expect(E.isRight(seeded)).toBe(true)

        const record = await fuzz(`record on ${label}`, inputs, attempting(store, (u: unknown) => ledger.record(u as RecordInput)), options)
        const batch = await fuzz(`recordBatch on ${label}`, batches, attempting(store, (u: unknown) => ledger.recordBatch(u as ReadonlyArray<RecordInput>)), options)
        const read = await fuzz(`readStream on ${label}`, fc.oneof(hostileValues, fc.constantFrom(...valid.map((v) => `vehicle:${String((v.data as { vin?: unknown }).vin)}`))), attempting(store, (u: unknown) => ledger.readStream(u as string)), options)
        for (const f of [record, batch, read]) expectClean(f)
        // the fuzz reached past validation: some inputs were recorded, some refused
        expect(record.accepted).toBeGreaterThan(0)
        expect(record.rejected).toBeGreaterThan(record.tried / 2)
      } finally {
        await store.close()
      }
    })
  })
}
