import { resolve } from 'node:path'
import { AppError, type LakeDatabase } from '../core/index.js'

/** Panther's SQL schema name for each lake database folder: what users write in queries. */
export const schemaNames: Readonly<Record<LakeDatabase, string>> = {
  logs: 'panther_logs',
  rules: 'panther_rule_matches',
  rule_errors: 'panther_rule_errors',
  classification_failures: 'panther_classification_failures',
}

/** Every lake database, in a stable order. */
export const lakeDatabases = Object.keys(schemaNames) as LakeDatabase[]

/** Folder under the root for files being written; never part of a table. */
export const tmpDirName = '.tmp'

// Table and database names become folder names and SQL identifiers: keep them boring.
const safeName = /^[A-Za-z0-9_]+$/

/** Whether a name may be used as a table folder and a view name. */
export function isSafeName(name: string): boolean {
  return safeName.test(name)
}

/**
 * Resolves the lake root. DuckDB reads file paths as glob patterns and we embed them in SQL
 * string literals, so glob characters in the root would silently change what is read.
 */
export function resolveLakeRoot(root: string): string {
  const absolute = resolve(root)
  if (/[*?[\]{}]/.test(absolute)) {
    throw new AppError('CONFIG_INVALID', `The lake root must not contain glob characters: ${root}`)
  }
  return absolute
}

/**
 * The hive folders of an hour, from a normalized timestamp (`YYYY-MM-DD HH:...`).
 * Partition values are always UTC.
 */
export function partitionPath(hourKey: string): string {
  const year = hourKey.slice(0, 4)
  const month = hourKey.slice(5, 7)
  const day = hourKey.slice(8, 10)
  const hour = hourKey.slice(11, 13)
  return `year=${year}/month=${month}/day=${day}/hour=${hour}`
}

/** `YYYYMMDDTHHMMSS` of the flush time: file names sort by write time within a partition. */
export function fileTimestamp(date: Date): string {
  const iso = date.toISOString()
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

/** A SQL quoted identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Rows per Parquet row group. Files are ordered by `p_event_time`, so a row group covers a
 * narrow time range that DuckDB can skip by its statistics; an indicator search then reads one
 * row group rather than a whole file. Smaller groups compress worse and scan slower: 16k rows
 * cost about 3% in size against DuckDB's default of 122,880.
 */
export const rowGroupRows = 16_384

/**
 * The `COPY … TO` options of every lake file. Format version 2 stores strings with
 * DELTA_LENGTH_BYTE_ARRAY, about 6% smaller on CloudTrail than version 1's length prefixes.
 * `zstdLevel` is ZSTD's (1–22, DuckDB's default 3): reading costs the same at any level, writing
 * grows slower with it, so fresh files use the default and sealed hours a higher one.
 */
export function parquetCopyOptions(zstdLevel?: number): string {
  const level = zstdLevel === undefined ? '' : `, COMPRESSION_LEVEL ${String(zstdLevel)}`
  return `FORMAT parquet, COMPRESSION zstd${level}, PARQUET_VERSION V2, ROW_GROUP_SIZE ${String(rowGroupRows)}`
}
