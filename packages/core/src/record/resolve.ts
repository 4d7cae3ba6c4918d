import * as E from 'fp-ts/lib/Either.js'
import type { Principal } from '../attestation.js'
import { toIssues } from '../codecs.js'
import { registry } from '../events/index.js'
import { validationFailed, type LedgerError } from '../errors.js'
import { upcast } from '../stream-fold.js'
import type { Issue } from '../issue.js'
import type { EventStore } from '../store.js'
import { attestedBy } from './decode.js'
import { asStored, attested, type Decoded, type RecordInput, type Resolved } from './input.js'

/**
 * Find the entry each correction names: it gives the correction its stream
 * and the type its corrected data must have. Only recorded domain events can
 * be corrected; a corrected fact stays on its stream.
 */
export const resolve = async (
  store: EventStore,
  decoded: ReadonlyArray<Decoded>,
  single: boolean,
  principal: Principal | undefined,
): Promise<E.Either<LedgerError, ReadonlyArray<Resolved>>> => {
  const ids = decoded.flatMap((d) => ('amendment' in d ? [d.amendment.entryId] : []))
  // a batch without corrections, the usual case, is resolved as it stands
  if (ids.length === 0) return E.right(decoded as ReadonlyArray<Resolved>)
  const found = await store.findByIds(asStored(ids))()
  if (E.isLeft(found)) return found
  const byId = new Map(found.right.map((e) => [e.id.toLowerCase(), upcast(e)]))
  const issues: Issue[] = []
  const resolved: Resolved[] = []
  for (const d of decoded) {
    if (!('amendment' in d)) {
      resolved.push(d)
      continue
    }
    const { amendment } = d
    const issue = (path: string, reason: string): void => {
      issues.push({ ...(single ? {} : { index: d.index }), path, reason })
    }
    const read = byId.get(amendment.entryId)
    const entry = read !== undefined && E.isRight(read) ? read.right : undefined
    const registered = entry === undefined ? undefined : registry.get(entry.type)
    if (read !== undefined && E.isLeft(read)) issue('data.entryId', `entry ${amendment.entryId} cannot be corrected: ${read.left}`)
    else if (entry === undefined) issue('data.entryId', `no recorded event has the id ${amendment.entryId}`)
    else if (registered === undefined) issue('data.entryId', `entry ${entry.id} is itself a ${entry.type}; correct or void the original event instead`)
    else {
      if (amendment.data !== undefined) {
        const checked = registered.definition.data.validate(amendment.data, [])
        if (E.isLeft(checked)) {
          issues.push(...toIssues(checked.left, ['data', 'data'], single ? undefined : d.index))
          continue
        }
        const stream = registered.definition.stream(amendment.data)
        if (stream !== entry.stream)
          issue('data.data', `a correction keeps the fact on its stream ${entry.stream}, but this data belongs on ${stream}; void the event and record a new one instead`)
      }
      // the correction names the entry by its id as recorded (an earlier release kept upper case as given),
      // and what the principal attests is what is sealed
      const stated =
        entry.id === amendment.entryId
          ? E.right(d)
          : attestedBy(principal, { ...d, input: { ...d.input, data: { ...(d.input.data as object), entryId: entry.id } } as RecordInput })
      if (E.isLeft(stated)) issue('principal.signer', stated.left)
      else
        resolved.push({
          index: d.index,
          input: stated.right.input,
          ...attested(stated.right),
          registered,
          stream: entry.stream,
          amends: { entry, amendment: { ...amendment, entryId: entry.id } },
        })
    }
  }
  return issues.length > 0 ? E.left(validationFailed(issues)) : E.right(resolved)
}
