import * as E from 'fp-ts/lib/Either.js'
import { outputTo } from './output.js'

/*
 * A command interrupted while it writes its output: run as a child
 * process (`node --import tsx output-child.test-helpers.ts FILE SIGNAL`),
 * it starts replacing FILE, puts half of it, and is sent SIGNAL.
 */
const [file = '', signal = 'SIGTERM'] = process.argv.slice(2)
const output = outputTo({ option: '--out', path: file }, { replace: 'yes' })
if (E.isLeft(output)) throw new Error(output.left.message)
await output.right.write(async (put) => {
  await put('half of the new')
  process.kill(process.pid, signal as NodeJS.Signals)
  // the rest never comes: the process waits to be ended by the signal
  await new Promise(() => setInterval(() => undefined, 1000))
  return E.right(undefined)
})
