import { formatEventTime } from '../core/index.js'

/** Reads an RFC 3339 timestamp into the `p_*` time format, or undefined when it is not one. */
export function rfc3339ToEventTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !rfc3339.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : formatEventTime(new Date(ms))
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i
