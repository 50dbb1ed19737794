import { z } from 'zod'
import { excerpt, fieldAssembler, recordSkipper, splitFieldsSpec } from './field-values.js'
import type { TextParser } from './text-parser.js'

/** Panther's `parser.fastmatch` options. */
export const fastmatchSpecSchema = z.strictObject({
  match: z
    .array(z.string().min(1))
    .min(1, 'needs at least one pattern')
    .describe('Patterns tried in order; %{name} captures a field, %{} skips text.'),
  skipLines: z.number().int().min(0).optional().describe('Lines to skip at the start of a stream.'),
  skipPrefix: z.string().optional().describe('Records starting with this text are skipped.'),
  emptyValues: z.array(z.string()).optional().describe('Values that mean "no value" (e.g. "-").'),
  trimSpace: z.boolean().optional().describe('Trim white space around values.'),
  expandFields: z
    .record(z.string(), z.string())
    .optional()
    .describe('Extra fields built from %{field} templates.'),
  splitFields: splitFieldsSpec,
})

/** The validated fastmatch options. */
export type FastmatchSpec = z.infer<typeof fastmatchSpecSchema>

/** One field of a compiled pattern: the text that ends it, and the quote around it if any. */
interface Step {
  name: string
  /** Text after the field; '' only for the last field, which takes the rest of the record. */
  until: string
  quote: '"' | "'" | undefined
}

/** A compiled pattern: literal prefix, then fields each ended by a literal delimiter. */
export interface FastPattern {
  source: string
  prefix: string
  steps: Step[]
  names: string[]
}

const TAG = /%\{\s*([^}]*?)\s*\}/g

/** Compiles one `%{field}` pattern, or throws an Error explaining what is wrong with it. */
export function compileFastPattern(source: string): FastPattern {
  const parts = source.split(TAG)
  if (parts.length < 3) throw new Error('has no %{field}')
  const prefix = parts[0] as string
  const steps: Step[] = []
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string
    const until = parts[i + 1] as string
    const before = parts[i - 1] as string
    if (until === '' && i + 2 < parts.length) {
      throw new Error(`fields %{${name}} and %{${parts[i + 2] ?? ''}} need text between them`)
    }
    // Like Panther: a field between matching quotes is read as a quoted, escapable string.
    const open = before.at(-1)
    const quote = (open === '"' || open === "'") && until.startsWith(open) ? open : undefined
    steps.push({ name, until, quote })
  }
  return { source, prefix, steps, names: steps.map((s) => s.name).filter((n) => n !== '') }
}

/** Matches a record against a compiled pattern: names and values, or the reason it failed. */
export function matchFastPattern(
  pattern: FastPattern,
  record: string,
): { names: string[]; values: string[] } | string {
  if (!record.startsWith(pattern.prefix)) return `does not start with ${excerpt(pattern.prefix)}`
  const names: string[] = []
  const values: string[] = []
  let pos = pattern.prefix.length
  for (const step of pattern.steps) {
    let value: string
    if (step.until === '') {
      value = record.slice(pos)
      pos = record.length
    } else if (step.quote !== undefined && record.indexOf('\\', pos) !== -1) {
      const quoted = readEscaped(record, pos, step.quote)
      if (quoted === undefined || !record.startsWith(step.until, quoted.end)) {
        return `no closing ${step.quote} before ${excerpt(step.until)} for %{${step.name}}`
      }
      value = quoted.value
      pos = quoted.end + step.until.length
    } else {
      const end = record.indexOf(step.until, pos)
      if (end === -1) return `no ${excerpt(step.until)} after %{${step.name}} (offset ${pos})`
      value = record.slice(pos, end)
      pos = end + step.until.length
    }
    if (step.name !== '') {
      names.push(step.name)
      values.push(value)
    }
  }
  return { names, values }
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' }

/** Reads up to an unescaped quote, decoding backslash escapes (`\"`, `\\`, `\n`, `\t`, `\xHH`). */
function readEscaped(
  text: string,
  from: number,
  quote: string,
): { value: string; end: number } | undefined {
  let value = ''
  let i = from
  while (i < text.length) {
    const c = text[i] as string
    if (c === quote) return { value, end: i }
    if (c === '\\' && i + 1 < text.length) {
      const e = text[i + 1] as string
      if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16))
        i += 4
        continue
      }
      value += escapes[e] ?? e
      i += 2
      continue
    }
    value += c
    i++
  }
  return undefined
}

/** A fastmatch parser: patterns are tried in order, the first that matches wins. */
export function createFastmatchParser(spec: FastmatchSpec): TextParser {
  const patterns = spec.match.map(compileFastPattern)
  const assemble = fieldAssembler(spec)
  const skip = recordSkipper(spec.skipPrefix, spec.skipLines)
  return (record) => {
    const skipped = skip(record)
    if (skipped !== undefined) return skipped
    const reasons: string[] = []
    for (const pattern of patterns) {
      const m = matchFastPattern(pattern, record)
      if (typeof m !== 'string') return { ok: true, value: assemble(m.names, m.values) }
      reasons.push(m)
    }
    const why =
      reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `#${i + 1} ${r}`).join('; ')
    return { ok: false, reason: `no fastmatch pattern matched: ${why ?? ''}` }
  }
}
