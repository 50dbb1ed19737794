/**
 * Timestamp readers for a schema's `timeFormat`: `rfc3339`, `unix`, `unix_ms`, `unix_us`,
 * `unix_ns` and strftime patterns (`%Y-%m-%d %H:%M:%S`). Each reader turns a raw value into the
 * `p_*` form, `YYYY-MM-DD HH:MM:SS.mmm` UTC, or undefined when the value is not such a time.
 * A small strftime compiler of our own: the patterns logs use are few, and a library would parse
 * the pattern on every call where this compiles it once into a regular expression.
 */

/** Reads one raw value into the `p_*` time form, or undefined. */
export type TimeReader = (value: unknown) => string | undefined

/** The named time formats Panther documents; anything else must be a strftime pattern. */
export const namedTimeFormats = ['rfc3339', 'unix', 'unix_ms', 'unix_us', 'unix_ns'] as const

/** Builds the reader of a `timeFormat`, or throws with what is wrong with the pattern. */
export function timeReader(format: string): TimeReader {
  switch (format) {
    case 'rfc3339':
      return readRfc3339
    case 'unix':
      return epochReader(1000)
    case 'unix_ms':
      return epochReader(1)
    case 'unix_us':
      return epochReader(1e-3)
    case 'unix_ns':
      return epochReader(1e-6)
    default:
      return strftimeReader(format)
  }
}

/** Several formats: the first that reads the value wins (Panther's `timeFormats`). */
export function firstOfReaders(readers: readonly TimeReader[]): TimeReader {
  if (readers.length === 1 && readers[0] !== undefined) return readers[0]
  return (value) => {
    for (const read of readers) {
      const time = read(value)
      if (time !== undefined) return time
    }
    return undefined
  }
}

/** Formats epoch milliseconds as `YYYY-MM-DD HH:MM:SS.mmm`, or undefined out of range. */
export function formatMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < minMs || ms > maxMs) return undefined
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`
}

// Years 0001–9999: what Parquet timestamps and the lake accept.
const minMs = -62_135_596_800_000
const maxMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

// Lenient like Panther's reader: a space for the T, and no zone (meaning UTC), which is the form
// Panther itself writes (`2025-01-21 17:49:47.000000000`) and rule tests use. Tested without
// captures, then read by position: the hot path allocates only the result.
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|z|[+-]\d{2}:?\d{2})?$/

function readRfc3339(value: unknown): string | undefined {
  if (typeof value !== 'string' || !rfc3339.test(value)) return undefined
  const year = num(value, 0, 4)
  const month = num(value, 5, 2)
  const day = num(value, 8, 2)
  const hour = num(value, 11, 2)
  const minute = num(value, 14, 2)
  const second = num(value, 17, 2)
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined
  let end = 19
  if (value[19] === '.' || value[19] === ',') {
    end = 20
    while (end < value.length && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57) end++
  }
  const digits = end - 20
  const ms =
    digits <= 0 ? '000' : digits >= 3 ? value.slice(20, 23) : value.slice(20, end).padEnd(3, '0')
  const zone = value.slice(end)
  const utc = zone === '' || zone === 'Z' || zone === 'z'
  // The common case, already UTC, needs no Date at all.
  if (utc && second !== 60) return `${value.slice(0, 10)} ${value.slice(11, 19)}.${ms}`
  const offset = utc ? 0 : zoneOffsetMinutes(zone)
  return formatMillis(Date.UTC(year, month - 1, day, hour, minute, second, +ms) - offset * 60_000)
}

/** The number written by `length` ASCII digits at `start` (already checked to be digits). */
function num(text: string, start: number, length: number): number {
  let n = 0
  for (let i = start; i < start + length; i++) n = n * 10 + text.charCodeAt(i) - 48
  return n
}

function epochReader(toMillis: number): TimeReader {
  return (value) => {
    let n: number
    if (typeof value === 'number') n = value
    else if (typeof value === 'string' && numeric.test(value)) n = Number(value)
    else return undefined
    return formatMillis(Math.floor(n * toMillis))
  }
}

const numeric = /^-?\d+(\.\d+)?$/

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 && leap ? 29 : (daysInMonth[month - 1] ?? 0))
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function zoneOffsetMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
}

/** The parts a strftime directive captures, in the order of the regex groups. */
type Part =
  | 'year'
  | 'year2'
  | 'month'
  | 'monthName'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'ampm'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'zone'
  | 'zoneName'
  | 'epoch'
  | 'ignored'

const monthNames = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
]

/** Directive → [regex source, part]. Composite ones (%T, %F, %D) expand first. */
const directives: Record<string, [string, Part]> = {
  Y: ['(\\d{4})', 'year'],
  y: ['(\\d{2})', 'year2'],
  m: ['(\\d{1,2})', 'month'],
  b: ['([A-Za-z]{3})', 'monthName'],
  h: ['([A-Za-z]{3})', 'monthName'],
  B: ['([A-Za-z]{3,9})', 'monthName'],
  d: ['(\\d{1,2})', 'day'],
  e: ['\\s?(\\d{1,2})', 'day'],
  H: ['(\\d{1,2})', 'hour'],
  I: ['(\\d{1,2})', 'hour12'],
  p: ['([AaPp][Mm])', 'ampm'],
  M: ['(\\d{2})', 'minute'],
  S: ['(\\d{2})', 'second'],
  f: ['(\\d{1,9})', 'fraction'],
  L: ['(\\d{3})', 'fraction'],
  z: ['(Z|[+-]\\d{2}:?\\d{2})', 'zone'],
  Z: ['([A-Za-z]{1,5})', 'zoneName'],
  s: ['(-?\\d+)', 'epoch'],
  a: ['([A-Za-z]{3})', 'ignored'],
  A: ['([A-Za-z]{6,9})', 'ignored'],
  j: ['(\\d{3})', 'ignored'],
}
const composites: Record<string, string> = {
  T: '%H:%M:%S',
  F: '%Y-%m-%d',
  D: '%m/%d/%y',
  R: '%H:%M',
}

/** Compiles a strftime pattern once into a regex and an assembler. */
export function strftimeReader(pattern: string): TimeReader {
  const expanded = pattern.replace(/%([TFDR])/g, (_, c: string) => composites[c] ?? '')
  const parts: Part[] = []
  let source = '^'
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i] ?? ''
    if (c !== '%') {
      source += c === ' ' ? '\\s+' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
      continue
    }
    const d = expanded[++i] ?? ''
    if (d === '%') source += '%'
    else if (d === 'n' || d === 't') source += '\\s+'
    else {
      const directive = directives[d]
      if (directive === undefined) {
        throw new Error(`unknown strftime directive %${d} in ${JSON.stringify(pattern)}`)
      }
      source += directive[0]
      parts.push(directive[1])
    }
  }
  if (!pattern.includes('%')) {
    throw new Error(
      `timeFormat ${JSON.stringify(pattern)} is neither ${namedTimeFormats.join(', ')} nor a strftime pattern`,
    )
  }
  const regex = new RegExp(`${source}$`)
  return (value) => {
    if (typeof value !== 'string') return undefined
    const m = regex.exec(value.trim())
    return m === null ? undefined : assemble(parts, m)
  }
}

function assemble(parts: readonly Part[], m: RegExpExecArray): string | undefined {
  // Patterns without a year (syslog's `%b %d %H:%M:%S`) mean the current year, as Panther does.
  let year = new Date().getUTCFullYear()
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  let millis = 0
  let offset = 0
  let pm: boolean | undefined
  for (let i = 0; i < parts.length; i++) {
    const text = m[i + 1] ?? ''
    switch (parts[i]) {
      case 'year':
        year = Number(text)
        break
      case 'year2':
        year = 2000 + Number(text) - (Number(text) >= 69 ? 100 : 0)
        break
      case 'month':
        month = Number(text)
        break
      case 'monthName':
        month = monthNames.indexOf(text.slice(0, 3).toLowerCase()) + 1
        break
      case 'day':
        day = Number(text)
        break
      case 'hour':
      case 'hour12':
        hour = Number(text)
        break
      case 'ampm':
        pm = text.toLowerCase() === 'pm'
        break
      case 'minute':
        minute = Number(text)
        break
      case 'second':
        second = Number(text)
        break
      case 'fraction':
        millis = Number((text + '00').slice(0, 3))
        break
      case 'zone':
        offset = text === 'Z' ? 0 : zoneOffsetMinutes(text)
        break
      case 'zoneName':
        // Only UTC names are unambiguous; other abbreviations (CST…) cannot be resolved safely.
        if (!['UTC', 'GMT', 'Z'].includes(text.toUpperCase())) return undefined
        break
      case 'epoch':
        return formatMillis(Number(text) * 1000)
      default:
        break
    }
  }
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0)
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined
  return formatMillis(
    Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000,
  )
}
