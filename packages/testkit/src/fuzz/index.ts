export * from './hostile.js'
export * from './runner.js'
export * from './record.js'
