import type { Kysely } from 'kysely'
import { monotonicFactory } from 'ulid'
import type {
  Alert,
  AlertActivity,
  AlertType,
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
  type RuleError,
  type RuleMatch,
} from '../core/index.js'
import { writeTransaction, type Database } from '../platform/store/index.js'
import { groupMatches, groupRuleErrors, type MatchGroup } from './alert-grouping.js'
import { getAlert, listAlerts } from './alert-query.js'
import { recordGroup, type RecordContext } from './alert-recorder.js'
import { rowToAlert } from './alert-rows.js'
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

/**
 * Names the batch the matches come from: its key is stored in the same transaction as the
 * alerts, and with `skipIfRecorded` (a replay after a crash) matches of a batch already recorded
 * change nothing; the result then lists the alerts they joined, as `updated`.
 */
export interface BatchMark {
  key: string
  skipIfRecorded: boolean
}

/** The alert store: turns rule matches into grouped alerts and lists them. */
export interface AlertService {
  /** Records a batch of matches in one transaction; see `createAlertService`. */
  recordMatches(
    matches: readonly RuleMatch[],
    detections: ReadonlyMap<string, DetectionMeta>,
    batch?: BatchMark,
  ): Promise<RecordResult>
  /**
   * Opens or updates one RULE_ERROR alert per (rule, exception type), as Panther does; `batch`
   * makes a replay idempotent as for matches (the batch's errors and matches are marked apart).
   */
  recordRuleErrors(
    errors: readonly RuleError[],
    detections: ReadonlyMap<string, DetectionMeta>,
    batch?: BatchMark,
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
    recordMatches: (matches, detections, batch) => recordMatches(deps, matches, detections, batch),
    recordRuleErrors: (errors, detections, batch) =>
      recordRuleErrors(deps, errors, detections, batch),
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
  batch?: BatchMark,
): Promise<RecordResult> {
  const result: RecordResult = { opened: [], updated: [] }
  if (matches.length === 0) return result
  const at = deps.now()
  const ctx: RecordContext = { at, nextId: deps.nextId, routes: deps.routes, logger: deps.logger }
  const groups = groupMatches(matches, formatEventTime(at))
  const recorded = await inTransaction(deps, async (trx) => {
    // A replay skips a batch whose key is already stored: its matches were counted before.
    if (batch !== undefined && (await recordedBefore(trx, batch, batch.key, at))) {
      result.updated = await joinedAlerts(trx, groups, 'RULE')
      return false
    }
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
    return true
  })
  if (!recorded) {
    deps.logger.info({ batch: batch?.key }, 'Matches of a replayed batch were already recorded')
    return result
  }
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

async function recordRuleErrors(
  deps: RecordDeps,
  errors: readonly RuleError[],
  detections: ReadonlyMap<string, DetectionMeta>,
  batch?: BatchMark,
): Promise<RecordResult> {
  const result: RecordResult = { opened: [], updated: [] }
  if (errors.length === 0) return result
  const at = deps.now()
  const ctx: RecordContext = { at, nextId: deps.nextId, routes: deps.routes, logger: deps.logger }
  const groups = groupRuleErrors(errors, detections, formatEventTime(at))
  const recorded = await inTransaction(deps, async (trx) => {
    // The engine hands errors over before the batch's matches are recorded, in a transaction of
    // their own: they carry their own key, so a crash between the two replays only the matches.
    if (batch !== undefined && (await recordedBefore(trx, batch, `${batch.key}|RULE_ERROR`, at))) {
      result.updated = await joinedAlerts(trx, groups, 'RULE_ERROR')
      return false
    }
    for (const group of groups) {
      // An error alert opens on the first error, whatever the rule's own threshold.
      const meta = { ...metaFor(group, detections, deps.logger), threshold: 1 }
      const outcome = await recordGroup(trx, group, meta, ctx, 'RULE_ERROR')
      if (outcome.kind === 'opened') result.opened.push(outcome.alert)
      if (outcome.kind === 'updated') result.updated.push(outcome.alert)
    }
    return true
  })
  if (!recorded) {
    deps.logger.info({ batch: batch?.key }, 'Rule errors of a replayed batch were already recorded')
    return result
  }
  for (const alert of result.opened) {
    deps.logger.info(
      { alert_id: alert.id, rule_id: alert.ruleId, error_type: alert.dedup },
      'Rule error alert opened',
    )
  }
  return result
}

const processedRetentionMs = 7 * 24 * 3600_000
let marks = 0

/** Marks `key` as recorded; true when it already was and `batch` is a replay that must skip it. */
async function recordedBefore(
  trx: Kysely<Database>,
  batch: BatchMark,
  key: string,
  at: Date,
): Promise<boolean> {
  const fresh = await markBatch(trx, key, at, !batch.skipIfRecorded)
  return !fresh && batch.skipIfRecorded
}

/**
 * Stores the batch key; false when it was already there. Streaming prunes keys older than a week
 * now and then (replays run before streaming starts, so they never lose a key they need).
 */
async function markBatch(
  trx: Kysely<Database>,
  key: string,
  at: Date,
  prune: boolean,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('processed_batches')
    .values({ batch_id: key, at: at.toISOString() })
    .onConflict((oc) => oc.column('batch_id').doNothing())
    .executeTakeFirst()
  if (prune && ++marks % 1024 === 0) {
    const before = new Date(at.getTime() - processedRetentionMs).toISOString()
    await trx.deleteFrom('processed_batches').where('at', '<', before).execute()
  }
  return inserted.numInsertedOrUpdatedRows !== 0n
}

/** The latest opened alert of each group: what the matches of a recorded batch joined. */
async function joinedAlerts(
  trx: Kysely<Database>,
  groups: readonly MatchGroup[],
  type: AlertType,
): Promise<Alert[]> {
  const alerts: Alert[] = []
  for (const group of groups) {
    const row = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('rule_id', '=', group.ruleId)
      .where('dedup', '=', group.dedup)
      .where('type', '=', type)
      .where('opened_at', 'is not', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (row !== undefined) alerts.push(rowToAlert(row))
  }
  return alerts
}

/**
 * Runs `work` in one transaction holding the write lock from its start, so that recorders on
 * other connections (detect workers, a CLI replay) wait rather than fail or group apart; store
 * failures surface as `STORE_UNAVAILABLE`, counted.
 */
async function inTransaction<T>(
  deps: RecordDeps,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await writeTransaction(deps.db, work)
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
