import {
  calendar,
  checkpointsAt,
  createLedger,
  exportBundle,
  generateSigningKeys,
  knownAtInstant,
  memoryStore,
  readCheckpointLine,
  signCheckpoints,
  trustCheckpoints,
  verifyBundle,
  type SignedCheckpoint,
} from '@policy-ledger/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundleVerdict, mutatedBundles, hostileKeyTexts } from './bundle.js'
import { edgeStrings, hostileJsonTexts, spliced } from './hostile.js'
import { expectClean, validInputs } from './record.js'
import { accepted, fuzz, ledgerVerdict, rejected } from './runner.js'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'

/*
 * The library's other entry points that take outside data, fuzzed (10,000
 * hostile inputs each, FUZZ_RUNS to change): none writes, so what is asked
 * is an answer for every input, never a throw, each refusal naming where.
 *   knownAtInstant (as-of, lineage, diff: --known-at, --from, --to)
 *   calendar.parseInstant, calendar.parseDate (every date and instant stored),
 *   calendar.readDate, calendar.readMoment (every date and moment a person writes)
 *   readCheckpointLine (a checkpoints file, line by line)
 *   trustCheckpoints (checkpoints and the key that should have signed them)
 *   verifyBundle (an audit bundle, with or without the auditor's key)
 * record, recordBatch and readStream are fuzzed on each real store
 * (store-sqlite, store-postgres: fuzz.test.ts); they live here, in the
 * testkit, because the core cannot depend on its own test kit.
 */

const texts = fc.oneof(edgeStrings, hostileJsonTexts, spliced('2025-03-01T09:30:00+08:00', edgeStrings), spliced('2025-03-01', edgeStrings))
const parsed = (where: string) => E.match((why: string) => rejected('INVALID', why === '' ? '' : where), () => accepted)

describe('fuzz: the library entry points that take outside data', () => {
  it('as-of instants and calendar dates', { timeout: 120_000 }, async () => {
    expectClean(await fuzz('knownAtInstant', texts, (s) => E.match(ledgerVerdict, () => accepted)(knownAtInstant(s))))
    expectClean(await fuzz('calendar.parseInstant', texts, (s) => parsed('the instant')(calendar.parseInstant(s))))
    expectClean(await fuzz('calendar.parseDate', texts, (s) => parsed('the date')(calendar.parseDate(s))))
    expectClean(await fuzz('calendar.readDate', texts, (s) => parsed('the date')(calendar.readDate(s))))
    expectClean(await fuzz('calendar.readMoment', texts, (s) => parsed('the moment')(calendar.readMoment(s))))
  })

  it('checkpoint lines, checkpoints and keys, and whole bundles', { timeout: 240_000 }, async () => {
    const store = memoryStore()
    let now = Date.UTC(2028, 0, 1)
    const ledger = createLedger({ plan: jiaxiang2024, store, clock: () => (now += 60_000) })
    for (const input of validInputs().slice(0, 12)) expect(E.isRight(await ledger.record(input)())).toBe(true)
    const keys = generateSigningKeys()
    const at = await checkpointsAt(store, 'fuzz', [now - 300_000, now])()
    if (E.isLeft(at)) throw new Error(at.left.message)
    const checkpoints = signCheckpoints(at.right, keys.privateKey)
    const exported = await exportBundle(store, { origin: 'fuzz', checkpoints, publicKey: keys.publicKey })()
    if (E.isLeft(exported)) throw new Error(exported.left.message)
    const bundle = exported.right
    expect(verifyBundle(bundle, { publicKey: keys.publicKey }).ok).toBe(true)
    const line = (bundle['checkpoints.ndjson'] ?? '').split('\n')[0] ?? ''

    expectClean(await fuzz('readCheckpointLine', fc.oneof(spliced(line), hostileJsonTexts), (text) => E.match((why: string) => rejected('NOT_A_CHECKPOINT', why), () => accepted)(readCheckpointLine(text))))
    // checkpoints as a file gives them: each line read by readCheckpointLine first, as its type demands
    const readable = spliced(line).chain((t) => {
      const r = readCheckpointLine(t)
      return E.isRight(r) ? fc.constant(r.right) : fc.constantFrom(...checkpoints)
    })
    const lists = fc.array(fc.oneof(fc.constantFrom(...checkpoints), readable), { maxLength: 4 })
    expectClean(
      await fuzz('trustCheckpoints', fc.tuple(lists, hostileKeyTexts(keys.publicKey)), ([list, key]) =>
        E.match(ledgerVerdict, () => accepted)(trustCheckpoints(list as ReadonlyArray<SignedCheckpoint>, key ?? keys.publicKey)),
      ),
    )
    // the library reads bundles as text: its bytes are the CLI's to decode
    const bundles = fc.tuple(mutatedBundles(bundle, false), hostileKeyTexts(keys.publicKey), fc.option(fc.oneof(fc.integer(), fc.constantFrom(Number.NaN, -1, 2 ** 53))))
    expectClean(
      await fuzz('verifyBundle (core)', bundles, ([files, publicKey, size]) =>
        bundleVerdict(verifyBundle(files as Record<string, string>, { ...(publicKey === undefined ? {} : { publicKey }), ...(size === null || publicKey === undefined ? {} : { size }) })),
      ),
    )
  })
})
