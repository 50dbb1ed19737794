import { isIP } from 'node:net'
import { AppError, formatEventTime, indicatorFields, type IndicatorKind } from '../core/index.js'
import type { LakeReader } from './lake-reader.js'
import { candidateFiles, type CandidateFile } from './indicator-pruning.js'
import { sqlIdent, sqlString } from './lake-layout.js'

/** A value to search for, with the kind Caracal recognized (or was told with `kind:value`). */
export interface Indicator {
  value: string
  kind: IndicatorKind | 'cidr'
}

/** What an indicator search found: counts per log type, and the newest matching events. */
export interface IndicatorSearchResult {
  indicators: Indicator[]
  counts: { logType: string; count: number }[]
  events: Record<string, unknown>[]
}

/** Options of a search. */
export interface IndicatorSearchOptions {
  /** How far back, as a duration such as `7d` or `24 hours` (default 7 days). */
  since?: string
  /** Events returned at most, across log types (default 100); 0 returns only the counts. */
  limit?: number
  /**
   * The lake root: when given, only files whose Bloom filter may hold a value are read (CIDR
   * ranges cannot use the filters and read every file of the time range).
   */
  lakeRoot?: string
}

const patterns: [IndicatorKind, RegExp][] = [
  ['md5', /^[a-f0-9]{32}$/i],
  ['sha1', /^[a-f0-9]{40}$/i],
  ['sha256', /^[a-f0-9]{64}$/i],
  ['aws_arn', /^arn:aws[a-z-]*:/],
  ['aws_account_id', /^\d{12}$/],
  ['aws_instance_id', /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/],
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/],
  ['domain', /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i],
]

/** Recognizes the kind of a value: IP, CIDR, hash, ARN, account id, email, domain, else username. */
export function classifyIndicator(input: string): Indicator {
  const text = input.trim()
  const explicit = /^([a-z0-9_]+):(.+)$/i.exec(text)
  if (explicit?.[1] !== undefined && explicit[2] !== undefined && explicit[1] in indicatorFields) {
    return { kind: explicit[1] as IndicatorKind, value: explicit[2] }
  }
  if (isIP(text) !== 0) return { kind: 'ip', value: text }
  if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return { kind: 'cidr', value: text }
  for (const [kind, pattern] of patterns) {
    if (pattern.test(text)) return { kind, value: kind === 'domain' ? text.toLowerCase() : text }
  }
  return { kind: 'username', value: text }
}

/**
 * Searches the `p_any_*` indicator columns of every log type at once (through
 * `panther_views.all_logs`), then reads the newest matching events from each log type's table.
 */
export async function searchIndicators(
  reader: LakeReader,
  values: readonly string[],
  options: IndicatorSearchOptions = {},
): Promise<IndicatorSearchResult> {
  if (values.length === 0)
    throw new AppError('VALIDATION_FAILED', 'Give at least one value to search for')
  const indicators = values.map(classifyIndicator)
  if (options.lakeRoot !== undefined && indicators.every((i) => i.kind !== 'cidr')) {
    return searchPruned(reader, indicators, options, options.lakeRoot)
  }
  const available = await allLogsColumns(reader)
  const conditions = indicators.flatMap((i) => condition(i, available))
  if (conditions.length === 0) return { indicators, counts: [], events: [] }
  const since = options.since ?? '7 days'
  const where = `p_occurs_since(${sqlString(since)}) AND (${conditions.join(' OR ')})`
  const counted = await reader.query(
    `SELECT p_log_type, count(*) AS n FROM panther_views.all_logs WHERE ${where} ` +
      'GROUP BY p_log_type ORDER BY n DESC, p_log_type',
  )
  const counts = counted.map((r) => ({ logType: String(r.p_log_type), count: Number(r.n) }))
  const limit = eventLimit(options)
  const events: Record<string, unknown>[] = []
  for (const { logType } of counts) {
    if (events.length >= limit) break
    const table = `panther_logs.${sqlIdent(logType.toLowerCase().replaceAll('.', '_'))}`
    const rows = await reader.query(
      `SELECT * FROM ${table} WHERE ${where} ORDER BY p_event_time DESC LIMIT ${limit - events.length}`,
    )
    events.push(...rows)
  }
  return { indicators, counts, events }
}

/**
 * The search over the files the Bloom filters leave, in two steps: locate the matches reading
 * only the indicator columns of the candidate row groups (which gives the counts), then read
 * whole rows for the newest `limit` matches alone, each by its file, row number and time.
 */
async function searchPruned(
  reader: LakeReader,
  indicators: Indicator[],
  options: IndicatorSearchOptions,
  root: string,
): Promise<IndicatorSearchResult> {
  const since = options.since ?? '7 days'
  const cutoff = sinceCutoff(since) ?? (await sqlCutoff(reader, since))
  const files = await candidateFiles(
    root,
    indicators.map((i) => i.value),
    cutoff,
  )
  const limit = eventLimit(options)
  const located: Located[] = []
  for (const [table, candidates] of files) {
    await learnColumns(
      reader,
      candidates.map((c) => c.path),
    )
    const found = await locate(reader, table, indicators, candidates, cutoff, limit)
    if (found !== undefined) located.push(found)
  }
  located.sort((a, b) => b.count - a.count || a.logType.localeCompare(b.logType))
  const wanted = located.flatMap((l) => l.hits).slice(0, limit)
  return {
    indicators,
    counts: located.map(({ logType, count }) => ({ logType, count })),
    events: await fetchRows(reader, wanted),
  }
}

/** A matching row: its file, row number in the file and `p_event_time` (lake form). */
interface Hit {
  file: string
  row: number
  time: string
}

interface Located {
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
async function locate(
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
async function fetchRows(
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

function eventLimit(options: IndicatorSearchOptions): number {
  return Math.max(0, Math.min(options.limit ?? 100, 10_000))
}
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
async function learnColumns(reader: LakeReader, paths: readonly string[]): Promise<void> {
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

const units: Record<string, number> = {
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
}

/** `7d`, `24 hours`, `2 weeks` … as the cutoff from now; undefined for what DuckDB must read. */
function sinceCutoff(since: string): Date | undefined {
  const match = /^\s*(\d+)\s*([a-z]+?)s?\s*$/i.exec(since)
  const unit = match?.[2] === undefined ? undefined : units[match[2].toLowerCase()]
  if (match?.[1] === undefined || unit === undefined) return undefined
  return new Date(Date.now() - Number(match[1]) * unit)
}

async function sqlCutoff(reader: LakeReader, since: string): Promise<Date> {
  const rows = await reader.query(
    `SELECT strftime(now() - ${sqlString(since)}::INTERVAL, '%Y-%m-%dT%H:%M:%SZ') AS t`,
  )
  return new Date(String(rows[0]?.t))
}

async function allLogsColumns(reader: LakeReader): Promise<Set<string>> {
  const rows = await reader.query(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'panther_views' " +
      "AND table_name = 'all_logs'",
  )
  return new Set(rows.map((r) => String(r.column_name)))
}

/** The SQL condition for one indicator, or none when no table has its column yet. */
function condition(indicator: Indicator, available: ReadonlySet<string>): string[] {
  const column = indicatorFields[indicator.kind === 'cidr' ? 'ip' : indicator.kind]
  if (!available.has(column)) return []
  if (indicator.kind !== 'cidr') return [`list_contains(${column}, ${sqlString(indicator.value)})`]
  const [low, high] = cidrRange(indicator.value)
  // IPv4 addresses as numbers, computed in SQL since no inet extension is loaded.
  const asNumber =
    "split_part(x, '.', 1)::BIGINT * 16777216 + split_part(x, '.', 2)::BIGINT * 65536 + " +
    "split_part(x, '.', 3)::BIGINT * 256 + split_part(x, '.', 4)::BIGINT"
  return [
    `len(list_filter(${column}, x -> regexp_full_match(x, '\\d+\\.\\d+\\.\\d+\\.\\d+') AND ` +
      `(${asNumber}) BETWEEN ${low} AND ${high})) > 0`,
  ]
}

function cidrRange(cidr: string): [number, number] {
  const [address = '', bits = ''] = cidr.split('/')
  const prefix = Number(bits)
  const octets = address.split('.').map(Number)
  if (prefix > 32 || octets.some((o) => o > 255)) {
    throw new AppError('VALIDATION_FAILED', `Not an IPv4 CIDR range: ${cidr}`)
  }
  const base = octets.reduce((n, o) => n * 256 + o, 0)
  const size = 2 ** (32 - prefix)
  const low = Math.floor(base / size) * size
  return [low, low + size - 1]
}
