import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('README', () => {
  it('shows the embedding snippet that examples/embed/snippet.ts compiles', () => {
    const block = /## Embedding\n\n```ts\n([\s\S]*?)```/.exec(read('README.md'))?.[1]
    const snippet = read('examples/embed/snippet.ts').split('\n').slice(1).join('\n')
    expect(block).toBeDefined()
    expect(snippet).toBe(block)
  })

  it('gives the test command that CI runs', () => {
    const command = 'npx -y pnpm@12.4.2 install --frozen-lockfile && npx -y pnpm@12.4.2 test'
    expect(read('README.md')).toContain(command)
    expect(read('.ci/run')).toContain(`\n${command}\n`)
  })
})
