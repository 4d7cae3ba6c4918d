export { postgresStore, type PostgresStoreOptions } from './store.js'
export type { FollowTiming } from './follow.js'
