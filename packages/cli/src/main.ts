#!/usr/bin/env node
import { exitStatus } from './failure.js'
import { runCommand } from './run.js'

/*
 * The `policy-ledger` command. Every failure ends here as one sentence on
 * stderr and an exit status (docs/cli.md): never a stack trace, never a
 * credential.
 */

const redacted = (message: string): string => message.replace(/\/\/([^:@/\s]+):([^@/\s]+)@/g, '//$1:***@')

const say = (message: string): void => {
  process.stderr.write(`policy-ledger: ${redacted(message)}\n`)
}

// a reader that stops early (`| head`) has all it wanted: end quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit()
  say(`cannot write the output: ${err.message}`)
  process.exit(exitStatus.internal)
})

process.exitCode = await runCommand(process.argv.slice(2), say)
