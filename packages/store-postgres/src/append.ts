import { concurrencyConflict, idConflict, seal, type AppendError, type Entry, type EventStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { transaction, type Db } from './db.js'
import { notALedger } from './failures.js'
import { headOf, type HeadRow } from './read.js'

const UNIQUE_VIOLATION = '23505'

const constraintOf = (error: unknown): string | undefined => {
  const { code, constraint } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; constraint?: unknown }
  return code === UNIQUE_VIOLATION && typeof constraint === 'string' ? constraint : undefined
}

/**
 * Append a batch. The head row, locked FOR UPDATE, is the write lock:
 * appenders queue on it, so each one checks revisions and ids, seals from
 * the head it holds and commits before the next one reads the head. Positions
 * are therefore assigned and made visible in the same order, and a reader of
 * "everything after p" can never pass over an append that commits late.
 */
export const append = (db: Db): EventStore['append'] => ({ drafts, expected, now }) => {
  if (drafts.length === 0) return TE.right([])
  const s = db.schema.sql
  return transaction(db, 'appending', async (client): Promise<E.Either<AppendError, ReadonlyArray<Entry>>> => {
    const locked = (await client.query<HeadRow>(`SELECT position, hash, recorded_at FROM ${s}.head FOR UPDATE`)).rows[0]
    if (locked === undefined) return E.left(notALedger(db.target, db.schema.name, 'its head row is missing'))

    const { rows: revisions } = await client.query<{ stream: string; revision: number }>(
      `SELECT stream, max(revision) AS revision FROM ${s}.entries WHERE stream = ANY($1::text[]) GROUP BY stream`,
      [expected.map((x) => x.stream)],
    )
    const actual = new Map(revisions.map((r) => [r.stream, r.revision]))
    for (const { stream, revision } of expected) {
      const at = actual.get(stream) ?? 0
      if (at !== revision) return E.left(concurrencyConflict(stream, revision, at))
    }
    const { rows: taken } = await client.query<{ id: string }>(`SELECT id FROM ${s}.entries WHERE id = ANY($1::text[]) LIMIT 1`, [
      drafts.map((d) => d.entry.id),
    ])
    if (taken[0] !== undefined) return E.left(idConflict(taken[0].id))

    const sealed = seal(headOf(locked), drafts.map((d) => d.entry), now)
    try {
      await client.query(
        `INSERT INTO ${s}.entries (position, id, stream, revision, recorded_at, body, hash, deltas)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::bigint[], $6::text[], $7::text[], $8::bytea[])`,
        [
          sealed.entries.map((e) => e.position),
          sealed.entries.map((e) => e.id),
          sealed.entries.map((e) => e.stream),
          sealed.entries.map((e) => e.revision),
          sealed.entries.map(() => sealed.head.recordedAt),
          sealed.entries.map((e) => e.body),
          sealed.entries.map((e) => e.hash),
          drafts.map((d) => Buffer.from(d.deltas.buffer, d.deltas.byteOffset, d.deltas.byteLength)),
        ],
      )
    } catch (error) {
      // the batch itself repeats an id (ids already stored were refused above)
      const repeated = constraintOf(error) === 'entries_id_unique' ? repeatedId(drafts.map((d) => d.entry.id)) : undefined
      if (repeated !== undefined) return E.left(idConflict(repeated))
      throw error
    }
    await client.query(`UPDATE ${s}.head SET position = $1, hash = $2, recorded_at = $3`, [sealed.head.position, sealed.head.hash, sealed.head.recordedAt])
    // delivered at commit, to followers waiting on the channel
    await client.query('SELECT pg_notify($1, $2)', [db.schema.channel, String(sealed.head.position)])
    return E.right(sealed.entries.map(({ body: _body, ...entry }): Entry => entry))
  })
}

const repeatedId = (ids: ReadonlyArray<string>): string | undefined => ids.find((id, i) => ids.indexOf(id) !== i)
