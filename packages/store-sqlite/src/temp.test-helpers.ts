import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh directory for one test's ledger files, removed afterwards. */
export const tempDir = (): { readonly dir: string; readonly file: (name?: string) => string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-ledger-sqlite-'))
  return { dir, file: (name = 'ledger.db') => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
