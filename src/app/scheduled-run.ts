import type { Kysely } from 'kysely'
import { ulid } from 'ulid'
import type { ScheduledRun } from '../contract/index.js'
import {
  AppError,
  describeError,
  formatEventTime,
  type Column,
  type EventRecord,
  type LogType,
  type Logger,
  type Metrics,
} from '../core/index.js'
import type { LakeReader, QueryService } from '../lake/index.js'
import { deadline } from '../platform/abort/index.js'
import type { Database } from '../platform/store/index.js'
import { withLookback } from './lookback-sql.js'
import type { Pipeline } from './pipeline.js'
import type { ScheduledQuerySpec } from './scheduled-content.js'

/** What one run of a scheduled query needs. */
export interface ScheduledRunContext {
  /** The sandboxed query service: a run's first (usually only) page of rows comes from it. */
  queryService: QueryService
  /** The lake reader behind it: streams every row of a result larger than one page. */
  reader: LakeReader
  /** The pipeline whose engine holds the scheduled rules (as rules of the query names). */
  pipeline: Pipeline
  /** Scheduled rule ids per query name. */
  rulesByQuery: ReadonlyMap<string, readonly string[]>
  db: Kysely<Database>
  logger: Logger
  metrics: Metrics
}

/** Rows handed to the rules at once when a result is streamed: bounds the memory of a run. */
const streamBatchRows = 5000

type ResultColumns = readonly { name: string; type: string }[]

/**
 * One run: record it, query through the sandbox, feed every row to the rules, record the outcome.
 * `scheduledAt` is the time the run stands for (its due time, or now for a manual run): the end
 * of the query's lookback window.
 */
export async function runScheduledQuery(
  context: ScheduledRunContext,
  spec: ScheduledQuerySpec,
  trigger: ScheduledRun['trigger'],
  scheduledAt: Date,
  now: () => Date,
): Promise<ScheduledRun> {
  const { db, logger, metrics } = context
  const started = now()
  const run: ScheduledRun = {
    id: ulid(),
    queryName: spec.name,
    trigger,
    status: 'running',
    startedAt: started.toISOString(),
    finishedAt: null,
    rows: null,
    matches: null,
    alertsOpened: null,
    error: null,
  }
  await db
    .insertInto('scheduled_query_runs')
    .values({
      id: run.id,
      query_name: run.queryName,
      trigger,
      status: run.status,
      started_at: run.startedAt,
      finished_at: null,
      rows: null,
      matches: null,
      alerts_opened: null,
      error: null,
    })
    .execute()
  metrics.eventsIn('lake', `scheduled:${spec.name}`, 1)
  try {
    const sql =
      spec.lookbackSeconds === undefined
        ? spec.sql
        : withLookback(
            spec.sql,
            new Date(scheduledAt.getTime() - spec.lookbackSeconds * 1000),
            scheduledAt,
          )
    const outcome = await queryAndDetect(context, spec, sql, run.id, started)
    Object.assign(run, { status: 'succeeded', ...outcome })
    metrics.eventsOut('lake', `scheduled:${spec.name}`, outcome.rows)
  } catch (err) {
    run.status = 'failed'
    run.error = describeError(err)
    metrics.errors(
      'lake',
      `scheduled:${spec.name}`,
      err instanceof AppError ? err.code : 'INTERNAL',
    )
    logger.warn({ query: spec.name, err }, 'A scheduled query run failed')
  }
  run.finishedAt = now().toISOString()
  await db
    .updateTable('scheduled_query_runs')
    .set({
      status: run.status,
      finished_at: run.finishedAt,
      rows: run.rows,
      matches: run.matches,
      alerts_opened: run.alertsOpened,
      error: run.error,
    })
    .where('id', '=', run.id)
    .execute()
  return run
}

interface Outcome {
  rows: number
  matches: number
  alertsOpened: number
}

/**
 * Runs the SQL through the query service (time limit, cancellation). A result over the reader's
 * row cap is then streamed again in full, batch by batch, so every row reaches the rules while
 * memory holds one batch.
 */
async function queryAndDetect(
  context: ScheduledRunContext,
  spec: ScheduledQuerySpec,
  sql: string,
  runId: string,
  started: Date,
): Promise<Outcome> {
  const { queryService } = context
  const timeoutMs = spec.timeoutMinutes * 60_000
  const submitted = queryService.submit(sql, { timeoutMs })
  const done = await queryService.settled(submitted.id)
  if (done.state !== 'succeeded') {
    throw new AppError(
      done.error?.code === 'QUERY_TIMEOUT' ? 'QUERY_TIMEOUT' : 'VALIDATION_FAILED',
      done.error?.message ?? `The query was ${done.state}`,
    )
  }
  const page = queryService.results(submitted.id, 0, done.rowCount ?? 0)
  // One log type per run: its lake tables are built once, whatever the number of batches.
  const logType = queryLogType(spec.name, page.columns)
  const toEvents = (rows: Record<string, unknown>[], first: number) =>
    rows.map((row, i) => toEvent(row, spec.name, `${runId}-${String(first + i)}`, started))
  if (!page.truncated) {
    const events = toEvents(page.rows, 0)
    const found = await detect(context, logType, events)
    await Promise.all(found.writes)
    return { rows: events.length, matches: found.matches, alertsOpened: found.alertsOpened }
  }
  const remainingMs = timeoutMs - (done.elapsedMs ?? 0)
  return streamAndDetect(context, spec, sql, logType, page.columns, toEvents, remainingMs)
}

/** Streams every row of the SQL to the rules in batches; the time limit covers the whole stream. */
async function streamAndDetect(
  context: ScheduledRunContext,
  spec: ScheduledQuerySpec,
  sql: string,
  logType: LogType,
  columns: ResultColumns,
  toEvents: (rows: Record<string, unknown>[], first: number) => EventRecord[],
  remainingMs: number,
): Promise<Outcome> {
  const limit = deadline(undefined, Math.max(1, remainingMs))
  const total: Outcome = { rows: 0, matches: 0, alertsOpened: 0 }
  const writes: Promise<void>[] = []
  let pending: Record<string, unknown>[] = []
  const flush = async () => {
    const events = toEvents(pending.map(timestampsAsText(columns)), total.rows)
    total.rows += pending.length
    pending = []
    const found = await detect(context, logType, events, limit.signal)
    total.matches += found.matches
    total.alertsOpened += found.alertsOpened
    writes.push(...found.writes)
  }
  try {
    // The reader wraps the SQL in a subquery: no trailing `;`, and a last `--` comment ends.
    await context.reader.scan(
      `${sql.trim().replace(/;+$/, '')}\n`,
      async (rows) => {
        pending.push(...rows)
        if (pending.length >= streamBatchRows) await flush()
      },
      limit.signal,
    )
    if (pending.length > 0) await flush()
  } catch (err) {
    // Matches already grouped into alerts still reach the lake before the run is failed.
    await Promise.allSettled(writes)
    if (limit.timedOut) {
      throw new AppError('QUERY_TIMEOUT', `The run went over ${String(spec.timeoutMinutes)} min`, {
        cause: err,
      })
    }
    throw err
  } finally {
    limit.dispose()
  }
  // Match rows reach the lake as the writer flushes; one wait for all keeps batches flowing.
  await Promise.all(writes)
  return total
}

/** Runs the query's scheduled rules over its rows, as the pipeline runs streaming rules. */
async function detect(
  context: ScheduledRunContext,
  logType: LogType,
  events: EventRecord[],
  signal?: AbortSignal,
): Promise<{ matches: number; alertsOpened: number; writes: Promise<void>[] }> {
  if (events.length === 0 || (context.rulesByQuery.get(logType.name) ?? []).length === 0) {
    return { matches: 0, alertsOpened: 0, writes: [] }
  }
  const { result, opened, writes } = await context.pipeline.detect(logType, events, { signal })
  return { matches: result.matches.length, alertsOpened: opened.length, writes }
}

/**
 * Streamed rows come as DuckDB's JSON, whose timestamps read `2026-01-02 03:04:05`; written like
 * the query service's (`…05.000`), a rule sees the same text whichever way its rows came.
 */
function timestampsAsText(columns: ResultColumns): (row: Record<string, unknown>) => typeof row {
  const names = columns.filter((c) => c.type.toUpperCase().startsWith('TIMESTAMP'))
  return (row) => {
    for (const { name } of names) {
      const value = row[name]
      if (typeof value !== 'string') continue
      const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')
      const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`)
      if (!Number.isNaN(ms)) row[name] = formatEventTime(new Date(ms))
    }
    return row
  }
}

/** A query row as an event of the log type named after the query (what Panther does). */
function toEvent(row: Record<string, unknown>, name: string, rowId: string, at: Date): EventRecord {
  return {
    ...row,
    p_log_type: name,
    p_row_id: rowId,
    p_event_time: row.p_event_time ?? formatEventTime(at),
    p_parse_time: formatEventTime(at),
  }
}

const pColumns: readonly Column[] = [
  { name: 'p_log_type', type: { kind: 'string' } },
  { name: 'p_row_id', type: { kind: 'string' } },
  { name: 'p_event_time', type: { kind: 'timestamp' } },
  { name: 'p_parse_time', type: { kind: 'timestamp' } },
]

/** A log type whose columns are the query's result columns: where rule matches are stored. */
function queryLogType(name: string, columns: ResultColumns): LogType {
  const own = columns
    .filter((c) => !pColumns.some((p) => p.name === c.name))
    .map((c) => ({ name: c.name, type: columnType(c.type) }))
  return {
    name,
    description: `Rows of the scheduled query ${name}`,
    columns: [...pColumns, ...own],
    parse: () => ({ events: [], failures: [] }),
  }
}

function columnType(duckdbType: string): Column['type'] {
  const type = duckdbType.toUpperCase()
  if (type === 'VARCHAR') return { kind: 'string' }
  if (type === 'BOOLEAN') return { kind: 'boolean' }
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/.test(type)) {
    return { kind: 'bigint' }
  }
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(type)) return { kind: 'double' }
  if (type.startsWith('TIMESTAMP')) return { kind: 'timestamp' }
  // Lists, structs and anything else keep their shape as JSON.
  return { kind: 'json' }
}
