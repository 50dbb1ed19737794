import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { monotonicFactory } from 'ulid'
import { Severity, type Alert, type AlertType } from '../contract/index.js'
import type { DetectionMeta, Logger } from '../core/index.js'
import type { Database } from '../platform/store/index.js'
import { queueDeliveries, record } from './alert-triage.js'
import { mergeLogTypes, type MatchGroup } from './alert-grouping.js'
import { routeAlert, type DestinationRoute } from './alert-router.js'
import { rowToAlert, type AlertRow } from './alert-rows.js'

/** What recording one group did to its alert. */
export type GroupOutcome =
  { kind: 'opened'; alert: Alert } | { kind: 'updated'; alert: Alert } | { kind: 'pending' }

/** Everything recording needs besides the transaction and the group. */
export interface RecordContext {
  at: Date
  nextId: ReturnType<typeof monotonicFactory>
  routes: ReadonlyMap<string, DestinationRoute>
  logger: Logger
}

/**
 * Adds one group of matches to the open alert of its (rule, dedup, type) whose window has not
 * ended, or starts a new one; opens it (routing + outbox rows) the moment it reaches its threshold.
 */
export async function recordGroup(
  trx: Kysely<Database>,
  group: MatchGroup,
  meta: DetectionMeta,
  ctx: RecordContext,
  type: AlertType = 'RULE',
): Promise<GroupOutcome> {
  const nowIso = ctx.at.toISOString()
  const existing = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('rule_id', '=', group.ruleId)
    .where('dedup', '=', group.dedup)
    .where('type', '=', type)
    .where('window_ends_at', '>', nowIso)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (existing !== undefined) return updateGroup(trx, existing, group, meta, ctx, type)
  const id = await alertId(trx, group, type)
  const inserted = await insertGroup(trx, id, group, meta, ctx, type)
  if (inserted !== undefined) return inserted
  // Another detect worker opened the same group first: its id is ours, so join its alert.
  const winner = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return updateGroup(trx, winner, group, meta, ctx, type)
}

/**
 * Panther's deterministic alert id: md5 of rule id, the number of alerts the group had before
 * and the dedup string, so detect workers racing on one group compute the same id and the
 * store's primary key lets only one of them create it.
 */
export async function alertId(
  trx: Kysely<Database>,
  group: Pick<MatchGroup, 'ruleId' | 'dedup'>,
  type: AlertType,
): Promise<string> {
  const row = await trx
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('rule_id', '=', group.ruleId)
    .where('dedup', '=', group.dedup)
    .where('type', '=', type)
    .executeTakeFirstOrThrow()
  return deterministicAlertId(group.ruleId, row.n, group.dedup, type)
}

/** `md5(ruleId:count:dedup)`; RULE_ERROR alerts put their type in too, so the two never collide. */
export function deterministicAlertId(
  ruleId: string,
  count: number,
  dedup: string,
  type: AlertType = 'RULE',
): string {
  const prefix = type === 'RULE' ? ruleId : `${ruleId}:${type}`
  return createHash('md5')
    .update(`${prefix}:${String(count)}:${dedup}`)
    .digest('hex')
}

/** Inserts a new alert; `undefined` when another writer inserted the same id first. */
async function insertGroup(
  trx: Kysely<Database>,
  id: string,
  group: MatchGroup,
  meta: DetectionMeta,
  ctx: RecordContext,
  type: AlertType,
): Promise<GroupOutcome | undefined> {
  const nowIso = ctx.at.toISOString()
  const opens = group.matches.length >= threshold(meta)
  const destinations = opens ? chooseDestinations(group, meta, ctx, type) : []
  const row: AlertRow = {
    id,
    type,
    rule_id: group.ruleId,
    rule_version: group.first.ruleVersion,
    rule_name: meta.name,
    dedup: group.dedup,
    title: group.first.title,
    // Per-event overrides (Python's description()/reference()/runbook()) win over the metadata.
    description: group.first.description ?? meta.description,
    reference: group.first.reference ?? meta.reference,
    runbook: group.first.runbook ?? meta.runbook,
    severity: group.first.severity,
    status: 'OPEN',
    destinations: JSON.stringify(destinations),
    log_types: JSON.stringify(group.logTypes),
    event_count: group.matches.length,
    first_event_time: group.firstEventTime,
    last_event_time: group.lastEventTime,
    window_ends_at: windowEnd(ctx.at, meta),
    opened_at: opens ? nowIso : null,
    assignee: null,
    created_at: nowIso,
    updated_at: nowIso,
    context: JSON.stringify(group.first.alertContext),
  }
  const inserted = await trx
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst()
  if (inserted.numInsertedOrUpdatedRows === 0n) return undefined
  if (!opens) return { kind: 'pending' }
  await enqueueDeliveries(trx, row.id, destinations, ctx)
  return { kind: 'opened', alert: rowToAlert(row) }
}

async function updateGroup(
  trx: Kysely<Database>,
  existing: AlertRow,
  group: MatchGroup,
  meta: DetectionMeta,
  ctx: RecordContext,
  type: AlertType,
): Promise<GroupOutcome> {
  const nowIso = ctx.at.toISOString()
  const eventCount = existing.event_count + group.matches.length
  const opens = existing.opened_at === null && eventCount >= threshold(meta)
  const changes = {
    event_count: eventCount,
    first_event_time: minString(existing.first_event_time, group.firstEventTime),
    last_event_time: maxString(existing.last_event_time, group.lastEventTime),
    log_types: JSON.stringify(
      mergeLogTypes(JSON.parse(existing.log_types) as string[], group.logTypes),
    ),
    updated_at: nowIso,
    ...(opens
      ? {
          opened_at: nowIso,
          destinations: JSON.stringify(
            chooseDestinations(group, meta, ctx, type, Severity.parse(existing.severity)),
          ),
        }
      : {}),
  }
  await trx.updateTable('alerts').set(changes).where('id', '=', existing.id).execute()
  const row: AlertRow = { ...existing, ...changes }
  if (opens) {
    await enqueueDeliveries(trx, row.id, JSON.parse(row.destinations) as string[], ctx)
    return { kind: 'opened', alert: rowToAlert(row) }
  }
  return existing.opened_at === null
    ? { kind: 'pending' }
    : { kind: 'updated', alert: rowToAlert(row) }
}

/**
 * Routes an opening alert. The override comes from the match that made the group reach its
 * threshold (the last one), as that is the event the alert is delivered for.
 */
function chooseDestinations(
  group: MatchGroup,
  meta: DetectionMeta,
  ctx: RecordContext,
  type: AlertType,
  severity: Severity = group.first.severity,
): string[] {
  const decision = routeAlert(
    {
      severity,
      type,
      matchDestinations: group.last.destinations,
      outputIds: meta.outputIds,
    },
    ctx.routes,
  )
  if (decision.unknown.length > 0) {
    ctx.logger.warn(
      { rule_id: group.ruleId, unknown_destinations: decision.unknown },
      'Alert routed to destinations that are not configured; skipping them',
    )
  }
  return decision.destinations
}

/** An alert that opens is queued for its destinations and enters its own timeline. */
async function enqueueDeliveries(
  trx: Kysely<Database>,
  alertId: string,
  destinations: readonly string[],
  ctx: RecordContext,
): Promise<void> {
  const nowIso = ctx.at.toISOString()
  await queueDeliveries(trx, alertId, destinations, 'trigger', nowIso)
  await record(trx, alertId, nowIso, 'caracal', 'opened', { destinations })
}

// Panther treats a threshold below 1 as 1: every match counts.
function threshold(meta: DetectionMeta): number {
  return Math.max(1, meta.threshold)
}

function windowEnd(at: Date, meta: DetectionMeta): string {
  return new Date(at.getTime() + Math.max(0, meta.dedupPeriodMinutes) * 60_000).toISOString()
}

function minString(a: string, b: string): string {
  return a <= b ? a : b
}

function maxString(a: string, b: string): string {
  return a >= b ? a : b
}
