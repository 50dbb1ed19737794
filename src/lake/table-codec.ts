import type { Column, ColumnType, EventRecord, LakeTable } from '../core/index.js'
import { sqlIdent, sqlString } from './lake-layout.js'
import { normalizeTimestamp } from './lake-timestamps.js'

/**
 * How one table's rows become NDJSON lines that DuckDB reads without error: each value is coerced
 * to its declared column type (or dropped to null), compiled once per column tree into closures.
 */
export interface TableCodec {
  /** `read_json`'s `columns={...}` argument. */
  readonly readJsonColumns: string
  /** The quoted column list of the SELECT, in declaration order. */
  readonly selectList: string
  /** Column names left out because another column already had the name (case-insensitively). */
  readonly duplicates: readonly string[]
  /** One NDJSON line (no newline) holding the row's declared columns, coerced. */
  encode(row: EventRecord): string
}

/** Turns a value into its column's JSON representation; undefined means null. */
type Coerce = (value: unknown) => unknown

const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n

/** Builds the codec of a table's column tree. */
export function compileTableCodec(table: LakeTable): TableCodec {
  const duplicates: string[] = []
  const columns = uniqueColumns(table.columns, '', duplicates)
  const readJsonColumns = `{${columns
    .map((c) => `${sqlString(c.name)}: ${sqlString(duckdbType(c.type, duplicates, c.name))}`)
    .join(', ')}}`
  const selectList = columns.map((c) => sqlIdent(c.name)).join(', ')
  const coerceRow = compileObject(columns)
  return {
    readJsonColumns,
    selectList,
    duplicates,
    encode: (row) => encodeRow(coerceRow(row) as Record<string, unknown> | undefined),
  }
}

/** The DuckDB type of a column type. Structs without fields cannot exist in DuckDB: JSON instead. */
export function duckdbType(type: ColumnType, duplicates: string[] = [], path = ''): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR'
    case 'bigint':
      return 'BIGINT'
    case 'double':
      return 'DOUBLE'
    case 'boolean':
      return 'BOOLEAN'
    case 'timestamp':
      return 'TIMESTAMP'
    case 'json':
      return 'JSON'
    case 'object': {
      const fields = uniqueColumns(type.fields, path, duplicates)
      if (fields.length === 0) return 'JSON'
      const list = fields.map(
        (f) => `${sqlIdent(f.name)} ${duckdbType(f.type, duplicates, `${path}.${f.name}`)}`,
      )
      return `STRUCT(${list.join(', ')})`
    }
    case 'array':
      return `${duckdbType(type.element, duplicates, `${path}[]`)}[]`
  }
}

/** DuckDB names are case-insensitive: a second `Foo` beside `foo` would fail every write. */
function uniqueColumns(columns: readonly Column[], path: string, duplicates: string[]): Column[] {
  const seen = new Set<string>()
  const out: Column[] = []
  for (const column of columns) {
    const key = column.name.toLowerCase()
    if (column.name === '' || seen.has(key)) {
      if (!duplicates.includes(`${path}.${column.name}`)) duplicates.push(`${path}.${column.name}`)
      continue
    }
    seen.add(key)
    out.push(column)
  }
  return out
}

function compile(type: ColumnType): Coerce {
  switch (type.kind) {
    case 'string':
      return toStringValue
    case 'bigint':
      return toBigintValue
    case 'double':
      return toDoubleValue
    case 'boolean':
      return toBooleanValue
    case 'timestamp':
      return normalizeTimestamp
    case 'json':
      return toJsonValue
    case 'object': {
      const fields = uniqueColumns(type.fields, '', [])
      return fields.length === 0 ? toJsonValue : compileObject(fields)
    }
    case 'array':
      return compileArray(compile(type.element))
  }
}

function compileObject(columns: readonly Column[]): Coerce {
  const fields = uniqueColumns(columns, '', []).map((c) => ({
    name: c.name,
    coerce: compile(c.type),
    // Names like `constructor` would otherwise read Object.prototype members.
    inherited: c.name in Object.prototype,
  }))
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const source = value as Record<string, unknown>
    // A null prototype makes a `__proto__` field an ordinary key.
    const out = Object.create(null) as Record<string, unknown>
    for (const field of fields) {
      if (field.inherited && !Object.hasOwn(source, field.name)) continue
      const coerced = field.coerce(source[field.name])
      if (coerced !== undefined) out[field.name] = coerced
    }
    return out
  }
}

function compileArray(element: Coerce): Coerce {
  return (value) => {
    if (!Array.isArray(value)) return undefined
    return value.map((item: unknown) => element(item) ?? null)
  }
}

function toStringValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'object':
      return value === null ? undefined : safeStringify(value)
    default:
      return undefined
  }
}

function toBigintValue(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    const whole = Math.trunc(value)
    return Number.isSafeInteger(whole) ? whole : int64Text(BigInt(whole))
  }
  if (typeof value === 'bigint') return int64Text(value)
  if (typeof value === 'string' && /^\s*[-+]?\d{1,20}\s*$/.test(value)) {
    return int64Text(BigInt(value.trim()))
  }
  return undefined
}

// Integers beyond 2^53 travel as strings so JSON does not round them; DuckDB casts them.
function int64Text(value: bigint): string | undefined {
  return value >= int64Min && value <= int64Max ? value.toString() : undefined
}

function toDoubleValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? parsed : undefined
  }
  return undefined
}

function toBooleanValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    return undefined
  }
  if (value === 1 || value === 0) return value === 1
  return undefined
}

// A JSON column holds any JSON value as is; null stays SQL NULL.
function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'function' || typeof value === 'symbol') return undefined
  return value
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, bigintReplacer)
  } catch {
    return undefined
  }
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

function encodeRow(row: Record<string, unknown> | undefined): string {
  if (row === undefined) return '{}'
  let line: string
  try {
    line = JSON.stringify(row)
  } catch {
    // A bigint or a cycle deep in a JSON column: keep every column that does serialize.
    const kept = Object.create(null) as Record<string, unknown>
    for (const [key, value] of Object.entries(row)) {
      const text = safeStringify(value)
      if (text !== undefined) kept[key] = JSON.parse(text)
    }
    line = JSON.stringify(kept)
  }
  return line.includes('\\ud') ? replaceLoneSurrogates(line) : line
}

/**
 * JSON.stringify writes lone UTF-16 surrogates as `\udXXX` escapes (paired ones stay raw), and
 * DuckDB rejects the whole file on them: replace each with U+FFFD. An odd run of backslashes
 * before the `u` marks a real escape, not an escaped backslash followed by text.
 */
function replaceLoneSurrogates(line: string): string {
  return line.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, '$1\\ufffd')
}
