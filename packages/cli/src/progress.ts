import { SingleBar, Presets } from 'cli-progress'

export interface Progress {
  readonly advance: (by: number) => void
  readonly stop: () => void
}

const silent: Progress = { advance: () => undefined, stop: () => undefined }

/**
 * A progress bar on the terminal, drawn on stderr so that stdout stays the
 * command's output; none at all when stdout is not a terminal (a pipe, a
 * file, a test), where it would only be noise.
 */
export const progressBar = (label: string, total: number): Progress => {
  if (process.stdout.isTTY !== true || process.stderr.isTTY !== true || total <= 0) return silent
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% · {value}/{total} · {duration_formatted}`, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    Presets.shades_classic,
  )
  bar.start(total, 0)
  return { advance: (by) => bar.increment(by), stop: () => bar.stop() }
}
