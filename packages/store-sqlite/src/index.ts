export { sqliteStore, type SqliteStoreOptions } from './store.js'
export type { Synchronous } from './open.js'
export { APPLICATION_ID, SCHEMA_VERSION } from './schema.js'
