import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { checkSchema, type SchemaIssue } from './check-schema.js'
import { schemaFile, type SchemaSpec } from './schema-spec.js'

/** One problem in a schema file, precise enough to fix without guessing. */
export interface SchemaError {
  file: string
  /** 1-based line (and column) of the offending key or value; the closest parent when absent. */
  line: number
  column: number
  /** Dotted path in the document, e.g. `fields[2].timeFormat`. */
  path: string
  message: string
}

/** A schema file read and checked: the spec, or every problem found in it. */
export type SchemaReadResult =
  { ok: true; spec: SchemaSpec; file: string } | { ok: false; errors: SchemaError[] }

/** Parses and validates the text of one schema file (YAML or JSON). Never throws. */
export function readSchema(text: string, file: string): SchemaReadResult {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0])
        return { file, line: pos.line, column: pos.col, path: '', message: firstLine(e.message) }
      }),
    }
  }
  const parsed = schemaFile.safeParse(doc.toJS())
  const issues: SchemaIssue[] = parsed.success ? checkSchema(parsed.data) : zodIssues(parsed.error)
  if (issues.length > 0 || !parsed.success) {
    return { ok: false, errors: issues.map((issue) => locate(issue, doc, lines, file)) }
  }
  return { ok: true, spec: parsed.data, file }
}

function zodIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys
      return {
        path: [...path, keys[0] ?? ''],
        message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`,
      }
    }
    return { path, message: describeIssue(issue) }
  })
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `missing key (expected ${issue.expected})`
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return issue.message
}

/**
 * The 1-based line and column of a path in a schema's text (the deepest part that exists), for
 * problems found after reading, such as the evolution rule's.
 */
export function locateSchemaPath(
  text: string,
  path: readonly (string | number)[],
): { line: number; column: number } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const { line, column } = locate({ path: [...path], message: '' }, doc, lines, '')
  return { line, column }
}

/** Finds the line of a path: the node itself, else the deepest parent that exists. */
function locate(issue: SchemaIssue, doc: Document, lines: LineCounter, file: string): SchemaError {
  let node: Node | null | undefined = doc.contents
  let offset = node?.range?.[0] ?? 0
  for (const key of issue.path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
      if (pair === undefined) break
      offset = (pair.key as Node | null)?.range?.[0] ?? offset
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null | undefined
      if (node === undefined || node === null) break
      offset = node.range?.[0] ?? offset
    } else break
  }
  const pos = lines.linePos(offset)
  return {
    file,
    line: pos.line,
    column: pos.col,
    path: formatPath(issue.path),
    message: issue.message,
  }
}

/** `['fields', 2, 'timeFormat']` → `fields[2].timeFormat` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/** `file:line:column: path: message`, the form editors and terminals link. */
export function formatSchemaError(error: SchemaError): string {
  const where = error.path === '' ? '' : `${error.path}: `
  return `${error.file}:${error.line}:${error.column}: ${where}${error.message}`
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}
