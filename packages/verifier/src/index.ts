export { verifyBundle, type Chain, type Problem, type Report } from './bundle.js'
export { canonical, type Json } from './canonical.js'
