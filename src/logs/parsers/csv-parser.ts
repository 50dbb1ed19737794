import { z } from 'zod'
import { excerpt, fieldAssembler, recordSkipper, splitFieldsSpec } from './field-values.js'
import type { TextParser } from './text-parser.js'

/** Panther's `parser.csv` options, plus Caracal's `headerPattern` and `columnAliases`. */
export const csvSpecSchema = z
  .strictObject({
    delimiter: z
      .string()
      .length(1, 'must be exactly one character (use "\\t" in YAML double quotes for tab)')
      .default(',')
      .describe('The character between values.'),
    hasHeader: z
      .boolean()
      .default(false)
      .describe('The first line (or each line matching headerPattern) names the columns.'),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Column names; with headerPattern they are the default order, used before any header and for records whose value count matches them.',
      ),
    skipPrefix: z.string().optional().describe('Records starting with this text are skipped.'),
    emptyValues: z.array(z.string()).optional().describe('Values that mean "no value" (e.g. "-").'),
    trimSpace: z.boolean().optional().describe('Trim white space around values.'),
    expandFields: z
      .record(z.string(), z.string())
      .optional()
      .describe('Extra fields built from %{column} templates.'),
    splitFields: splitFieldsSpec,
    headerPattern: z
      .string()
      .optional()
      .describe('Caracal: a line matching this regex is a header wherever it appears in a stream.'),
    columnAliases: z
      .record(z.string(), z.string())
      .optional()
      .describe('Caracal: header column name → schema field name (e.g. account-id → account).'),
    fieldsHeader: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Caracal: a line starting with this text (`#Fields:` of the W3C extended log format) names the columns that follow it, separated by white space.',
      ),
  })
  .refine((s) => s.hasHeader || s.columns !== undefined || s.fieldsHeader !== undefined, {
    error: 'a CSV without a header needs columns',
    path: ['columns'],
  })

/** The validated CSV options. */
export type CsvSpec = z.infer<typeof csvSpecSchema>

/**
 * A CSV parser (RFC 4180 quoting, lazy like Go's `LazyQuotes`). With `hasHeader` it is stateful:
 * it keeps the last header it saw, so one parser should read one stream (file) at a time.
 */
export function createCsvParser(spec: CsvSpec): TextParser {
  const assemble = fieldAssembler(spec)
  const skip = recordSkipper(spec.skipPrefix, undefined)
  const split = csvSplitter(spec.delimiter)
  const aliases = spec.columnAliases ?? {}
  const headerRe = spec.headerPattern === undefined ? undefined : new RegExp(spec.headerPattern)
  const nameColumns = (names: readonly string[]) =>
    names.map((n) => {
      const name = spec.trimSpace === true ? n.trim() : n
      return aliases[name] ?? name
    })
  const defaults = spec.columns && nameColumns(spec.columns)
  let columns: string[] | undefined = defaults
  // Panther: with both hasHeader and columns, the first line is a header to skip.
  let headerPending = spec.hasHeader && headerRe === undefined

  const fieldsHeader = spec.fieldsHeader
  return (record) => {
    // Checked before skipPrefix: W3C logs start every directive (#Version, #Fields) with '#'.
    if (fieldsHeader !== undefined && record.startsWith(fieldsHeader)) {
      const names = record.slice(fieldsHeader.length).trim().split(/\s+/)
      columns = nameColumns(names.filter((n) => n !== ''))
      return { ok: false, skip: true, reason: 'header line' }
    }
    const skipped = skip(record)
    if (skipped !== undefined) return skipped
    if (headerRe?.test(record) === true || headerPending) {
      headerPending = false
      const header = split(record)
      if (typeof header === 'string') return { ok: false, reason: `bad CSV header: ${header}` }
      if (spec.columns === undefined || headerRe !== undefined) columns = nameColumns(header)
      return { ok: false, skip: true, reason: 'header line' }
    }
    if (columns === undefined) return { ok: false, reason: 'no CSV header line seen yet' }
    const values = split(record)
    if (typeof values === 'string') return { ok: false, reason: values }
    if (values.length !== columns.length) {
      // A header from an earlier stream must not hide records in the declared default order.
      if (defaults !== undefined && values.length === defaults.length) {
        return { ok: true, value: assemble(defaults, values) }
      }
      return {
        ok: false,
        reason: `expected ${columns.length} columns, found ${values.length} in ${excerpt(record)}`,
      }
    }
    return { ok: true, value: assemble(columns, values) }
  }
}

/** Splits one record into values, or returns why it cannot be split. */
export function csvSplitter(delimiter: string): (record: string) => string[] | string {
  const delim = delimiter.charCodeAt(0)
  return (record) => {
    // Fast path: without quotes a native split is exact.
    if (!record.includes('"')) return record.split(delimiter)
    return splitQuoted(record, delimiter, delim)
  }
}

const QUOTE = 34

/**
 * RFC 4180 state machine for one line: `""` inside quotes is a quote; like Go's LazyQuotes, a quote
 * inside an unquoted value, or one not followed by the delimiter, is kept as text.
 */
function splitQuoted(record: string, delimiter: string, delim: number): string[] | string {
  const values: string[] = []
  let i = 0
  const n = record.length
  for (;;) {
    if (record.charCodeAt(i) === QUOTE) {
      const start = i
      let value = ''
      let from = ++i
      for (;;) {
        const q = record.indexOf('"', i)
        if (q === -1) {
          return `unterminated quoted value starting at column ${values.length + 1} (offset ${start})`
        }
        const next = q + 1 < n ? record.charCodeAt(q + 1) : -1
        if (next === QUOTE) {
          value += record.slice(from, q + 1)
          i = from = q + 2
        } else if (next === delim || next === -1) {
          value += record.slice(from, q)
          i = q + 1
          break
        } else {
          i = q + 1 // lazy: a stray quote is text
        }
      }
      values.push(value)
    } else {
      const d = record.indexOf(delimiter, i)
      values.push(record.slice(i, d === -1 ? n : d))
      i = d === -1 ? n : d
    }
    if (i >= n) return values
    i++ // the delimiter
    if (i === n) {
      values.push('')
      return values
    }
  }
}
