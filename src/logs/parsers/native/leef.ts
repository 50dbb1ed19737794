import { z } from 'zod'
import type { TextParser } from '../text-parser.js'

/** Options of `native: { name: leef }`. */
export const leefOptions = z.strictObject({
  name: z.literal('leef'),
  allowPrefix: z
    .boolean()
    .default(true)
    .describe('Accept text before "LEEF:" (a syslog header); it is returned as syslogHeader.'),
})

/**
 * IBM QRadar LEEF 1.0 (`LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v`) and 2.0, whose sixth
 * header field names the attribute delimiter (a character, or hex as `0x5E` / `x5E`; tab when
 * empty). Attributes become `attributes: { key: value }`.
 */
export function createLeefParser(options: z.infer<typeof leefOptions>): TextParser {
  return (record) => {
    const start = record.startsWith('LEEF:')
      ? 0
      : options.allowPrefix
        ? record.indexOf('LEEF:')
        : -1
    if (start === -1) return { ok: false, reason: 'no "LEEF:" header' }
    const out: Record<string, unknown> = {}
    if (start > 0) out.syslogHeader = record.slice(0, start).trimEnd()
    const parts = record.slice(start + 5).split('|')
    const version = parts[0] ?? ''
    if (version !== '1.0' && version !== '2.0' && version !== '1' && version !== '2') {
      return { ok: false, reason: `unsupported LEEF version ${JSON.stringify(version)}` }
    }
    const v2 = version.startsWith('2')
    const headerCount = v2 ? 6 : 5
    if (parts.length < headerCount + 1) {
      return {
        ok: false,
        reason: `LEEF ${version} needs ${headerCount} "|"-separated header fields`,
      }
    }
    out.version = version
    out.vendor = parts[1]
    out.product = parts[2]
    out.productVersion = parts[3]
    out.eventId = parts[4]
    let delimiter = '\t'
    if (v2) {
      const d = readDelimiter(parts[5] as string)
      if (d === undefined)
        return { ok: false, reason: `bad LEEF 2.0 delimiter ${JSON.stringify(parts[5])}` }
      delimiter = d
    }
    // Attribute values may contain "|": rejoin what the header split took apart.
    const attrs = parts.slice(headerCount).join('|')
    const attributes: Record<string, string> = {}
    for (const pair of attrs.split(delimiter)) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      if (eq <= 0)
        return { ok: false, reason: `LEEF attribute ${JSON.stringify(pair)} has no key=` }
      attributes[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    if (Object.keys(attributes).length > 0) out.attributes = attributes
    return { ok: true, value: out }
  }
}

function readDelimiter(field: string): string | undefined {
  if (field === '') return '\t'
  if (field.length === 1) return field
  const hex = /^(?:0x|x)([0-9a-fA-F]{1,4})$/.exec(field)
  return hex === null ? undefined : String.fromCharCode(parseInt(hex[1] as string, 16))
}
