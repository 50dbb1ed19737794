/**
 * Scanning SQL text without parsing it, for the rewrites that expand macros and bound tables:
 * they must not touch what sits inside string literals, quoted identifiers or comments.
 */

/** The end of a string literal, quoted identifier or comment starting at `i`, else `i`. */
export function endOfLiteralOrComment(sql: string, i: number): number {
  const c = sql[i]
  if (c === "'" || c === '"') {
    let j = i + 1
    while (j < sql.length) {
      if (sql[j] === c && sql[j + 1] === c) j += 2
      else if (sql[j] === c) return j + 1
      else j += 1
    }
    return sql.length
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i)
    return end === -1 ? sql.length : end
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2)
    return end === -1 ? sql.length : end + 2
  }
  return i
}
