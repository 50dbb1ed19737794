import { formatEventTime } from '../core/index.js'
import type { LakeReader } from './lake-reader.js'
import { condition, type Indicator } from './indicator-kinds.js'
import type { CandidateFile } from './indicator-pruning.js'
import { sqlString } from './lake-layout.js'

/** A matching row: its file, row number in the file and `p_event_time` (lake form). */
export interface Hit {
  file: string
  row: number
  time: string
}

/** What one table's scan found: its log type, its count of matches and the newest of them. */
export interface Located {
  logType: string
  count: number
  /** The newest matches, newest first, `limit` at most. */
  hits: Hit[]
}

/**
 * Counts one table's matches and finds the newest `limit` of them, in one scan of the candidate
 * files restricted to the `p_event_time` ranges of their candidate row groups, which DuckDB turns
 * into row group skips in every file (a filter naming files and row numbers measured no skips
 * at all). A range may cover row groups of another file of the same hour: reading them costs
 * time, never correctness, as every row read is checked against the values.
 */
export async function locate(
  reader: LakeReader,
  table: string,
  indicators: readonly Indicator[],
  candidates: readonly CandidateFile[],
  cutoff: Date,
  limit: number,
): Promise<Located | undefined> {
  const from = timestamp(formatEventTime(cutoff))
  const ranged = candidates.filter((c) => c.ranges !== 'all')
  const tooMany = ranged.reduce((n, c) => n + c.ranges.length, 0) > maxRanges
  const parts = tooMany ? [] : ranged
  const wholes = tooMany ? candidates : candidates.filter((c) => c.ranges === 'all')
  // The ranges start no earlier than the cutoff instead of a filter of their own on
  // p_event_time, which costs DuckDB its row group skips (measured 8 ms → 13 ms).
  const within = parts
    .flatMap((c) => (c.ranges === 'all' ? [] : c.ranges))
    .map(
      ([min, max]) =>
        `p_event_time BETWEEN greatest(${timestamp(min)}, ${from}) AND ${timestamp(max)}`,
    )
  const scans = [
    matchScan(
      table,
      indicators,
      parts.map((c) => c.path),
      `(${within.join(' OR ')})`,
      limit > 0,
    ),
    matchScan(
      table,
      indicators,
      wholes.map((c) => c.path),
      `p_event_time >= ${from}`,
      limit > 0,
    ),
  ].filter((scan) => scan !== undefined)
  if (scans.length === 0) return undefined
  const matches = `(${scans.join(' UNION ALL ')})`
  // One aggregate gives the count and the newest hits (a window over the matches costs more).
  const newest =
    limit === 0
      ? ''
      : `, max_by({'f': f, 'r': r, 't': strftime(t, '%Y-%m-%d %H:%M:%S.%f')}, ` +
        `{'t': t, 'f': f, 'r': r}, ${String(limit)}) AS hits`
  const [found] = await reader.query(
    `SELECT any_value(p_log_type) AS p_log_type, count(*) AS n${newest} FROM ${matches}`,
  )
  const count = Number(found?.n ?? 0)
  if (count === 0) return undefined
  const hits = Array.isArray(found?.hits) ? (found.hits as Record<string, unknown>[]) : []
  return {
    logType: String(found?.p_log_type),
    count,
    // Newest first (the times share one format, so their text sorts as they do).
    hits: hits
      .map((h) => ({ file: String(h.f), row: Number(h.r), time: String(h.t) }))
      .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)),
  }
}

/**
 * The matches in some files, read where `filter` says, with where they are when `located`;
 * undefined when there is nothing to read.
 */
function matchScan(
  table: string,
  indicators: readonly Indicator[],
  paths: readonly string[],
  filter: string,
  located: boolean,
): string | undefined {
  const available = new Set(paths.flatMap((p) => columnsByFile.get(p) ?? []))
  const conditions = indicators.flatMap((i) => condition(i, available))
  if (paths.length === 0 || conditions.length === 0) return undefined
  // Every log type's files have p_log_type; other tables are named after their folder.
  const logType = paths.every((p) => columnsByFile.get(p)?.includes('p_log_type') === true)
    ? 'p_log_type'
    : sqlString(table)
  const where = `(${conditions.join(' OR ')})`
  const list = `[${paths.map(sqlString).join(', ')}]`
  const found = located ? ', filename AS f, file_row_number AS r, p_event_time AS t' : ''
  return (
    `SELECT ${logType} AS p_log_type${found} ` +
    `FROM read_parquet(${list}, filename=true, file_row_number=true, union_by_name=true) ` +
    `WHERE ${filter} AND ${where}`
  )
}

/**
 * Whole rows of the hits, in their order: per file, the rows by number, within their time span
 * so that DuckDB reads only the row groups that may hold them. Decoding a row group's ~100
 * columns costs DuckDB about 15 ms whatever the rows wanted, so the files are read side by side.
 */
export async function fetchRows(
  reader: LakeReader,
  hits: readonly Hit[],
): Promise<Record<string, unknown>[]> {
  if (hits.length === 0) return []
  const byFile = new Map<string, Hit[]>()
  for (const hit of hits) {
    const list = byFile.get(hit.file)
    if (list === undefined) byFile.set(hit.file, [hit])
    else list.push(hit)
  }
  const branches = [...byFile].map(([file, fileHits]) => {
    // The hits' times share one format, so their text sorts as they do.
    const times = fileHits.map((h) => h.time).sort()
    const rows = fileHits.map((h) => String(h.row)).join(', ')
    return (
      `SELECT * EXCLUDE (file_row_number), ${sqlString(file)} AS ${fileColumn}, ` +
      `file_row_number AS ${rowColumn} FROM ${scan(file)} ` +
      `WHERE p_event_time BETWEEN ${timestamp(times[0] ?? '')} AND ${timestamp(times.at(-1) ?? '')} ` +
      `AND file_row_number IN (${rows})`
    )
  })
  const rows = (await reader.queryAll(branches)).flat()
  const byKey = new Map<string, Record<string, unknown>>(
    rows.map(({ [fileColumn]: file, [rowColumn]: row, ...rest }) => [
      `${String(file)}\n${String(row)}`,
      rest,
    ]),
  )
  return hits.flatMap((h) => {
    const row = byKey.get(`${h.file}\n${String(h.row)}`)
    return row === undefined ? [] : [row]
  })
}

const fileColumn = '__caracal_file'
const rowColumn = '__caracal_row'
// Past this many row group ranges, one filter of them all costs more to evaluate than it saves.
const maxRanges = 1024

/** One lake file as a table, with its hour folder's columns as the views give them. */
function scan(path: string): string {
  return (
    `read_parquet([${sqlString(path)}], hive_partitioning=true, file_row_number=true, ` +
    `hive_types={'year': INTEGER, 'month': INTEGER, 'day': INTEGER, 'hour': INTEGER})`
  )
}

function timestamp(lakeForm: string): string {
  return `TIMESTAMP ${sqlString(lakeForm)}`
}

/**
 * Learns the `p_any_*` columns of the files, and `p_log_type` when they have it
 * (`columnsByFile`); files never change once written, so each is read once.
 */
export async function learnColumns(reader: LakeReader, paths: readonly string[]): Promise<void> {
  const unknown = paths.filter((p) => !columnsByFile.has(p))
  if (columnsByFile.size + unknown.length > maxCachedFiles) columnsByFile.clear()
  // One row per file, a thousand files a query: far below the reader's row limit.
  for (let at = 0; at < unknown.length; at += 1000) {
    const batch = unknown.slice(at, at + 1000)
    const rows = await reader.query(
      `SELECT file_name, list(name) AS names FROM parquet_schema([${batch.map(sqlString).join(', ')}]) ` +
        "WHERE starts_with(name, 'p_any_') OR name = 'p_log_type' GROUP BY file_name",
    )
    for (const p of batch) columnsByFile.set(p, [])
    for (const r of rows) {
      columnsByFile.set(String(r.file_name), Array.isArray(r.names) ? r.names.map(String) : [])
    }
  }
}

const columnsByFile = new Map<string, string[]>()
const maxCachedFiles = 100_000
