import { z } from 'zod'
import { compileGrok } from '../regex-parser.js'
import type { TextParser } from '../text-parser.js'

/** Options of `native: { name: kv }`. */
export const kvOptions = z.strictObject({
  name: z.literal('kv'),
  pairSeparator: z.string().min(1).default(' ').describe('Text between pairs (default a space).'),
  kvSeparator: z.string().min(1).default('=').describe('Text between a key and its value.'),
  quotes: z
    .array(z.string().length(1))
    .default(['"'])
    .describe('Characters that may quote a value; inside, a backslash escapes the next character.'),
  emptyValues: z.array(z.string()).optional().describe('Values that mean "no value" (e.g. "-").'),
  trimSpace: z.boolean().optional().describe('Trim white space around keys and values.'),
  allowBareWords: z
    .boolean()
    .default(false)
    .describe('Ignore words without a separator instead of rejecting the record.'),
  bareWordValue: z
    .string()
    .optional()
    .describe(
      'Words without a separator become keys with this value (flags such as SYN → "true").',
    ),
  header: z
    .array(z.string())
    .min(1)
    .optional()
    .describe(
      'Grok pattern chunks the record must start with (a syslog prefix); its %{NAME:field} captures are fields, the rest is read as pairs.',
    ),
  patternDefinitions: z
    .record(z.string().regex(/^\w+$/, 'pattern names are letters, digits and _'), z.string())
    .optional()
    .describe('Extra named patterns for header.'),
})

/** `key=value key2="quoted value"` records; a key seen twice keeps its last value. */
export function createKvParser(options: z.infer<typeof kvOptions>): TextParser {
  const { pairSeparator: ps, kvSeparator: kvs } = options
  const quotes = new Set(options.quotes)
  const empty = new Set(options.emptyValues ?? [])
  const trim = options.trimSpace === true
  const header = headerReader(options)
  return (record) => {
    const out: Record<string, unknown> = {}
    let pos = 0
    if (header !== undefined) {
      const read = header(record, out)
      if (read === undefined) return { ok: false, reason: `expected the header ${header.source}` }
      pos = read
    }
    const n = record.length
    while (pos < n) {
      if (record.startsWith(ps, pos)) {
        pos += ps.length
        continue
      }
      const sepAt = record.indexOf(kvs, pos)
      const pairEnd = record.indexOf(ps, pos)
      if (sepAt === -1 || (pairEnd !== -1 && pairEnd < sepAt)) {
        if (options.bareWordValue !== undefined) {
          let word = record.slice(pos, pairEnd === -1 ? n : pairEnd)
          if (trim) word = word.trim()
          if (word !== '') out[word] = options.bareWordValue
        } else if (!options.allowBareWords) {
          const word = record.slice(pos, pairEnd === -1 ? n : pairEnd)
          return {
            ok: false,
            reason: `${JSON.stringify(word)} at offset ${pos} has no ${JSON.stringify(kvs)}`,
          }
        }
        pos = pairEnd === -1 ? n : pairEnd
        continue
      }
      let key = record.slice(pos, sepAt)
      if (trim) key = key.trim()
      if (key === '') return { ok: false, reason: `empty key at offset ${pos}` }
      pos = sepAt + kvs.length
      let value: string
      const q = record[pos]
      if (q !== undefined && quotes.has(q)) {
        const read = readQuoted(record, pos + 1, q)
        if (read === undefined) return { ok: false, reason: `unterminated ${q} for key ${key}` }
        value = read.value
        pos = read.end
        if (trim) while (record[pos] === ' ' || record[pos] === '\t') pos++
        if (pos < n && !record.startsWith(ps, pos)) {
          return { ok: false, reason: `text after the closing ${q} of key ${key} (offset ${pos})` }
        }
      } else {
        const end = record.indexOf(ps, pos)
        value = record.slice(pos, end === -1 ? n : end)
        pos = end === -1 ? n : end
      }
      if (trim) value = value.trim()
      if (!empty.has(value)) out[key] = value
    }
    return { ok: true, value: out }
  }
}

function readQuoted(
  text: string,
  from: number,
  quote: string,
): { value: string; end: number } | undefined {
  let value = ''
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string
    if (c === '\\' && i + 1 < text.length) {
      value += text[++i] as string
    } else if (c === quote) {
      return { value, end: i + 1 }
    } else {
      value += c
    }
  }
  return undefined
}

/** Reads the grok `header` at the start of a record into `out`; returns where the pairs start. */
function headerReader(options: z.infer<typeof kvOptions>) {
  if (options.header === undefined) return undefined
  const source = options.header.join('')
  const { regex, fields } = compileGrok(source, options.patternDefinitions, false)
  const read = (record: string, out: Record<string, unknown>): number | undefined => {
    const m = regex.exec(record)
    if (m === null) return undefined
    const groups = m.groups ?? {}
    fields.forEach((field, i) => {
      const value = groups[`_c${i}`]
      if (value !== undefined && !Object.hasOwn(out, field)) out[field] = value
    })
    return m[0].length
  }
  return Object.assign(read, { source: JSON.stringify(source) })
}
