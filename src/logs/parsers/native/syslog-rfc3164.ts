import { z } from 'zod'
import type { TextParser } from '../text-parser.js'
import { priorityFields, readPriority } from './syslog-common.js'

/** Options of `native: { name: syslog-rfc3164 }`. */
export const syslogRfc3164Options = z.strictObject({
  name: z.literal('syslog-rfc3164'),
  requirePriority: z
    .boolean()
    .default(false)
    .describe('Reject lines without <PRI> (files written by syslog daemons have none).'),
})

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
// `Mmm dd HH:MM:SS`, optionally with a year before or after the time and fractional seconds.
const bsdTime =
  /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?: (\d{4})(?= ))? /
const isoTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /

/**
 * BSD syslog (RFC 3164), with or without `<PRI>`, as sent on the wire or written to files. The
 * timestamp is returned as RFC 3339 in UTC; a timestamp without a year gets the current year, or
 * the one before when that would put it more than two days in the future.
 */
export function createSyslogRfc3164Parser(
  options: z.infer<typeof syslogRfc3164Options>,
  now: () => Date = () => new Date(),
): TextParser {
  return (record) => {
    const out: Record<string, unknown> = {}
    const pri = readPriority(record)
    let pos = 0
    if (pri !== undefined) {
      if ('error' in pri) return { ok: false, reason: pri.error }
      Object.assign(out, priorityFields(pri.priority))
      pos = pri.end
    } else if (options.requirePriority) {
      return { ok: false, reason: 'no <PRI> at the start' }
    }
    const rest = record.slice(pos)
    const bsd = bsdTime.exec(rest)
    const iso = bsd === null ? isoTime.exec(rest) : null
    if (bsd !== null) {
      const timestamp = bsdTimestamp(bsd, now())
      if (timestamp === undefined) return { ok: false, reason: `invalid date in ${bsd[0].trim()}` }
      out.timestamp = timestamp
      pos += bsd[0].length
    } else if (iso !== null) {
      out.timestamp = iso[1]
      pos += iso[0].length
    } else {
      return { ok: false, reason: `no "Mmm dd hh:mm:ss" timestamp at offset ${pos}` }
    }
    readHostAndTag(record, pos, out)
    return { ok: true, value: out }
  }
}

function bsdTimestamp(m: RegExpExecArray, now: Date): string | undefined {
  const month = months.indexOf(m[1] as string)
  const day = Number(m[2])
  if (month === -1 || day < 1 || day > 31) return undefined
  const explicitYear = m[3] ?? m[8]
  const time = `${m[4] ?? ''}:${m[5] ?? ''}:${m[6] ?? ''}${m[7] ?? ''}`
  let year = explicitYear === undefined ? now.getUTCFullYear() : Number(explicitYear)
  const at = (y: number) => Date.UTC(y, month, day)
  // More than two days ahead of now (clock skew, time zones) means it was written last year.
  if (explicitYear === undefined && at(year) - now.getTime() > 2 * 86_400_000) year--
  const date = `${String(year)}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return `${date}T${time}Z`
}

/** HOSTNAME then TAG (`app`, `app[pid]`, each optionally followed by `:`), then the message. */
function readHostAndTag(record: string, from: number, out: Record<string, unknown>): void {
  let pos = from
  const firstEnd = wordEnd(record, pos)
  const first = record.slice(pos, firstEnd)
  // A first word ending in ':' or holding '[' is the tag: the sender left the hostname out.
  if (!(first.endsWith(':') || first.includes('[')) && firstEnd < record.length) {
    if (first !== '' && first !== '-') out.hostname = first
    pos = firstEnd + 1
  }
  let i = pos
  while (i < record.length) {
    const c = record.charCodeAt(i)
    if (c === 91 /* [ */ || c === 58 /* : */ || c === 32 || c === 9) break
    i++
  }
  const tag = record.slice(pos, i)
  if (tag === '' || i === record.length) {
    out.message = record.slice(pos)
    return
  }
  out.appname = tag
  if (record.charCodeAt(i) === 91) {
    const close = record.indexOf(']', i)
    if (close !== -1) {
      out.procid = record.slice(i + 1, close)
      i = close + 1
    }
  }
  if (record.charCodeAt(i) === 58) i++
  const sp = record.charCodeAt(i)
  if (sp === 32 || sp === 9) i++
  out.message = record.slice(i)
}

function wordEnd(text: string, from: number): number {
  const sp = text.indexOf(' ', from)
  return sp === -1 ? text.length : sp
}
