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

/** The search over the files the Bloom filters leave: one query per table that may match. */
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
  const found: { logType: string; count: number; rows: Record<string, unknown>[] }[] = []
  for (const candidates of files.values()) {
    const available = new Set(
      await indicatorColumns(
        reader,
        candidates.map((c) => c.path),
      ),
    )
    const conditions = indicators.flatMap((i) => condition(i, available))
    if (conditions.length === 0) continue
    const source = candidateSource(candidates)
    const where = `p_event_time >= ${sqlString(formatEventTime(cutoff))} AND (${conditions.join(' OR ')})`
    if (limit === 0) {
      // Counts only: DuckDB reads the filter columns alone, not every column of the matches.
      const counted = await reader.query(
        `SELECT p_log_type, count(*) AS n FROM ${source} WHERE ${where} GROUP BY p_log_type`,
      )
      for (const r of counted) {
        found.push({ logType: String(r.p_log_type), count: Number(r.n), rows: [] })
      }
      continue
    }
    // The count over every match rides on the newest rows: one pass over the few files left.
    const rows = await reader.query(
      `SELECT *, count(*) OVER () AS ${countColumn} FROM ${source} WHERE ${where} ` +
        `ORDER BY p_event_time DESC LIMIT ${String(limit)}`,
    )
    const first = rows[0]
    if (first === undefined) continue
    found.push({
      logType: String(first.p_log_type),
      count: Number(first[countColumn]),
      rows: rows.map(({ [countColumn]: _count, ...row }) => row),
    })
  }
  found.sort((a, b) => b.count - a.count || a.logType.localeCompare(b.logType))
  return {
    indicators,
    counts: found.map(({ logType, count }) => ({ logType, count })),
    events: found.flatMap((f) => f.rows).slice(0, limit),
  }
}

const countColumn = '__caracal_match_count'

function eventLimit(options: IndicatorSearchOptions): number {
  return Math.max(0, Math.min(options.limit ?? 100, 10_000))
}
// Past this many files read in part, one branch per file costs more to plan than it saves.
const maxRangedFiles = 256

/**
 * The rows to search: files read whole in one scan, and each file with candidate row groups
 * in a branch of its own restricted to their `p_event_time` ranges, which DuckDB turns into row
 * group skips. The ranges of a file never overlap, so no row is read twice.
 */
function candidateSource(candidates: readonly CandidateFile[]): string {
  const ranged = candidates.filter((c) => c.ranges !== 'all')
  const wholeFiles =
    ranged.length > maxRangedFiles ? candidates : candidates.filter((c) => c.ranges === 'all')
  const partFiles = ranged.length > maxRangedFiles ? [] : ranged
  const scan = (paths: readonly string[]) =>
    `read_parquet([${paths.map(sqlString).join(', ')}], hive_partitioning=true, ` +
    `union_by_name=true, hive_types={'year': INTEGER, 'month': INTEGER, 'day': INTEGER, ` +
    `'hour': INTEGER})`
  const branches = partFiles.map(({ path, ranges }) => {
    const within = (ranges === 'all' ? [] : ranges)
      .map(([min, max]) => `p_event_time BETWEEN ${timestamp(min)} AND ${timestamp(max)}`)
      .join(' OR ')
    return `SELECT * FROM ${scan([path])} WHERE ${within}`
  })
  if (wholeFiles.length > 0) branches.push(`SELECT * FROM ${scan(wholeFiles.map((c) => c.path))}`)
  return `(${branches.join(' UNION ALL BY NAME ')})`
}

function timestamp(lakeForm: string): string {
  return `TIMESTAMP ${sqlString(lakeForm)}`
}

/** The `p_any_*` columns of the files; files never change once written, so each is read once. */
async function indicatorColumns(reader: LakeReader, paths: readonly string[]): Promise<string[]> {
  const unknown = paths.filter((p) => !columnsByFile.has(p))
  if (unknown.length > 0) {
    const rows = await reader.query(
      `SELECT file_name, name FROM parquet_schema([${unknown.map(sqlString).join(', ')}]) ` +
        "WHERE starts_with(name, 'p_any_')",
    )
    if (columnsByFile.size + unknown.length > maxCachedFiles) columnsByFile.clear()
    for (const p of unknown) columnsByFile.set(p, [])
    for (const r of rows) columnsByFile.get(String(r.file_name))?.push(String(r.name))
  }
  return [...new Set(paths.flatMap((p) => columnsByFile.get(p) ?? []))]
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
