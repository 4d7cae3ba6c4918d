export * from './fixtures.js'
export * from './ids.js'
export * from './generator/index.js'
export * from './formula-payloads.js'
