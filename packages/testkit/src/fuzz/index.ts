export * from './hostile.js'
export * from './runner.js'
export * from './record.js'
export * from './bundle.js'
