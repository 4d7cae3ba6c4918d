import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { attest, type Principal } from '../attestation.js'
import { Count, Identifier, Instant, refined, Struct, Text, toIssues, UnitCodec, Uuid } from '../codecs.js'
import { amendmentOf, corrections } from '../events/corrections.js'
import { registry } from '../events/index.js'
import { validationFailed, type LedgerError } from '../errors.js'
import type { Issue } from '../issue.js'
import { plainCopy } from '../plain.js'
import { versionOf, type Decoded, type RecordInput } from './input.js'

const EventTypeCodec = refined(
  { zh: `事件类型，取 ${[...registry.keys()].slice(0, 5).join(', ')} 等之一（见 docs/events.md）`, en: `an event type: one of ${[...registry.keys()].slice(0, 5).join(', ')}, … (see docs/events.md)` },
  (u): u is string => typeof u === 'string' && (registry.has(u) || corrections.has(u)),
)

const Envelope = Struct(
  { zh: '事件', en: 'an event' },
  {
    id: Uuid,
    type: EventTypeCodec,
    occurredAt: Instant,
    recordedBy: UnitCodec,
    source: Struct({ zh: '数据来源', en: 'a source' }, { system: Identifier, recordId: Text(200) }),
    data: t.unknown,
  },
  { correlationId: Identifier, causationId: Identifier, expectedRevision: Count },
)

/**
 * An input with its ids in their one canonical form, the lower-case UUID, however the caller wrote
 * them: `6F1C…` and `6f1c…` are one id, recorded once. (It is a plain copy, the caller's own untouched.)
 */
const canonicalIds = (input: RecordInput, correction: boolean): RecordInput => {
  const id = input.id.toLowerCase()
  if (!correction) return { ...input, id }
  const data = input.data as { readonly entryId: string }
  return { ...input, id, data: { ...data, entryId: data.entryId.toLowerCase() } } as RecordInput
}

/** One input decoded, or its issues; `at` is its index in a batch, undefined for a single record. */
const decodeOne = (u: unknown, index: number, at: number | undefined): E.Either<Issue[], Decoded> => {
  const envelope = Envelope.validate(u, [])
  const stated = (typeof u === 'object' && u !== null ? u : {}) as { type?: unknown; data?: unknown }
  // a type that is not text names no codec (String() of an object without a primitive form would throw)
  const type = typeof stated.type === 'string' ? stated.type : ''
  const registered = registry.get(type)
  const codec = registered?.definition.data ?? corrections.get(type)?.data
  const data = codec !== undefined && stated.data !== undefined ? codec.validate(stated.data, []) : E.right(stated.data)
  if (E.isRight(envelope) && E.isRight(data) && codec !== undefined) {
    const input = canonicalIds(envelope.right as unknown as RecordInput, registered === undefined)
    return E.right(
      registered === undefined
        ? { index, input, amendment: amendmentOf(input) }
        : { index, input, registered, stream: registered.definition.stream(input.data) },
    )
  }
  return E.left([
    ...(E.isLeft(envelope) ? toIssues(envelope.left, [], at) : []),
    ...(E.isLeft(data) ? toIssues(data.left, ['data'], at) : []),
  ])
}

/** What the principal states by an input: sealed with it, signed if the principal has a signer; or why the signer failed. */
export const attestedBy = (principal: Principal | undefined, d: Decoded): E.Either<string, Decoded> => {
  if (principal === undefined) return E.right(d)
  const { input } = d
  const statement = { ...input, correlationId: input.correlationId ?? null, causationId: input.causationId ?? null, version: versionOf(input.type) }
  return pipe(
    attest(statement, principal),
    E.map((attestation) => ({ ...d, attestation })),
  )
}

/**
 * Validate inputs, each taken as a plain copy first (what is sealed is what
 * was validated); a batch with any bad input is refused whole, with every
 * issue named. Recorded as a principal, each is attested as it decodes.
 */
export const decodeAll = (inputs: ReadonlyArray<unknown>, single: boolean, principal?: Principal): E.Either<LedgerError, Decoded[]> => {
  const issues: Issue[] = []
  const decoded: Decoded[] = []
  for (let i = 0; i < inputs.length; i++) {
    const at = single ? undefined : i
    const r = pipe(
      plainCopy(inputs[i]),
      E.mapLeft((issue) => [at === undefined ? issue : { ...issue, index: at }]),
      E.flatMap((copy) => decodeOne(copy, i, at)),
      E.flatMap((d) => pipe(attestedBy(principal, d), E.mapLeft((reason) => [{ ...(at === undefined ? {} : { index: at }), path: 'principal.signer', reason }]))),
    )
    if (E.isLeft(r)) issues.push(...r.left)
    else decoded.push(r.right)
  }
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(decoded)
}
