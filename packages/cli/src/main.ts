#!/usr/bin/env node
// what no message may show, alone: `--help` and a usage error never load the rest of core
import { connectionSecrets, redactSecrets } from '@policy-ledger/core/secrets'
import { exitStatus } from './failure.js'
import { runCommand } from './run.js'

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
  say(`无法写出结果 / cannot write the output: ${err.message}`)
  process.exit(exitStatus.internal)
})

// commander's own messages quote what was typed: a connection string among it is shown without its secrets
process.exitCode = await runCommand(process.argv.slice(2), say, { writeErr: (text) => process.stderr.write(redacted(text)) })
