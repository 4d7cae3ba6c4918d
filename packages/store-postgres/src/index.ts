export { postgresStore, type PostgresStoreOptions } from './store.js'
export type { FollowTiming } from './follow.js'
export { installDepartmentRoles, type DepartmentRoles, type UnitRoles } from './roles.js'
export { RECORDED_BY_REFUSED } from './failures.js'
