import type {
  Column,
  ColumnType,
  EventRecord,
  LogType,
  ParseFailure,
  ParseOutcome,
} from '../../core/index.js'
import { IndicatorSet } from '../indicators.js'
import { createTextParser, type TextParser } from '../parsers/index.js'
import { standardColumns } from '../standard-columns.js'
import { baseHelpers, CodeGenerator } from './generate-code.js'
import type { FieldSpec, ParserSpec, SchemaSpec, ValueSpec } from './schema-spec.js'

/** A log type compiled from a schema, with the schema kept for docs and tools. */
export interface SchemaLogType extends LogType {
  spec: SchemaSpec
  /** The file it was loaded from, when it came from one. */
  file?: string
}

/** Builds the text parser of a schema's `parser:` section (src/logs/parsers provides it). */
export type TextParserFactory = (spec: ParserSpec) => TextParser

/** What the compiler may need beyond the schema. */
export interface CompileOptions {
  /** Defaults to the parsers of src/logs/parsers; tests may pass their own. */
  createTextParser?: TextParserFactory | undefined
  file?: string | undefined
}

/**
 * The per-record state the generated code writes: indicators, event time, first error, and the
 * undeclared fields by path (`p_extra_fields`).
 */
class RecordContext extends IndicatorSet {
  t: string | undefined = undefined
  e: string | undefined = undefined
  x: Record<string, unknown> | undefined = undefined
}

/** Shared by every successful outcome; parseBatch only reads it. */
const noFailures: ParseFailure[] = Object.freeze([]) as unknown as ParseFailure[]

type Normalizer = (value: Record<string, unknown>, context: RecordContext) => EventRecord

/**
 * Compiles a checked schema once into a log type. The normalizer is generated code (see
 * generate-code.ts); it builds each event as a fresh object literal of the schema's fields, so
 * every event of a log type starts with the same shape (one hidden class for V8). Fields the
 * schema does not declare are then added where they appeared, unchanged, and listed by path in
 * `p_extra_fields` (the lake's copy of them): unlike Panther, nothing a vendor sends is lost.
 */
export function compileSchema(spec: SchemaSpec, options: CompileOptions = {}): SchemaLogType {
  const normalize = buildNormalizer(spec)
  const text = spec.parser === undefined ? undefined : textParserOf(spec.parser, options)
  const envelope = spec.envelope?.field
  const rejects = spec.reject ?? []

  const one = (value: Record<string, unknown>, raw: string | undefined, out: ParseOutcome) => {
    const context = new RecordContext()
    const event = normalize(value, context)
    if (context.e === undefined) out.events.push(event)
    else out.failures.push({ raw: raw ?? JSON.stringify(value), reason: context.e })
  }

  /** The common case, one record: no envelope arrays to fill. */
  const single = (value: Record<string, unknown>, raw: string): ParseOutcome => {
    const context = new RecordContext()
    const event = normalize(value, context)
    if (context.e === undefined) return { events: [event], failures: noFailures }
    return failed(raw, context.e)
  }

  const parseJson = (raw: string): ParseOutcome => {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      return failed(raw, `invalid JSON: ${(err as Error).message}`)
    }
    if (!isObject(value)) return failed(raw, 'expected a JSON object')
    const wrapped = envelope === undefined ? undefined : value[envelope]
    if (Array.isArray(wrapped)) {
      const out: ParseOutcome = { events: [], failures: [] }
      for (const record of wrapped as unknown[]) {
        if (isObject(record)) one(record, undefined, out)
        else out.failures.push(failure(record, `expected a JSON object in ${envelope ?? ''}`))
      }
      return out
    }
    for (const reject of rejects) {
      if (reject.field in value) return failed(raw, reject.reason)
    }
    return single(value, raw)
  }

  const parseText = (raw: string): ParseOutcome => {
    const result = (text as TextParser)(raw)
    // A header or comment line carries no event by design: dropped, not a failure.
    if (!result.ok)
      return result.skip === true ? { events: [], failures: [] } : failed(raw, result.reason)
    const out: ParseOutcome = { events: [], failures: [] }
    one(result.value, raw, out)
    return out
  }

  const logType: SchemaLogType = {
    name: spec.schema,
    description: spec.description ?? '',
    columns: [...columnsOf(spec.fields, spec.definitions ?? {}), ...standardColumns],
    parse: text === undefined ? parseJson : parseText,
    spec,
  }
  if (options.file !== undefined) logType.file = options.file
  return logType
}

function buildNormalizer(spec: SchemaSpec): Normalizer {
  const generator = new CodeGenerator(spec.definitions ?? {})
  const root = generator.objectFunction(spec.fields, undefined, true)
  const helpers = Object.assign([...generator.helpers], baseHelpers)
  // Generated from the schema with every name quoted (see generate-code.ts): this is the
  // compile-once step that keeps per-field interpretation out of the hot loop.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('h', generator.source(root)) as (h: unknown) => Normalizer
  return factory(helpers)
}

function textParserOf(spec: ParserSpec, options: CompileOptions): TextParser {
  return (options.createTextParser ?? createTextParser)(spec)
}

/** The lake columns of a list of fields (refs resolved, integer types widened to bigint). */
export function columnsOf(
  fields: readonly FieldSpec[],
  definitions: Record<string, ValueSpec>,
): Column[] {
  return fields.map((field) => {
    const column: Column = { name: field.name, type: columnType(field, definitions) }
    if (field.description !== undefined) column.description = field.description.trim()
    return column
  })
}

function columnType(value: ValueSpec, definitions: Record<string, ValueSpec>): ColumnType {
  switch (value.type) {
    case 'string':
    case 'boolean':
    case 'timestamp':
    case 'json':
      return { kind: value.type }
    case 'int':
    case 'smallint':
    case 'bigint':
      return { kind: 'bigint' }
    case 'float':
      return { kind: 'double' }
    case 'object':
      return { kind: 'object', fields: columnsOf(value.fields ?? [], definitions) }
    case 'array':
      return { kind: 'array', element: columnType(value.element ?? { type: 'json' }, definitions) }
    case 'ref': {
      const target = definitions[value.target ?? '']
      if (target === undefined) throw new Error(`unknown ref target ${String(value.target)}`)
      return columnType(target, definitions)
    }
  }
}

function failed(raw: string, reason: string): ParseOutcome {
  return { events: [], failures: [{ raw, reason }] }
}

function failure(value: unknown, reason: string): ParseFailure {
  return { raw: JSON.stringify(value), reason }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
