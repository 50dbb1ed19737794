import { excerpt } from './field-values.js'

/**
 * Explains why a record does not match a grok pattern: the longest run of leading `%{…}` fields
 * that does match, and what the pattern expected next. Failures are common while classifying
 * (every candidate log type is tried), so the prefix regexes are built on first use and probed by
 * binary search: if a record matches a prefix it matches every shorter one.
 */
export function grokDiagnosis(
  source: string,
  expand: (prefix: string) => RegExp,
): (record: string) => string {
  const cuts = topLevelFieldEnds(source)
  let prefixes: RegExp[] | undefined
  return (record) => {
    prefixes ??= cuts.map((end) => expand(source.slice(0, end)))
    let lo = 0 // prefixes[0..lo) match
    let hi = prefixes.length
    let matched = 0
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const m = (prefixes[mid] as RegExp).exec(record)
      if (m === null) hi = mid
      else {
        lo = mid + 1
        matched = m[0].length
      }
    }
    const found = `found ${excerpt(record.slice(matched), 30)}`
    if (lo === cuts.length) return `expected the end of the record at offset ${matched}, ${found}`
    const expected = source.slice(lo === 0 ? 0 : cuts[lo - 1], cuts[lo])
    const before = record.slice(Math.max(0, matched - 30), matched)
    const at = lo === 0 ? 'at the start' : `at offset ${matched} (after ${JSON.stringify(before)})`
    return `expected ${excerpt(expected, 50)} ${at}, ${found}`
  }
}

/** Offsets just after each `%{…}` that is outside any group, class or escape. */
function topLevelFieldEnds(source: string): number[] {
  const ends: number[] = []
  let depth = 0
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '%' && source[i + 1] === '{') {
      const close = source.indexOf('}', i)
      if (close === -1) break
      i = close
      if (depth === 0 && !/^[?*+{]/.test(source.slice(close + 1))) ends.push(close + 1)
    }
  }
  if (ends.at(-1) !== source.length) ends.push(source.length)
  return ends
}
