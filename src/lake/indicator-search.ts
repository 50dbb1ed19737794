import { AppError, indicatorFields } from '../core/index.js'
import type { LakeReader } from './lake-reader.js'
import { classifyIndicator, condition, type Indicator } from './indicator-kinds.js'
import { candidateFiles, type CandidateFile } from './indicator-pruning.js'
import { fetchRows, learnColumns, locate, type Located } from './indicator-rows.js'
import { sqlIdent, sqlString } from './lake-layout.js'

export { classifyIndicator, type Indicator } from './indicator-kinds.js'

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
   * The lake root: when given, only files whose index holds a value are read (CIDR
   * ranges cannot use the filters and read every file of the time range).
   */
  lakeRoot?: string
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
 * The search over the files whose indexes hold a value. Each table's count comes from the
 * indexes where they tell it exactly; DuckDB reads the other files, and the files of the newest
 * `limit` matches: first their indicator columns within the chunks that hold a value (which
 * locates the matches), then whole rows for those matches alone.
 */
async function searchPruned(
  reader: LakeReader,
  indicators: Indicator[],
  options: IndicatorSearchOptions,
  root: string,
): Promise<IndicatorSearchResult> {
  const since = options.since ?? '7 days'
  const cutoff = sinceCutoff(since) ?? (await sqlCutoff(reader, since))
  const lookups = indicators.map((i) => ({
    column: indicatorFields[i.kind === 'cidr' ? 'ip' : i.kind],
    value: i.value,
  }))
  const files = await candidateFiles(root, lookups, cutoff)
  const limit = eventLimit(options)
  const located: Located[] = []
  for (const [table, candidates] of files) {
    const found = await searchTable(reader, table, indicators, candidates, cutoff, limit)
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

/**
 * One table's count and newest `limit` matches. Files the indexes count exactly are read only
 * when they hold one of the newest matches: the newest such files until their counts reach the
 * limit, and any file whose times overlap those.
 */
async function searchTable(
  reader: LakeReader,
  table: string,
  indicators: readonly Indicator[],
  candidates: readonly CandidateFile[],
  cutoff: Date,
  limit: number,
): Promise<Located | undefined> {
  const exact = candidates.filter((c) => c.count !== undefined)
  const counted = total(exact)
  const newest = limit === 0 ? [] : newestReaching(exact, limit)
  const read = [...candidates.filter((c) => c.count === undefined), ...newest]
  const logType = exact.find((c) => c.logType !== undefined)?.logType ?? table
  if (read.length === 0) return counted === 0 ? undefined : { logType, count: counted, hits: [] }
  await learnColumns(
    reader,
    read.map((c) => c.path),
  )
  const found = await locate(reader, table, indicators, read, cutoff, limit)
  // The files read again for their rows were counted already.
  const count = counted + (found?.count ?? 0) - total(newest)
  if (count === 0) return undefined
  return { logType: found?.logType ?? logType, count, hits: found?.hits ?? [] }
}

function total(files: readonly CandidateFile[]): number {
  return files.reduce((n, f) => n + (f.count ?? 0), 0)
}

/**
 * The files that hold the newest `limit` matches among exactly counted ones: the newest until
 * their counts reach the limit, then every file whose times reach into theirs.
 */
function newestReaching(files: readonly CandidateFile[], limit: number): CandidateFile[] {
  const byEnd = [...files].sort((a, b) => ((a.time?.[1] ?? '') < (b.time?.[1] ?? '') ? 1 : -1))
  let sum = 0
  let oldest: string | undefined
  for (const file of byEnd) {
    if (sum >= limit) break
    sum += file.count ?? 0
    const start = file.time?.[0] ?? ''
    if (oldest === undefined || start < oldest) oldest = start
  }
  if (sum < limit || oldest === undefined) return byEnd
  const from = oldest
  return byEnd.filter((f) => (f.time?.[1] ?? '') >= from)
}

function eventLimit(options: IndicatorSearchOptions): number {
  return Math.max(0, Math.min(options.limit ?? 100, 10_000))
}

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
