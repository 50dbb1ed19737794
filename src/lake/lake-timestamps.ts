/**
 * Timestamps as the lake stores them: `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. DuckDB's JSON reader
 * parses that form, but it rejects other shapes (failing the whole file) and silently ignores
 * numeric UTC offsets, so every timestamp is normalized here before it reaches DuckDB.
 */

const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Returns the lake form of a timestamp value, or undefined when it is not one. */
export function normalizeTimestamp(value: unknown): string | undefined {
  if (typeof value === 'string') return fromString(value)
  if (typeof value === 'number') return fromEpochNumber(value)
  if (value instanceof Date) return fromEpochMillis(value.getTime())
  return undefined
}

/** The partition hour (`YYYY-MM-DD HH`) of a normalized timestamp. */
export function hourKeyOf(normalized: string): string {
  return normalized.slice(0, 13)
}

function fromString(text: string): string | undefined {
  const m = timestampPattern.exec(text)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4] ?? 0)
  const minute = Number(m[5] ?? 0)
  const second = Number(m[6] ?? 0)
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
    return undefined
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0')
  const offsetMinutes = parseOffset(m[8])
  if (offsetMinutes === 0) {
    return `${m[1]}-${m[2]}-${m[3]} ${pad(hour)}:${pad(minute)}:${pad(second)}.${fraction}`
  }
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute - offsetMinutes, second, 0)
  const whole = fromEpochMillis(utc.getTime())
  return whole === undefined ? undefined : `${whole.slice(0, 19)}.${fraction}`
}

function parseOffset(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z' || offset === 'z' || offset === 'UTC') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0))
}

/** Epoch numbers: seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
function fromEpochNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined
  const magnitude = Math.abs(value)
  if (magnitude < 1e11) return fromEpochMillis(value * 1000)
  if (magnitude < 1e14) return fromEpochMillis(value)
  if (magnitude < 1e17) return fromEpochMillis(value / 1000)
  return fromEpochMillis(value / 1e6)
}

function fromEpochMillis(millis: number): string | undefined {
  const date = new Date(Math.floor(millis))
  if (Number.isNaN(date.getTime())) return undefined
  const year = date.getUTCFullYear()
  if (year < 1 || year > 9999) return undefined
  const iso = date.toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`
}

function monthLength(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29
  return daysInMonth[month - 1] ?? 0
}

function pad(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n)
}
