export { verifyBundle, type Chain, type EndProblem, type Files, type Options, type Problem, type Report, type SeriesProblem } from './bundle.js'
export { canonical, type Json } from './canonical.js'
export { MAX_DEPTH, readJson, type Read } from './json.js'
