import { wordingOf, writeSnapshots, type EventStore } from '@policy-ledger/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * After a command has recorded entries: bring the tally's snapshots up to
 * date (one every `every` entries), so that a report, an as-of or a lineage
 * folds from the nearest one instead of from the first entry. They are
 * derived data: `verify` holds each to the entries before it. A store that
 * cannot keep them (a department's role on PostgreSQL may not write them)
 * gets a note saying so; nothing recorded is touched, and reports stay
 * right, only slower.
 */
export const keepSnapshots = async (store: EventStore, every = 100_000): Promise<string | undefined> => {
  const written = await writeSnapshots(store, every)()
  if (E.isRight(written)) return undefined
  const why = wordingOf(written.left.message)
  return `注意 note: 计数快照未更新，报告仍然正确，只是从第一条起折叠：${why.zh} / the tally's snapshots were not brought up to date; reports stay right, folding from the first entry: ${why.en}\n`
}
