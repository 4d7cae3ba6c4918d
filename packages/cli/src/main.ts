#!/usr/bin/env node
import { connectionSecrets, redactSecrets } from '@policy-ledger/core'
import { CommanderError } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus } from './failure.js'
import { program } from './program.js'

/*
 * The `policy-ledger` command. Every failure ends here as one sentence on
 * stderr and an exit status (docs/cli.md): never a stack trace, never a
 * credential.
 */

/** Every secret of a connection string among the arguments (`--db URL` or `--db=URL`), never to be printed. */
const secrets = process.argv.flatMap((arg) => connectionSecrets(arg.replace(/^--[\w-]+=/, '')))
const redacted = (message: string): string => redactSecrets(message, secrets)

const say = (message: string): void => {
  process.stderr.write(`policy-ledger: ${redacted(message)}\n`)
}

// a reader that stops early (`| head`) has all it wanted: end quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit()
  say(`cannot write the output: ${err.message}`)
  process.exit(exitStatus.internal)
})

try {
  await program((outcome) => {
    if (E.isLeft(outcome)) say(outcome.left.message)
    process.exitCode = E.isLeft(outcome) ? outcome.left.status : outcome.right
  }, redacted).parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed its message already; help and version are not errors
    process.exitCode = err.exitCode === 0 ? exitStatus.ok : exitStatus.usage
  } else {
    say(`unexpected error: ${err instanceof Error ? err.message : String(err)}`)
    process.exitCode = exitStatus.internal
  }
}
