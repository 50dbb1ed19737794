import { isIP } from 'node:net'
import { stringify } from 'yaml'
import type { SchemaIndicator } from './indicators.js'
import { readSchema, type SchemaError } from './schema/index.js'
import type { FieldSpec, SchemaSpec, ValueSpec } from './schema/index.js'

/** What `inferSchema` proposes: the schema as YAML, and what it could not use. */
export interface InferredSchema {
  spec: SchemaSpec
  /** The schema as a YAML file, ready to save into a `logTypes.dirs` folder. */
  yaml: string
  /** Samples used. */
  samples: number
  /** Lines that were not JSON objects, and keys that cannot become fields (`line: reason`). */
  skipped: string[]
  /** Problems the schema loader found in the proposal; empty unless inference has a bug. */
  errors: SchemaError[]
}

/** Everything seen at one position of the samples, merged as samples are read. */
interface Shape {
  count: number
  kinds: Set<'null' | 'boolean' | 'int' | 'float' | 'string' | 'object' | 'array'>
  strings: string[]
  numbers: number[]
  /** Keys of objects in first-seen order. */
  fields: Map<string, Shape>
  /** Elements of arrays, all merged into one shape. */
  element: Shape | undefined
  /** An object with keys no field name may have: kept as json. */
  badKeys: boolean
}

const fieldName = /^[A-Za-z0-9_@$.:-]+$/
const maxKept = 200
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|z|[+-]\d{2}:?\d{2})?$/
// Plausible event times: 2000-01-01 to 2100-01-01, in seconds and in milliseconds.
const unixRange = [946_684_800, 4_102_444_800] as const
const timeName = /time|date|timestamp|^ts$|_ts$|_at$|At$|created|updated|published|when/i
const userName = /^(user|username|user_name|userName|actor|login|principal|account_name)$/i

/**
 * Proposes a schema from sample JSON lines (`caracal schemas infer`): types merged across samples
 * (int and float make float; mixed kinds make json), timestamps recognized by format with
 * `isEventTime` on the likeliest one, and indicators where every sampled value has that shape.
 */
export function inferSchema(lines: readonly string[], name: string): InferredSchema {
  const root = emptyShape()
  const skipped: string[] = []
  let samples = 0
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      skipped.push(`line ${i + 1}: not JSON`)
      return
    }
    if (!isObject(value)) {
      skipped.push(`line ${i + 1}: not a JSON object`)
      return
    }
    samples += 1
    observe(root, value)
  })
  const fields: FieldSpec[] = []
  for (const [key, shape] of root.fields) {
    if (!fieldName.test(key) || key.startsWith('p_')) {
      skipped.push(`field ${JSON.stringify(key)}: not usable as a field name`)
      continue
    }
    fields.push({ name: key, ...valueOf(shape, key) })
  }
  if (fields.length === 0) fields.push({ name: 'message', type: 'string' })
  markEventTime(fields)
  const spec: SchemaSpec = {
    schema: name,
    description: `Inferred by caracal schemas infer from ${samples} samples; review before use.`,
    fields,
  }
  const yaml = stringify(spec, { lineWidth: 0 })
  const read = readSchema(yaml, `${name} (inferred)`)
  return { spec, yaml, samples, skipped, errors: read.ok ? [] : read.errors }
}

function emptyShape(): Shape {
  return {
    count: 0,
    kinds: new Set(),
    strings: [],
    numbers: [],
    fields: new Map(),
    element: undefined,
    badKeys: false,
  }
}

function observe(shape: Shape, value: unknown): void {
  shape.count += 1
  if (value === null) shape.kinds.add('null')
  else if (typeof value === 'boolean') shape.kinds.add('boolean')
  else if (typeof value === 'number') {
    shape.kinds.add(Number.isInteger(value) ? 'int' : 'float')
    if (shape.numbers.length < maxKept) shape.numbers.push(value)
  } else if (typeof value === 'string') {
    shape.kinds.add('string')
    if (shape.strings.length < maxKept) shape.strings.push(value)
  } else if (Array.isArray(value)) {
    shape.kinds.add('array')
    shape.element ??= emptyShape()
    for (const element of value) observe(shape.element, element)
  } else if (isObject(value)) {
    shape.kinds.add('object')
    for (const [key, child] of Object.entries(value)) {
      if (!fieldName.test(key)) shape.badKeys = true
      let field = shape.fields.get(key)
      if (field === undefined) {
        field = emptyShape()
        shape.fields.set(key, field)
      }
      observe(field, child)
    }
  }
}

/** The schema type of everything seen at one position. */
function valueOf(shape: Shape, name: string): ValueSpec {
  const kinds = new Set(shape.kinds)
  kinds.delete('null')
  if (kinds.has('int') && kinds.has('float')) kinds.delete('int')
  if (kinds.size !== 1) return { type: kinds.size === 0 ? 'string' : 'json' }
  const [kind] = [...kinds]
  switch (kind) {
    case 'boolean':
      return { type: 'boolean' }
    case 'int':
    case 'float':
      return numberValue(shape, name, kind)
    case 'string':
      return stringValue(shape.strings, name)
    case 'array':
      return {
        type: 'array',
        element:
          shape.element === undefined || shape.element.count === 0
            ? { type: 'json' }
            : valueOf(shape.element, name),
      }
    default:
      return objectValue(shape)
  }
}

function objectValue(shape: Shape): ValueSpec {
  // Free-form maps (keys that are not names, or no keys at all) stay json, as Panther advises.
  if (shape.badKeys || shape.fields.size === 0) return { type: 'json' }
  const fields = [...shape.fields].map(([key, child]): FieldSpec => ({
    name: key,
    ...valueOf(child, key),
  }))
  return { type: 'object', fields }
}

function numberValue(shape: Shape, name: string, kind: 'int' | 'float'): ValueSpec {
  const [low, high] = unixRange
  const all = (test: (n: number) => boolean) => shape.numbers.every(test)
  // A number is a time only when its name says so: byte counts fall in the same ranges.
  if (timeName.test(name)) {
    if (all((n) => n >= low && n <= high)) return { type: 'timestamp', timeFormat: 'unix' }
    if (all((n) => n >= low * 1000 && n <= high * 1000)) {
      return { type: 'timestamp', timeFormat: 'unix_ms' }
    }
  }
  return { type: kind === 'int' ? 'bigint' : 'float' }
}

function stringValue(values: readonly string[], name: string): ValueSpec {
  const nonEmpty = values.filter((v) => v !== '')
  if (nonEmpty.length > 0 && nonEmpty.every((v) => rfc3339.test(v))) {
    return { type: 'timestamp', timeFormat: 'rfc3339' }
  }
  const indicators = guessIndicators(nonEmpty, name)
  return indicators.length === 0 ? { type: 'string' } : { type: 'string', indicators }
}

const shapes: [SchemaIndicator, (v: string) => boolean][] = [
  ['ip', (v) => isIP(v) !== 0],
  ['email', (v) => /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(v)],
  ['aws_arn', (v) => /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/.test(v)],
  ['md5', (v) => /^[0-9a-fA-F]{32}$/.test(v)],
  ['sha1', (v) => /^[0-9a-fA-F]{40}$/.test(v)],
  ['sha256', (v) => /^[0-9a-fA-F]{64}$/.test(v)],
  [
    'domain',
    (v) =>
      v.length <= 253 &&
      /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(v),
  ],
]

/** Indicators every sampled value fits (the first shape that fits all), and usernames by name. */
function guessIndicators(values: readonly string[], name: string): SchemaIndicator[] {
  const found: SchemaIndicator[] = []
  if (values.length > 0) {
    const shape = shapes.find(([, fits]) => values.every(fits))
    if (shape !== undefined) found.push(shape[0])
  }
  if (userName.test(name)) found.push('username')
  return found
}

/** How likely a field is the event's time, by name; undefined for timestamps never chosen. */
function eventTimeScore(name: string): number {
  const n = name.toLowerCase()
  if (['timestamp', '@timestamp', 'eventtime', 'event_time', 'time', 'ts'].includes(n)) return 3
  if (/event|occur|log|date|time/.test(n)) return 2
  return /creat|publish|receiv/.test(n) ? 1 : 0
}

/** Marks the likeliest top-level timestamp as the event time (first one wins a tie). */
function markEventTime(fields: FieldSpec[]): void {
  let best: FieldSpec | undefined
  let bestScore = -1
  for (const field of fields) {
    if (field.type !== 'timestamp') continue
    const score = eventTimeScore(field.name)
    if (score > bestScore) {
      best = field
      bestScore = score
    }
  }
  if (best !== undefined) best.isEventTime = true
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
