export * from './fixtures.js'
export * from './ids.js'
