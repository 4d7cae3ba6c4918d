/** The command as a library: its program, for embedding, and its exit statuses, for scripts that run it. */
export { program } from './program.js'
export { exitStatus, type ExitStatus, type Failure } from './failure.js'
export { runCommand } from './run.js'
