import type { Column, ColumnType, EventRecord, LakeTable } from '../core/index.js'
import { sqlIdent, sqlString } from './lake-layout.js'
import { normalizeTimestamp } from './lake-timestamps.js'

/**
 * How one table's rows become NDJSON lines that DuckDB reads without error: each value is coerced
 * to its declared column type (or dropped to null). The column tree is compiled once into closures
 * that write JSON text directly, without building an intermediate object per row.
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

/** Writes a value as the JSON text of its column type; undefined means null (key left out). */
type Encode = (value: unknown) => string | undefined

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
  const encodeObject = compileObject(columns)
  return {
    readJsonColumns,
    selectList,
    duplicates,
    encode: (row) => {
      const line = encodeObject(row) ?? '{}'
      return line.includes('\\ud') ? replaceLoneSurrogates(line) : line
    },
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

function compile(type: ColumnType): Encode {
  switch (type.kind) {
    case 'string':
      return encodeString
    case 'bigint':
      return encodeBigint
    case 'double':
      return encodeDouble
    case 'boolean':
      return encodeBoolean
    case 'timestamp':
      return encodeTimestamp
    case 'json':
      return encodeJson
    case 'object': {
      const fields = uniqueColumns(type.fields, '', [])
      return fields.length === 0 ? encodeJson : compileObject(fields)
    }
    case 'array':
      return compileArray(compile(type.element))
  }
}

function compileObject(columns: readonly Column[]): Encode {
  const fields = uniqueColumns(columns, '', []).map((c) => ({
    name: c.name,
    key: `${JSON.stringify(c.name)}:`,
    encode: compile(c.type),
    // Names like `constructor` would otherwise read Object.prototype members.
    inherited: c.name in Object.prototype,
  }))
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const source = value as Record<string, unknown>
    let text = ''
    for (const field of fields) {
      if (field.inherited && !Object.hasOwn(source, field.name)) continue
      const encoded = field.encode(source[field.name])
      if (encoded === undefined) continue
      text += text === '' ? `{${field.key}${encoded}` : `,${field.key}${encoded}`
    }
    return text === '' ? '{}' : `${text}}`
  }
}

function compileArray(element: Encode): Encode {
  return (value) => {
    if (!Array.isArray(value)) return undefined
    return `[${value.map((item: unknown) => element(item) ?? 'null').join(',')}]`
  }
}

function encodeString(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? `"${String(value)}"` : undefined
    case 'boolean':
    case 'bigint':
      return `"${String(value)}"`
    case 'object': {
      if (value === null) return undefined
      const text = safeStringify(value)
      return text === undefined ? undefined : JSON.stringify(text)
    }
    default:
      return undefined
  }
}

function encodeBigint(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    const whole = Math.trunc(value)
    return Number.isSafeInteger(whole) ? String(whole) : int64Text(BigInt(whole))
  }
  if (typeof value === 'bigint') return int64Text(value)
  if (typeof value === 'string' && /^\s*[-+]?\d{1,20}\s*$/.test(value)) {
    return int64Text(BigInt(value.trim()))
  }
  return undefined
}

// Integers beyond 2^53 travel as JSON strings so nothing rounds them; DuckDB casts them.
function int64Text(value: bigint): string | undefined {
  return value >= int64Min && value <= int64Max ? `"${value.toString()}"` : undefined
}

function encodeDouble(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === 'bigint') return String(Number(value))
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value)
    return Number.isFinite(parsed) ? String(parsed) : undefined
  }
  return undefined
}

function encodeBoolean(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase()
    return lower === 'true' || lower === 'false' ? lower : undefined
  }
  if (value === 1 || value === 0) return value === 1 ? 'true' : 'false'
  return undefined
}

function encodeTimestamp(value: unknown): string | undefined {
  const normalized = normalizeTimestamp(value)
  // Digits, dashes, colons, a dot and a space: nothing to escape.
  return normalized === undefined ? undefined : `"${normalized}"`
}

// A JSON column holds any JSON value as is; JSON null stays SQL NULL.
function encodeJson(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  const text = safeStringify(value)
  return text === 'null' ? undefined : text
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value)
  } catch {
    // A bigint somewhere inside (a cycle still fails: the value is dropped).
    try {
      return JSON.stringify(value, bigintReplacer)
    } catch {
      return undefined
    }
  }
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * JSON.stringify writes lone UTF-16 surrogates as `\udXXX` escapes (paired ones stay raw), and
 * DuckDB rejects the whole file on them: replace each with U+FFFD. An odd run of backslashes
 * before the `u` marks a real escape, not an escaped backslash followed by text.
 */
function replaceLoneSurrogates(line: string): string {
  return line.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, '$1\\ufffd')
}
