import type { Kysely } from 'kysely'
import { monotonicFactory } from 'ulid'
import type {
  Alert,
  AlertActivity,
  AlertDelivery,
  AlertPage,
  ListAlertsQuery,
  UpdateAlerts,
} from '../contract/index.js'
import {
  AppError,
  formatEventTime,
  type DetectionMeta,
  type Logger,
  type Metrics,
  type RuleMatch,
} from '../core/index.js'
import type { Database } from '../platform/store/index.js'
import { groupMatches, type MatchGroup } from './alert-grouping.js'
import { getAlert, listAlerts } from './alert-query.js'
import { recordGroup, type RecordContext } from './alert-recorder.js'
import type { DestinationRoute } from './alert-router.js'
import {
  alertActivity,
  alertDeliveries,
  commentAlert,
  resendAlert,
  updateAlerts,
  type Actor,
} from './alert-triage.js'

/** What `createAlertService` needs. */
export interface AlertServiceOptions {
  db: Kysely<Database>
  logger: Logger
  metrics: Metrics
  /** Clock, injectable for tests; dedup windows run on processing time, as in Panther. */
  now?: () => Date
  /** Routing defaults of the destinations; a Map is read live, so added destinations route at once. */
  destinations: readonly DestinationRoute[] | ReadonlyMap<string, DestinationRoute>
}

/** Alerts that a batch of matches opened (now visible, queued for delivery) or added to. */
export interface RecordResult {
  opened: Alert[]
  updated: Alert[]
}

/** The alert store: turns rule matches into grouped alerts and lists them. */
export interface AlertService {
  /** Records a batch of matches in one transaction; see `createAlertService`. */
  recordMatches(
    matches: readonly RuleMatch[],
    detections: ReadonlyMap<string, DetectionMeta>,
  ): Promise<RecordResult>
  /** Opened alerts, newest first, one page at a time. */
  list(query: ListAlertsQuery): Promise<AlertPage>
  /** One opened alert, or `undefined` (also for groups still below their threshold). */
  get(id: string): Promise<Alert | undefined>
  /** Changes status and/or assignee of many alerts; each change enters the timeline. */
  update(change: UpdateAlerts, actor: Actor): Promise<Alert[]>
  /** Adds a comment to the timeline. */
  comment(id: string, text: string, actor: Actor): Promise<AlertActivity>
  /** The timeline, oldest first. */
  activity(id: string): Promise<AlertActivity[]>
  /** Deliveries with every attempt. */
  deliveries(id: string): Promise<AlertDelivery[]>
  /** Queues the alert again for some destinations (default: its own). */
  resend(id: string, destinations: readonly string[] | undefined, actor: Actor): Promise<void>
}

const component = 'alerts'

/**
 * Builds the alert service. Matches of one rule and dedup string join the alert whose dedup window
 * is still running; a group becomes a visible alert, routed and queued in the outbox, once it
 * counts `threshold` matches. Groups whose window ends below the threshold are discarded.
 */
export function createAlertService(options: AlertServiceOptions): AlertService {
  const deps: RecordDeps = {
    ...options,
    now: options.now ?? (() => new Date()),
    nextId: monotonicFactory(),
    routes:
      options.destinations instanceof Map
        ? options.destinations
        : new Map((options.destinations as readonly DestinationRoute[]).map((r) => [r.id, r])),
  }
  return {
    recordMatches: (matches, detections) => recordMatches(deps, matches, detections),
    list: (query) => listAlerts(options.db, query),
    get: (id) => getAlert(options.db, id),
    update: (change, actor) => updateAlerts(options.db, change, actor),
    comment: (id, text, actor) => commentAlert(options.db, id, text, actor),
    activity: (id) => alertActivity(options.db, id),
    deliveries: (id) => alertDeliveries(options.db, id),
    resend: (id, destinations, actor) =>
      resendAlert(options.db, id, destinations, new Set(deps.routes.keys()), actor),
  }
}

interface RecordDeps {
  db: Kysely<Database>
  logger: Logger
  metrics: Metrics
  now: () => Date
  nextId: RecordContext['nextId']
  routes: RecordContext['routes']
}

async function recordMatches(
  deps: RecordDeps,
  matches: readonly RuleMatch[],
  detections: ReadonlyMap<string, DetectionMeta>,
): Promise<RecordResult> {
  const result: RecordResult = { opened: [], updated: [] }
  if (matches.length === 0) return result
  const at = deps.now()
  const ctx: RecordContext = { at, nextId: deps.nextId, routes: deps.routes, logger: deps.logger }
  const groups = groupMatches(matches, formatEventTime(at))
  await inTransaction(deps, async (trx) => {
    // Below-threshold groups whose window has ended will never open: Panther drops them.
    await trx
      .deleteFrom('alerts')
      .where('opened_at', 'is', null)
      .where('window_ends_at', '<=', at.toISOString())
      .execute()
    for (const group of groups) {
      const outcome = await recordGroup(trx, group, metaFor(group, detections, deps.logger), ctx)
      if (outcome.kind === 'opened') result.opened.push(outcome.alert)
      if (outcome.kind === 'updated') result.updated.push(outcome.alert)
    }
  })
  deps.metrics.eventsIn('alert', component, matches.length)
  deps.metrics.eventsOut('alert', component, result.opened.length)
  for (const alert of result.opened) {
    deps.logger.info(
      { alert_id: alert.id, rule_id: alert.ruleId, destinations: alert.destinations },
      'Alert opened',
    )
  }
  return result
}

/** Runs `work` in one transaction; store failures surface as `STORE_UNAVAILABLE`, counted. */
async function inTransaction(
  deps: RecordDeps,
  work: (trx: Kysely<Database>) => Promise<void>,
): Promise<void> {
  try {
    await deps.db.transaction().execute(work)
  } catch (err) {
    const wrapped =
      err instanceof AppError
        ? err
        : new AppError('STORE_UNAVAILABLE', 'Alerts could not be recorded', { cause: err })
    deps.metrics.errors('alert', component, wrapped.code)
    throw wrapped
  }
}

function metaFor(
  group: MatchGroup,
  detections: ReadonlyMap<string, DetectionMeta>,
  logger: Logger,
): DetectionMeta {
  const meta = detections.get(group.ruleId)
  if (meta !== undefined) return meta
  // Dropping the matches would lose alerts; Panther's defaults keep them flowing.
  logger.warn({ rule_id: group.ruleId }, 'Matches of an unknown detection; using default settings')
  return {
    id: group.ruleId,
    name: group.ruleId,
    version: group.first.ruleVersion,
    logTypes: [],
    severity: group.first.severity,
    description: '',
    reference: '',
    runbook: '',
    tags: [],
    reports: {},
    dedupPeriodMinutes: 60,
    threshold: 1,
    outputIds: [],
    enabled: true,
    file: '',
  }
}
