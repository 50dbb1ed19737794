import { z } from 'zod'
import { AppError } from '../../core/index.js'
import { createCsvParser, csvSpecSchema } from './csv-parser.js'
import { createFastmatchParser, fastmatchSpecSchema } from './fastmatch-parser.js'
import { nativeParsers } from './native/native-parsers.js'
import { createRegexParser, regexSpecSchema } from './regex-parser.js'
import type { TextParser } from './text-parser.js'

export type { TextParser, TextParseResult } from './text-parser.js'
export { grokPatterns } from './grok-patterns.js'

/** The kinds of `parser:` a schema may name. */
export const textParserKinds = ['csv', 'fastmatch', 'regex', 'native'] as const

/** Names of the `native:` parsers, for documentation and error messages. */
export const nativeParserNames: readonly string[] = nativeParsers.map((p) => p.name)

const nativeSpecSchema = z.looseObject({
  name: z.string().describe(`One of: ${nativeParserNames.join(', ')}.`),
})

/** The `parser:` key of a schema: exactly one of csv, fastmatch, regex or native. */
export const textParserSpecSchema = z
  .strictObject({
    csv: csvSpecSchema.optional(),
    fastmatch: fastmatchSpecSchema.optional(),
    regex: regexSpecSchema.optional(),
    native: nativeSpecSchema.optional(),
  })
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    error: `needs exactly one of ${textParserKinds.join(', ')}`,
  })

/**
 * Validates a schema's `parser:` value and builds its parser once (patterns compiled here, not per
 * record). Throws `AppError('CONFIG_INVALID')` listing every problem with its path. Parsers with a
 * header (csv `hasHeader`, zeek-tsv) keep state: build one per stream when streams interleave.
 */
export function createTextParser(spec: unknown): TextParser {
  const parsed = textParserSpecSchema.safeParse(spec)
  if (!parsed.success) throw invalid(parsed.error.issues)
  const { csv, fastmatch, regex, native } = parsed.data
  try {
    if (csv !== undefined) return createCsvParser(csv)
    if (fastmatch !== undefined) return createFastmatchParser(fastmatch)
    if (regex !== undefined) return createRegexParser(regex)
  } catch (err) {
    const kind = csv !== undefined ? 'csv' : fastmatch !== undefined ? 'fastmatch' : 'regex'
    throw new AppError('CONFIG_INVALID', `parser.${kind}: ${(err as Error).message}`, {
      cause: err,
    })
  }
  return createNative(native as z.infer<typeof nativeSpecSchema>)
}

function createNative(spec: z.infer<typeof nativeSpecSchema>): TextParser {
  const found = nativeParsers.find((p) => p.name === spec.name)
  if (found === undefined) {
    throw new AppError(
      'CONFIG_INVALID',
      `parser.native.name: unknown native parser ${JSON.stringify(spec.name)} (known: ${nativeParserNames.join(', ')})`,
      { details: { known: nativeParserNames } },
    )
  }
  const options = found.options.safeParse(spec)
  if (!options.success) {
    throw invalid(options.error.issues.map((i) => ({ ...i, path: ['native', ...i.path] })))
  }
  try {
    return found.create(options.data as never)
  } catch (err) {
    // A pattern inside the options (kv header) that does not compile.
    throw new AppError('CONFIG_INVALID', `parser.native: ${(err as Error).message}`, { cause: err })
  }
}

function invalid(issues: readonly z.core.$ZodIssue[]): AppError {
  const problems = issues.map((i) => `${['parser', ...i.path.map(String)].join('.')}: ${i.message}`)
  return new AppError('CONFIG_INVALID', `Invalid parser: ${problems.join('; ')}`, {
    details: { problems },
  })
}
