import { z } from 'zod'
import { fieldAssembler, recordSkipper, splitFieldsSpec } from './field-values.js'
import { grokDiagnosis } from './grok-diagnosis.js'
import { grokPatterns } from './grok-patterns.js'
import type { TextParser } from './text-parser.js'

/** Panther's `parser.regex` options. */
export const regexSpecSchema = z.strictObject({
  match: z
    .array(z.string())
    .min(1, 'needs at least one pattern chunk')
    .describe('Grok pattern chunks, joined into one pattern; %{NAME:field} captures a field.'),
  patternDefinitions: z
    .record(z.string().regex(/^\w+$/, 'pattern names are letters, digits and _'), z.string())
    .optional()
    .describe('Extra named patterns, usable as %{NAME}; they override built-in ones.'),
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

/** The validated regex options. */
export type RegexSpec = z.infer<typeof regexSpecSchema>

/** A grok pattern compiled to one RegExp, with the field name of each of its named groups. */
export interface CompiledGrok {
  regex: RegExp
  /** Group `_cN` captures field `fields[N]`. */
  fields: string[]
}

const REF = /%\{(\w+)(?::([^:}]+))?(?::[^}]*)?\}/g
const MAX_DEPTH = 32

/**
 * Expands `%{NAME}` / `%{NAME:field}` references into one anchored RegExp. Throws an Error naming
 * an unknown pattern, a reference cycle, or the JavaScript syntax error.
 */
export function compileGrok(
  source: string,
  definitions: Readonly<Record<string, string>> = {},
  anchorEnd = true,
): CompiledGrok {
  const defs = { ...grokPatterns, ...definitions }
  const fields: string[] = []
  const expand = (text: string, stack: readonly string[]): string =>
    text.replace(REF, (_all, name: string, field: string | undefined) => {
      const def = defs[name]
      if (def === undefined) throw new Error(`unknown grok pattern %{${name}}`)
      if (stack.length >= MAX_DEPTH || stack.includes(name)) {
        throw new Error(
          `grok pattern %{${name}} refers to itself (${[...stack, name].join(' → ')})`,
        )
      }
      const inner = expand(def, [...stack, name])
      if (field === undefined) return `(?:${inner})`
      fields.push(field)
      return `(?<_c${fields.length - 1}>${inner})`
    })
  const body = expand(source, [])
  let regex: RegExp
  try {
    // Anchored: a line must be wholly described by the pattern, which keeps classification honest.
    regex = new RegExp(anchorEnd ? `^(?:${body})$` : `^(?:${body})`)
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message}`)
  }
  return { regex, fields }
}

/** A regex parser: the joined `match` chunks must describe the whole record. */
export function createRegexParser(spec: RegexSpec): TextParser {
  const source = spec.match.join('')
  const { regex, fields } = compileGrok(source, spec.patternDefinitions)
  const groups = fields.map((_, i) => `_c${i}`)
  const duplicates = new Set(fields).size !== fields.length
  const assemble = fieldAssembler(spec)
  const skip = recordSkipper(spec.skipPrefix, spec.skipLines)
  const diagnose = grokDiagnosis(
    source,
    (prefix) => compileGrok(prefix, spec.patternDefinitions, false).regex,
  )
  return (record) => {
    const skipped = skip(record)
    if (skipped !== undefined) return skipped
    const m = regex.exec(record)
    if (m === null) return { ok: false, reason: diagnose(record) }
    const captured = m.groups ?? {}
    const names: string[] = []
    const values: string[] = []
    for (let i = 0; i < groups.length; i++) {
      const value = captured[groups[i] as string]
      if (value === undefined) continue
      const name = fields[i] as string
      // Alternatives may capture the same field; the first that matched wins.
      if (duplicates && names.includes(name)) continue
      names.push(name)
      values.push(value)
    }
    return { ok: true, value: assemble(names, values) }
  }
}
