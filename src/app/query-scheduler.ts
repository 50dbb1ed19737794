import { Cron } from 'croner'
import type { Kysely } from 'kysely'
import { ulid } from 'ulid'
import type { ScheduledQueryView, ScheduledRun } from '../contract/index.js'
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
import type { QueryService } from '../lake/index.js'
import type { Database } from '../platform/store/index.js'
import type { Pipeline } from './pipeline.js'
import type { ScheduledQuerySpec } from './scheduled-content.js'

/** Runs Panther scheduled queries on their schedules and feeds their rows to scheduled rules. */
export interface QueryScheduler {
  /** Every scheduled query with its rules, next run and last run. */
  list(): Promise<ScheduledQueryView[]>
  /** The newest runs of one query. */
  runs(name: string, limit: number): Promise<ScheduledRun[]>
  /** Runs one query now, whatever its schedule (even disabled); resolves with the finished run. */
  runNow(name: string): Promise<ScheduledRun>
  /**
   * Runs every enabled query whose time has come by `now`, then plans its next time; a query
   * still running is not started twice. The timer calls it; tests call it with their own clock.
   */
  runDue(now: Date): Promise<ScheduledRun[]>
  /** Starts the timer (on the real clock). */
  start(): void
  /** Stops the timer and waits for running queries. */
  stop(): Promise<void>
}

/** What {@link createQueryScheduler} needs. */
export interface QuerySchedulerOptions {
  queries: readonly ScheduledQuerySpec[]
  /** The sandboxed query service every lake query goes through. */
  queryService: QueryService
  /** The pipeline whose engine holds the scheduled rules (as rules of the query names). */
  pipeline: Pipeline
  /** Scheduled rule ids per query name. */
  rulesByQuery: ReadonlyMap<string, readonly string[]>
  db: Kysely<Database>
  logger: Logger
  metrics: Metrics
  /** Clock; plans the first runs. Default: the system clock. */
  now?: () => Date
}

interface Entry {
  spec: ScheduledQuerySpec
  cron: Cron | undefined
  nextAt: Date | undefined
  running: Promise<ScheduledRun> | undefined
}

// The timer wakes at least this often, so a changed system clock is noticed.
const maxSleepMs = 60_000

/** Builds the scheduler; call `start()` to run queries on their schedules. */
export function createQueryScheduler(options: QuerySchedulerOptions): QueryScheduler {
  const now = options.now ?? (() => new Date())
  const entries = new Map<string, Entry>()
  for (const spec of options.queries) {
    let cron: Cron | undefined
    try {
      cron =
        spec.cron === undefined
          ? undefined
          : new Cron(spec.cron, { paused: true, timezone: 'Etc/UTC' })
    } catch (err) {
      options.logger.error(
        { query: spec.name, cron: spec.cron, err },
        'A scheduled query has an invalid cron expression; it only runs on demand',
      )
    }
    const entry: Entry = { spec, cron, nextAt: undefined, running: undefined }
    entry.nextAt = nextTime(entry, now())
    entries.set(spec.name, entry)
  }
  let timer: NodeJS.Timeout | undefined
  let stopped = true

  const find = (name: string): Entry => {
    const entry = entries.get(name)
    if (entry === undefined) throw new AppError('NOT_FOUND', `No scheduled query ${name}`)
    return entry
  }

  const execute = (entry: Entry, trigger: ScheduledRun['trigger']): Promise<ScheduledRun> => {
    entry.running ??= runQuery(options, entry.spec, trigger, now).finally(() => {
      entry.running = undefined
    })
    return entry.running
  }

  const runDue = async (at: Date): Promise<ScheduledRun[]> => {
    const started: Promise<ScheduledRun>[] = []
    for (const entry of entries.values()) {
      if (!entry.spec.enabled || entry.nextAt === undefined || entry.nextAt > at) continue
      // Missed times (the server was down) collapse into this one run.
      entry.nextAt = nextTime(entry, at)
      if (entry.running === undefined) started.push(execute(entry, 'schedule'))
    }
    return Promise.all(started)
  }

  const tick = (): void => {
    if (stopped) return
    const at = new Date()
    void runDue(at).finally(() => {
      if (stopped) return
      const next = Math.min(
        ...[...entries.values()].map((e) => e.nextAt?.getTime() ?? Infinity),
        Date.now() + maxSleepMs,
      )
      timer = setTimeout(tick, Math.max(0, next - Date.now()))
      timer.unref()
    })
  }

  return {
    async list() {
      const views: ScheduledQueryView[] = []
      for (const { spec, nextAt } of entries.values()) {
        const [last] = await selectRuns(options.db, spec.name, 1)
        views.push({
          name: spec.name,
          description: spec.description,
          sql: spec.sql,
          enabled: spec.enabled,
          cron: spec.cron ?? null,
          rateMinutes: spec.rateMinutes ?? null,
          timeoutMinutes: spec.timeoutMinutes,
          rules: [...(options.rulesByQuery.get(spec.name) ?? [])],
          nextRunAt: spec.enabled ? (nextAt?.toISOString() ?? null) : null,
          lastRun: last ?? null,
        })
      }
      return views.sort((a, b) => a.name.localeCompare(b.name))
    },
    async runs(name, limit) {
      find(name)
      return selectRuns(options.db, name, limit)
    },
    async runNow(name) {
      const entry = find(name)
      // A run already going is the answer: the query is not run twice at once.
      return execute(entry, 'manual')
    },
    runDue,
    start() {
      if (!stopped) return
      stopped = false
      tick()
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await Promise.all(
        [...entries.values()].flatMap((e) => (e.running ? [e.running.catch(() => undefined)] : [])),
      )
    },
  }
}

/** The next time a query is due after `after`; undefined for a query without a valid schedule. */
function nextTime(entry: Entry, after: Date): Date | undefined {
  const { spec, cron } = entry
  if (spec.rateMinutes !== undefined) {
    const step = spec.rateMinutes * 60_000
    let next = (entry.nextAt?.getTime() ?? after.getTime()) + step
    while (next <= after.getTime()) next += step
    return new Date(next)
  }
  return cron?.nextRun(after) ?? undefined
}

/** One run: record it, query through the sandbox, feed the rows to the rules, record the outcome. */
async function runQuery(
  options: QuerySchedulerOptions,
  spec: ScheduledQuerySpec,
  trigger: ScheduledRun['trigger'],
  now: () => Date,
): Promise<ScheduledRun> {
  const { db, queryService, logger, metrics } = options
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
    const submitted = queryService.submit(spec.sql, { timeoutMs: spec.timeoutMinutes * 60_000 })
    const done = await queryService.settled(submitted.id)
    if (done.state !== 'succeeded') {
      throw new AppError(
        done.error?.code === 'QUERY_TIMEOUT' ? 'QUERY_TIMEOUT' : 'VALIDATION_FAILED',
        done.error?.message ?? `The query was ${done.state}`,
      )
    }
    const page = queryService.results(submitted.id, 0, done.rowCount ?? 0)
    if (page.truncated) {
      logger.warn({ query: spec.name, rows: page.total }, 'Scheduled query rows were cut off')
    }
    const events = page.rows.map((row, i) =>
      toEvent(row, spec.name, `${run.id}-${String(i)}`, started),
    )
    const outcome = await detect(options, spec.name, page.columns, events)
    Object.assign(run, { status: 'succeeded', rows: events.length, ...outcome })
    metrics.eventsOut('lake', `scheduled:${spec.name}`, events.length)
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

/** Runs the query's scheduled rules over its rows, as the pipeline runs streaming rules. */
async function detect(
  options: QuerySchedulerOptions,
  name: string,
  columns: readonly { name: string; type: string }[],
  events: EventRecord[],
): Promise<{ matches: number; alertsOpened: number }> {
  if (events.length === 0 || (options.rulesByQuery.get(name) ?? []).length === 0) {
    return { matches: 0, alertsOpened: 0 }
  }
  const { result, opened, writes } = await options.pipeline.detect(
    queryLogType(name, columns),
    events,
  )
  await Promise.all(writes)
  return { matches: result.matches.length, alertsOpened: opened.length }
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
function queryLogType(name: string, columns: readonly { name: string; type: string }[]): LogType {
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

async function selectRuns(
  db: Kysely<Database>,
  name: string,
  limit: number,
): Promise<ScheduledRun[]> {
  const rows = await db
    .selectFrom('scheduled_query_runs')
    .selectAll()
    .where('query_name', '=', name)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    queryName: r.query_name,
    trigger: r.trigger === 'manual' ? 'manual' : 'schedule',
    status: r.status === 'running' || r.status === 'succeeded' ? r.status : 'failed',
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    rows: r.rows,
    matches: r.matches,
    alertsOpened: r.alerts_opened,
    error: r.error,
  }))
}
