import { AppError, endOfLiteralOrComment } from '../core/index.js'

/**
 * Panther's time macros, expanded before a query runs:
 * `p_occurs_since(duration[, alias])`, `p_occurs_between(start, end[, alias])`,
 * `p_occurs_around(time, offset[, alias])`, `p_occurs_after(time[, alias])`,
 * `p_occurs_before(time[, alias])`. Each becomes a `p_event_time` range plus the same range on
 * the hive partition columns, so DuckDB opens only the files of the hours asked for.
 */
export function expandTimeMacros(sql: string, now: Date): string {
  let out = ''
  let i = 0
  while (i < sql.length) {
    const skipped = endOfLiteralOrComment(sql, i)
    if (skipped > i) {
      out += sql.slice(i, skipped)
      i = skipped
      continue
    }
    const match = macroName.exec(sql.slice(i, i + 40))
    if (match?.[1] !== undefined && !isIdentChar(sql[i - 1])) {
      const { args, end } = readArgs(sql, i + match[0].length)
      out += expand(match[1].toLowerCase(), args, now)
      i = end
      continue
    }
    out += sql.charAt(i)
    i += 1
  }
  return out
}

const macroName = /^p_occurs_(since|between|around|after|before)\s*\(/i

function expand(name: string, args: string[], now: Date): string {
  const want = (min: number, max: number) => {
    if (args.length < min || args.length > max) {
      throw new AppError(
        'VALIDATION_FAILED',
        `p_occurs_${name} takes ${min === max ? min : `${min} or ${max}`} arguments, got ${args.length}`,
      )
    }
  }
  switch (name) {
    case 'since':
      want(1, 2)
      return range(new Date(now.getTime() - duration(args[0])), undefined, args[1])
    case 'between':
      want(2, 3)
      return range(time(args[0]), time(args[1]), args[2])
    case 'around': {
      want(2, 3)
      const at = time(args[0]).getTime()
      const offset = duration(args[1])
      return range(new Date(at - offset), new Date(at + offset), args[2])
    }
    case 'after':
      want(1, 2)
      return range(time(args[0]), undefined, args[1])
    default:
      want(1, 2)
      return range(undefined, time(args[0]), args[1])
  }
}

/** The predicate: the event time range and the matching range of partition hours. */
function range(from: Date | undefined, to: Date | undefined, alias: string | undefined): string {
  const prefix = alias === undefined ? '' : `${identifier(alias)}.`
  const parts: string[] = []
  if (from !== undefined) {
    parts.push(
      `${prefix}p_event_time >= TIMESTAMP '${sqlTime(from)}'`,
      hourBound(prefix, from, '>'),
    )
  }
  if (to !== undefined) {
    parts.push(`${prefix}p_event_time <= TIMESTAMP '${sqlTime(to)}'`, hourBound(prefix, to, '<'))
  }
  return `(${parts.join(' AND ')})`
}

/**
 * `(year, month, day, hour) >= (Y, M, D, H)` (or `<=`) spelled as nested comparisons: DuckDB prunes
 * hive partitions with this shape, not with arithmetic on the partition columns.
 */
function hourBound(prefix: string, date: Date, direction: '>' | '<'): string {
  const values = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
  ]
  const columns = ['year', 'month', 'day', 'hour'].map((c) => `${prefix}${c}`)
  let expression = `${columns[3] ?? ''} ${direction}= ${values[3] ?? 0}`
  for (let i = 2; i >= 0; i -= 1) {
    const column = columns[i] ?? ''
    const value = values[i] ?? 0
    expression = `(${column} ${direction} ${value} OR (${column} = ${value} AND ${expression}))`
  }
  return expression
}

const units: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
}

/** `'1 day'`, `'6 h'`, `'30 minutes'`, `'2 weeks'` in milliseconds. */
function duration(arg: string | undefined): number {
  const text = literal(arg, "a duration such as '1 day'")
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$/i.exec(text)
  const unit = match?.[2] === undefined ? undefined : units[match[2].toLowerCase()]
  if (match?.[1] === undefined || unit === undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Not a duration: '${text}' (use a number and s, min, h, d or week, e.g. '1 day')`,
    )
  }
  return Number(match[1]) * unit
}

/** A timestamp literal; without a zone it is UTC, like every time in the lake. */
function time(arg: string | undefined): Date {
  const text = literal(arg, "a timestamp such as '2026-01-02 03:04:05'")
  const iso = text.trim().replace(' ', 'T')
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(ms)) throw new AppError('VALIDATION_FAILED', `Not a timestamp: '${text}'`)
  return new Date(ms)
}

function literal(arg: string | undefined, expected: string): string {
  const match = /^'((?:[^']|'')*)'$/.exec(arg?.trim() ?? '')
  if (match?.[1] === undefined) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Expected ${expected} in quotes, got ${arg ?? 'nothing'}`,
    )
  }
  return match[1].replaceAll("''", "'")
}

function identifier(arg: string): string {
  const name = arg.trim()
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^"[^"]+"$/.test(name)) {
    throw new AppError('VALIDATION_FAILED', `Expected a table alias, got ${name}`)
  }
  return name
}

function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '')
}

/** Reads comma-separated arguments up to the closing parenthesis, respecting quotes and nesting. */
function readArgs(sql: string, start: number): { args: string[]; end: number } {
  const args: string[] = []
  let depth = 0
  let current = ''
  for (let i = start; i < sql.length;) {
    const skipped = endOfLiteralOrComment(sql, i)
    if (skipped > i) {
      current += sql.slice(i, skipped)
      i = skipped
      continue
    }
    const c = sql[i]
    if (c === '(') depth += 1
    if (c === ')' && depth === 0) {
      if (current.trim() !== '' || args.length > 0) args.push(current.trim())
      return { args, end: i + 1 }
    }
    if (c === ')') depth -= 1
    if (c === ',' && depth === 0) {
      args.push(current.trim())
      current = ''
    } else {
      current += sql.charAt(i)
    }
    i += 1
  }
  throw new AppError('VALIDATION_FAILED', 'A p_occurs_* macro is missing its closing parenthesis')
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_.]/.test(c)
}
