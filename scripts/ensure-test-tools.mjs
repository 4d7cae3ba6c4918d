#!/usr/bin/env node
// The test suite looks at the HTML report in a real headless Chromium with
// CJK fonts (Debian's `chromium` and `fonts-noto-cjk`). On a fresh machine
// they are not there: as root, install them; otherwise say how, and stop.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const hasChromium = existsSync('/usr/bin/chromium')
const hasCjkFonts = spawnSync('sh', ['-c', "fc-list 2>/dev/null | grep -qi 'noto.*cjk'"]).status === 0
if (hasChromium && hasCjkFonts) process.exit(0)

const packages = ['chromium', 'fonts-noto-cjk']
if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
  console.error(`The tests need ${packages.join(' and ')} (a headless browser with Chinese fonts). Install them, e.g.: sudo apt-get install -y ${packages.join(' ')}`)
  process.exit(1)
}
console.error(`Installing ${packages.join(' and ')} for the browser test …`)
execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] })
execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
})
