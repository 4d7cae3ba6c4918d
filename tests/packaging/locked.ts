/*
 * The third-party versions the monorepo's lockfile holds, as pnpm overrides
 * for a project outside it. Offline, pnpm resolves a range to the newest
 * version its metadata cache knows, which the store may not hold; pinned to
 * the locked versions, every package comes from the store the monorepo's own
 * install filled. A name locked at one version is pinned everywhere; one
 * locked at several is pinned under each parent (`parent@1.0.0>name`).
 */

const name = (key: string): string => key.slice(0, key.indexOf('@', 1))
const version = (key: string): string => key.slice(key.indexOf('@', 1) + 1).replace(/\(.*$/, '')
const unquote = (s: string): string => s.replace(/^'|'$/g, '')

/** `name@version` → its dependencies' `name → version`, from the lockfile's last `snapshots:` section. */
const snapshots = (lockfile: string): Map<string, Map<string, string>> => {
  const section = lockfile.slice(lockfile.lastIndexOf('\nsnapshots:\n'))
  const graph = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  for (const line of section.split('\n')) {
    const entry = /^ {2}(\S.*):( \{\})?$/.exec(line)
    if (entry?.[1] !== undefined) {
      const key = unquote(entry[1])
      current = new Map()
      graph.set(`${name(key)}@${version(key)}`, current)
      continue
    }
    const dependency = /^ {6}(\S+): (\S+)$/.exec(line)
    if (dependency?.[1] !== undefined && dependency[2] !== undefined && current !== undefined)
      current.set(unquote(dependency[1]), unquote(dependency[2]).replace(/\(.*$/, ''))
  }
  return graph
}

export const lockedOverrides = (lockfile: string): Record<string, string> => {
  const graph = snapshots(lockfile)
  const versions = new Map<string, Set<string>>()
  for (const key of graph.keys()) versions.set(name(key), (versions.get(name(key)) ?? new Set()).add(version(key)))
  const overrides: Record<string, string> = {}
  for (const [pkg, held] of versions) if (held.size === 1 && !pkg.startsWith('@policy-ledger/')) overrides[pkg] = [...held][0] ?? ''
  for (const [parent, dependencies] of graph)
    for (const [dependency, v] of dependencies)
      if ((versions.get(dependency)?.size ?? 0) > 1 && !v.startsWith('link:')) overrides[`${parent}>${dependency}`] = v
  return overrides
}
