import { z } from 'zod'
import type { TextParser } from '../text-parser.js'
import { priorityFields, readPriority } from './syslog-common.js'

/** Options of `native: { name: syslog-rfc5424 }`. */
export const syslogRfc5424Options = z.strictObject({
  name: z.literal('syslog-rfc5424'),
})

const headerNames = ['timestamp', 'hostname', 'appname', 'procid', 'msgid'] as const
const zoneless = /T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/

/**
 * RFC 5424 syslog: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`. NILVALUE (`-`) fields are left
 * out; structured data becomes `{ sdId: { param: value } }`; a leading BOM is removed from MSG; an
 * RFC 6587 octet count (`123 <PRI>…`) is accepted; a timestamp without a zone is taken as UTC.
 */
export function createSyslogRfc5424Parser(): TextParser {
  return (input) => {
    const record = stripOctetCount(input)
    const pri = readPriority(record)
    if (pri === undefined) return { ok: false, reason: 'no <PRI> at the start' }
    if ('error' in pri) return { ok: false, reason: pri.error }
    const out: Record<string, unknown> = priorityFields(pri.priority)
    let pos = pri.end
    const versionEnd = record.indexOf(' ', pos)
    const version = record.slice(pos, versionEnd === -1 ? record.length : versionEnd)
    if (!/^[1-9]\d{0,2}$/.test(version)) {
      return {
        ok: false,
        reason: `VERSION after <PRI> must be a number, found ${JSON.stringify(version)}`,
      }
    }
    if (versionEnd === -1) return { ok: false, reason: 'header ends after VERSION' }
    out.version = version
    pos = versionEnd + 1
    for (const name of headerNames) {
      const end = record.indexOf(' ', pos)
      if (end === -1) {
        return { ok: false, reason: `header ends before ${name.toUpperCase()} and structured data` }
      }
      const value = record.slice(pos, end)
      if (value === '') return { ok: false, reason: `empty ${name.toUpperCase()} (double space)` }
      if (value !== '-')
        out[name] = name === 'timestamp' && zoneless.test(value) ? `${value}Z` : value
      pos = end + 1
    }
    if (record.charCodeAt(pos) === 45 /* - */) {
      pos++
    } else {
      const sd = readStructuredData(record, pos)
      if (typeof sd === 'string') return { ok: false, reason: sd }
      out.structured_data = sd.data
      pos = sd.end
    }
    if (pos < record.length) {
      if (record.charCodeAt(pos) !== 32) {
        return { ok: false, reason: `expected a space before MSG at offset ${pos}` }
      }
      let message = record.slice(pos + 1)
      if (message.charCodeAt(0) === 0xfeff) message = message.slice(1)
      if (message !== '') out.message = message
    }
    return { ok: true, value: out }
  }
}

function stripOctetCount(record: string): string {
  const m = /^(\d{1,6}) </.exec(record)
  return m === null ? record : record.slice((m[1] as string).length + 1)
}

/** Reads `[id k="v" …][id2 …]`; returns the elements and the offset after them, or a reason. */
function readStructuredData(
  text: string,
  from: number,
): { data: Record<string, Record<string, string>>; end: number } | string {
  const data: Record<string, Record<string, string>> = {}
  let pos = from
  if (text.charCodeAt(pos) !== 91)
    return `structured data must be "-" or start with "[" (offset ${pos})`
  while (text.charCodeAt(pos) === 91) {
    pos++
    const idEnd = scanName(text, pos)
    if (idEnd === pos) return `missing SD-ID at offset ${pos}`
    const params: Record<string, string> = {}
    data[text.slice(pos, idEnd)] = params
    pos = idEnd
    while (text.charCodeAt(pos) === 32) {
      pos++
      const nameEnd = scanName(text, pos)
      if (
        nameEnd === pos ||
        text.charCodeAt(nameEnd) !== 61 ||
        text.charCodeAt(nameEnd + 1) !== 34
      ) {
        return `expected PARAM-NAME="value" at offset ${pos}`
      }
      const value = readParamValue(text, nameEnd + 2)
      if (value === undefined) return `unterminated PARAM-VALUE starting at offset ${nameEnd + 2}`
      params[text.slice(pos, nameEnd)] = value.value
      pos = value.end
    }
    if (text.charCodeAt(pos) !== 93) return `expected "]" closing SD-ELEMENT at offset ${pos}`
    pos++
  }
  return { data, end: pos }
}

/** SD-NAME: printable ASCII except space, `=`, `]` and `"`. */
function scanName(text: string, from: number): number {
  let i = from
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c <= 32 || c >= 127 || c === 61 || c === 93 || c === 34) break
  }
  return i
}

/** A quoted PARAM-VALUE: `\"`, `\\` and `\]` are escapes; any other backslash is kept as is. */
function readParamValue(text: string, from: number): { value: string; end: number } | undefined {
  let value = ''
  let chunk = from
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) return { value: value + text.slice(chunk, i), end: i + 1 }
    if (c === 92) {
      const next = text.charCodeAt(i + 1)
      if (next === 34 || next === 92 || next === 93) {
        value += text.slice(chunk, i)
        chunk = i + 1
        i++
      }
    }
  }
  return undefined
}
