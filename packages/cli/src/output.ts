import { writeFile } from 'node:fs/promises'

/** Write a command's output to --out, or to stdout. */
export const emit = async (content: string | Uint8Array, out: string | undefined): Promise<void> => {
  if (out !== undefined) await writeFile(out, content)
  else
    await new Promise<void>((resolve, reject) => {
      process.stdout.write(content, (err) => (err ? reject(err) : resolve()))
    })
}
