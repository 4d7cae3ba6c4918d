/*
 * Did-you-mean for codes a plan file names: the candidate nearest by edit
 * distance (Levenshtein: insertions, deletions, substitutions), offered only
 * when it is near enough to be a slip of the keyboard rather than a
 * different word.
 */

import type { Wording } from '../codecs.js'

/** The number of single-character edits that turn `a` into `b`. */
export const editDistance = (a: string, b: string): number => {
  const [s, t] = [[...a], [...b]]
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (s[i - 1] === t[j - 1] ? 0 : 1)
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution))
    }
    previous = row
  }
  return previous[t.length] ?? 0
}

/** The candidate nearest to `word`, if within a third of its length (at least one edit); the first of equals. */
export const nearest = (word: string, candidates: Iterable<string>): string | undefined => {
  const allowed = Math.max(1, Math.floor([...word].length / 3))
  let best: { readonly code: string; readonly distance: number } | undefined
  for (const code of candidates) {
    const distance = editDistance(word, code)
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { code, distance }
  }
  return best?.code
}

/** "；是否指 'x'？" and "; did you mean 'x'?", or nothing when no candidate is near. */
export const didYouMean = (word: string, candidates: Iterable<string>): Wording => {
  const near = nearest(word, candidates)
  return near === undefined ? { zh: '', en: '' } : { zh: `；是否指 '${near}'？`, en: `; did you mean '${near}'?` }
}
