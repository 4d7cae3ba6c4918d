import pg from 'pg'

/**
 * Where a ledger lives: one PostgreSQL schema. Values always travel as query
 * parameters; the schema name is the one thing that must be spelled into SQL
 * (PostgreSQL has no parameters for identifiers), so it is checked to be a
 * plain lower-case identifier and quoted besides.
 */
export interface Schema {
  readonly name: string
  /** the quoted identifier, for SQL text */
  readonly sql: string
  /** the channel appends notify and followers listen on */
  readonly channel: string
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/

export const schemaNamed = (name: string): Schema | undefined =>
  PLAIN_IDENTIFIER.test(name) ? { name, sql: pg.escapeIdentifier(name), channel: `${name}_appended` } : undefined

/** The tables a ledger keeps in its schema; anything else there is not ours. */
export const LEDGER_TABLES = ['migrations', 'entries', 'head', 'commits', 'snapshots', 'meta', 'unit_roles'] as const
