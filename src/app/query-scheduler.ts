import { Cron } from 'croner'
import type { Kysely } from 'kysely'
import type { ScheduledQueryView, ScheduledRun } from '../contract/index.js'
import { AppError } from '../core/index.js'
import type { Database } from '../platform/store/index.js'
import type { ScheduledQuerySpec } from './scheduled-content.js'
import { runScheduledQuery, type ScheduledRunContext } from './scheduled-run.js'

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

/** What {@link createQueryScheduler} needs: what each run needs, and the queries. */
export interface QuerySchedulerOptions extends ScheduledRunContext {
  queries: readonly ScheduledQuerySpec[]
  /** Clock; plans the first runs and ends manual runs' lookback windows. Default: system clock. */
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

  const execute = (
    entry: Entry,
    trigger: ScheduledRun['trigger'],
    scheduledAt: Date,
  ): Promise<ScheduledRun> => {
    entry.running ??= runScheduledQuery(options, entry.spec, trigger, scheduledAt, now).finally(
      () => {
        entry.running = undefined
      },
    )
    return entry.running
  }

  const runDue = async (at: Date): Promise<ScheduledRun[]> => {
    const started: Promise<ScheduledRun>[] = []
    for (const entry of entries.values()) {
      if (!entry.spec.enabled || entry.nextAt === undefined || entry.nextAt > at) continue
      // Missed times (the server was down) collapse into this one run.
      entry.nextAt = nextTime(entry, at)
      // A lookback window ends at `at`, not at a missed slot: rows since then are not skipped.
      if (entry.running === undefined) started.push(execute(entry, 'schedule', at))
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
      return execute(entry, 'manual', now())
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
