import { createHash } from 'node:crypto'

/** A UUID (version 4 layout) derived from a seed: the same seed, the same id, on every run. */
export const uuidFrom = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex')
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'

/** A well-formed VIN derived from a number. */
export const vinFrom = (n: number): string => {
  let s = ''
  let x = Math.abs(Math.trunc(n))
  for (let i = 0; i < 11; i++) {
    s = VIN_CHARS[x % VIN_CHARS.length] + s
    x = Math.floor(x / VIN_CHARS.length)
  }
  return `LSV${'AM4'}${s}`
}
