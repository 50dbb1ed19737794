import { endOfLiteralOrComment } from '../core/index.js'

/**
 * Panther's `Lookback` for scheduled queries: the query sees only the lake rows whose
 * `p_event_time` lies in a window. Each lake table the SQL names (`panther_logs.okta_systemlog`,
 * `panther_views.all_logs`…) is swapped for the same table filtered by `p_occurs_between`, which
 * the lake reader expands into an event-time range plus a partition range, so only the files of
 * the window's hours are opened. The query itself is left as written.
 */
export function withLookback(sql: string, from: Date, to: Date): string {
  const filter = `p_occurs_between('${from.toISOString()}', '${to.toISOString()}')`
  let out = ''
  let i = 0
  while (i < sql.length) {
    const skipped = skipLiteralOrComment(sql, i)
    if (skipped > i) {
      out += sql.slice(i, skipped)
      i = skipped
      continue
    }
    const match = isIdentChar(sql[i - 1]) ? null : tableReference.exec(sql.slice(i))
    const after = match === null ? '' : sql.slice(i + match[0].length)
    // `panther_logs.t.column` or `panther_logs.f(…)` is not a table reference.
    if (match?.[2] === undefined || /^\s*[.(]/.test(after)) {
      out += sql.charAt(i)
      i += 1
      continue
    }
    const bounded = `(SELECT * FROM ${match[0]} WHERE ${filter})`
    // Keep the table's own name as the alias, so `okta_systemlog.col` still resolves.
    out += hasAlias(after) ? bounded : `${bounded} AS ${match[2]}`
    i += match[0].length
  }
  return out
}

// The lake's schemas (see `schemaNames` in the lake) and the cross-table views.
const tableReference =
  /^"?(panther_logs|panther_rule_matches|panther_rule_errors|panther_classification_failures|panther_views)"?\s*\.\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)/i

/** Words that may follow a table reference in FROM without being its alias. */
const clauseWords = new Set([
  'anti',
  'asof',
  'cross',
  'except',
  'fetch',
  'for',
  'full',
  'group',
  'having',
  'inner',
  'intersect',
  'join',
  'lateral',
  'left',
  'limit',
  'natural',
  'offset',
  'on',
  'order',
  'outer',
  'pivot',
  'positional',
  'qualify',
  'right',
  'sample',
  'semi',
  'tablesample',
  'union',
  'unpivot',
  'using',
  'where',
  'window',
])

/** Whether the text after a table reference starts with its alias (`AS x`, `x` or `"x"`). */
function hasAlias(after: string): boolean {
  const word = /^\s*("|[A-Za-z_][A-Za-z0-9_]*)/.exec(after)?.[1]
  if (word === undefined) return false
  return word === '"' || !clauseWords.has(word.toLowerCase())
}

/**
 * Like {@link endOfLiteralOrComment}, but a quoted identifier that starts a table reference
 * (`"panther_logs".t`) is matched, not skipped.
 */
function skipLiteralOrComment(sql: string, i: number): number {
  if (sql[i] === '"' && tableReference.test(sql.slice(i))) return i
  return endOfLiteralOrComment(sql, i)
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_.$]/.test(c)
}
