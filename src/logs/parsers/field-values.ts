import { z } from 'zod'
import type { TextParseResult } from './text-parser.js'

/**
 * Options every pattern parser shares: Panther's `emptyValues`, `trimSpace`, `expandFields`, and
 * Caracal's `splitFields` (a field → separator map: the value becomes an array, for list columns
 * such as Cisco Umbrella's categories).
 */
export interface ValueOptions {
  emptyValues?: readonly string[] | undefined
  trimSpace?: boolean | undefined
  expandFields?: Readonly<Record<string, string>> | undefined
  splitFields?: Readonly<Record<string, string>> | undefined
}

/** The zod shape of `splitFields`, shared by the csv, fastmatch and regex specs. */
export const splitFieldsSpec = z
  .record(z.string(), z.string().min(1))
  .optional()
  .describe('Caracal: fields whose value is a list, with its separator; they become arrays.')

/** Builds the object: trim, drop empty values, expand templates, then split list fields. */
export type FieldAssembler = (
  names: readonly string[],
  values: readonly (string | undefined)[],
) => Record<string, unknown>

/** Compiles the shared value options once, so the per-record work is a plain loop. */
export function fieldAssembler(options: ValueOptions): FieldAssembler {
  const empty = new Set(options.emptyValues ?? [])
  const trim = options.trimSpace === true
  const templates = Object.entries(options.expandFields ?? {}).map(
    ([name, template]) => [name, compileTemplate(template)] as const,
  )
  const splits = Object.entries(options.splitFields ?? {})
  return (names, values) => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) {
      let value = values[i]
      if (value === undefined) continue
      if (trim) value = value.trim()
      if (empty.size > 0 && empty.has(value)) continue
      out[names[i] as string] = value
    }
    for (const [name, render] of templates) {
      const value = render(out)
      if (value !== '' && !empty.has(value)) out[name] = value
    }
    for (const [name, separator] of splits) {
      const value = out[name]
      if (typeof value === 'string') out[name] = value.split(separator).map((v) => v.trim())
    }
    return out
  }
}

/** `%{name}` templates of `expandFields`; a missing field expands to the empty string (Panther). */
function compileTemplate(template: string): (fields: Record<string, unknown>) => string {
  const parts = template.split(/%\{\s*([^}]*?)\s*\}/)
  return (fields) => {
    let out = ''
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string
      if (i % 2 === 0) out += part
      else {
        const value = fields[part]
        if (typeof value === 'string') out += value
      }
    }
    return out
  }
}

/** Skips records by prefix and the first lines of a stream (Panther's skipPrefix, skipLines). */
export function recordSkipper(
  skipPrefix: string | undefined,
  skipLines: number | undefined,
): (record: string) => TextParseResult | undefined {
  let linesLeft = skipLines ?? 0
  if (skipPrefix === undefined && linesLeft === 0) return () => undefined
  return (record) => {
    if (linesLeft > 0) {
      linesLeft--
      return { ok: false, skip: true, reason: 'skipped: one of the first skipLines lines' }
    }
    if (skipPrefix !== undefined && skipPrefix !== '' && record.startsWith(skipPrefix)) {
      return { ok: false, skip: true, reason: `skipped: starts with ${JSON.stringify(skipPrefix)}` }
    }
    return undefined
  }
}

/** A short, safe excerpt of a record for failure reasons. */
export function excerpt(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)
}
