import { z } from 'zod'
import { excerpt } from '../field-values.js'
import type { TextParser } from '../text-parser.js'

/** Options of `native: { name: cef }`. */
export const cefOptions = z.strictObject({
  name: z.literal('cef'),
  allowPrefix: z
    .boolean()
    .default(true)
    .describe('Accept text before "CEF:" (a syslog header); it is returned as syslogHeader.'),
})

const headerNames = [
  'version',
  'deviceVendor',
  'deviceProduct',
  'deviceVersion',
  'deviceEventClassId',
  'name',
  'severity',
] as const

/**
 * ArcSight Common Event Format: `CEF:0|Vendor|Product|Version|ClassId|Name|Severity|k=v …`.
 * Header fields unescape `\|` and `\\`; the extension becomes `extension: { key: value }` with
 * `\=`, `\\`, `\n` and `\r` unescaped. A value runs until the next ` key=`.
 */
export function createCefParser(options: z.infer<typeof cefOptions>): TextParser {
  return (record) => {
    const start = record.startsWith('CEF:') ? 0 : options.allowPrefix ? record.indexOf('CEF:') : -1
    if (start === -1) return { ok: false, reason: 'no "CEF:" header' }
    const out: Record<string, unknown> = {}
    if (start > 0) out.syslogHeader = record.slice(0, start).trimEnd()
    let pos = start + 4
    for (const name of headerNames) {
      const end = unescapedPipe(record, pos)
      if (end === -1) {
        return {
          ok: false,
          reason: `CEF header ends before ${name} (needs 7 "|"-separated fields)`,
        }
      }
      out[name] = unescapeHeader(record.slice(pos, end))
      pos = end + 1
    }
    if (!/^\d+$/.test(out.version as string)) {
      return { ok: false, reason: `CEF version ${excerpt(out.version as string)} is not a number` }
    }
    const extension = parseExtension(record.slice(pos))
    if (Object.keys(extension).length > 0) out.extension = extension
    return { ok: true, value: out }
  }
}

function unescapedPipe(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 92) i++
    else if (c === 124) return i
  }
  return -1
}

function unescapeHeader(value: string): string {
  return value.includes('\\') ? value.replace(/\\([\\|])/g, '$1') : value
}

// A key starts after white space (or at the start) and ends at an unescaped `=`.
const KEY = /(?:^|\s)([\w.[\]-]+)=/g
const extEscapes: Record<string, string> = { n: '\n', r: '\r', '=': '=', '\\': '\\', '|': '|' }

/** Splits `k1=v1 k2=v two k3=v3` into pairs; a value may hold spaces but no unescaped ` key=`. */
export function parseExtension(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  let key: string | undefined
  let valueStart = 0
  KEY.lastIndex = 0
  for (let m = KEY.exec(text); m !== null; m = KEY.exec(text)) {
    if (key !== undefined) out[key] = unescapeExtension(text.slice(valueStart, m.index))
    key = m[1]
    valueStart = m.index + m[0].length
  }
  if (key !== undefined) out[key] = unescapeExtension(text.slice(valueStart))
  return out
}

function unescapeExtension(value: string): string {
  const trimmed = value.trimEnd()
  if (!trimmed.includes('\\')) return trimmed
  return trimmed.replace(/\\([nr=\\|])/g, (_m, c: string) => extEscapes[c] ?? c)
}
