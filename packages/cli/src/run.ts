import { CommanderError, type OutputConfiguration } from 'commander'
import { exitStatus, type ExitStatus } from './failure.js'
import { program } from './program.js'

/**
 * The command run in-process: its arguments (without node and the script)
 * to an exit status, every failure told through `say` in one sentence,
 * never thrown. `main.ts` runs it on process.argv; tests run it thousands
 * of times without a process each.
 */
export const runCommand = async (args: ReadonlyArray<string>, say: (message: string) => void, output?: OutputConfiguration): Promise<ExitStatus> => {
  let status: ExitStatus = exitStatus.ok
  try {
    await program((outcome) => {
      // the Either read by its tag, as E.isLeft does: `--help` and a usage error never load fp-ts
      if (outcome._tag === 'Left') say(outcome.left.message)
      status = outcome._tag === 'Left' ? outcome.left.status : outcome.right
    }, output).parseAsync([...args], { from: 'user' })
    return status
  } catch (err) {
    // commander has printed its message already; help and version are not errors
    if (err instanceof CommanderError) return err.exitCode === 0 ? exitStatus.ok : exitStatus.usage
    say(`意外错误，请报告 / unexpected error, please report it: ${err instanceof Error ? err.message : String(err)}`)
    return exitStatus.internal
  }
}
