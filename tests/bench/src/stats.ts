/** The middle of a sample (the mean of the two middles for an even count). */
export const median = (xs: ReadonlyArray<number>): number => quantile(xs, 0.5)

/** A quantile by linear interpolation between closest ranks. */
export const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo)
}

/** Peak resident memory of this process so far, in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024

/** Run `work` and return how long it took in ms. */
export const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now()
  await work()
  return performance.now() - t0
}
