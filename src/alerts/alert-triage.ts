import type { Kysely } from 'kysely'
import { monotonicFactory } from 'ulid'
import type {
  Alert,
  AlertActivity,
  AlertDelivery,
  AlertStatus,
  UpdateAlerts,
} from '../contract/index.js'
import { AppError } from '../core/index.js'
import type { Database } from '../platform/store/index.js'
import { rowToAlert } from './alert-rows.js'

/** Who made a change: an API token's name, or `caracal` for the system. */
export type Actor = string

type Db = Kysely<Database>

// Monotonic: timeline entries written in the same millisecond keep their order.
const nextId = monotonicFactory()

/** Statuses after which incident tools are told the alert is over. */
const finished: ReadonlySet<AlertStatus> = new Set(['RESOLVED', 'CLOSED'])

/**
 * Changes status and/or assignee of many alerts in one transaction, recording each change in the
 * timeline; an alert that becomes resolved or closed queues a `resolve` message for each of its
 * destinations. Unknown ids fail the whole change.
 */
export async function updateAlerts(db: Db, change: UpdateAlerts, actor: Actor): Promise<Alert[]> {
  const at = new Date().toISOString()
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', 'in', change.ids)
      .where('opened_at', 'is not', null)
      .execute()
    const missing = change.ids.filter((id) => !rows.some((r) => r.id === id))
    if (missing.length > 0) {
      throw new AppError('NOT_FOUND', `No alert ${missing.join(', ')}`, { details: { missing } })
    }
    for (const row of rows) {
      const updates: { status?: string; assignee?: string | null } = {}
      if (change.status !== undefined && change.status !== row.status) {
        updates.status = change.status
        await record(trx, row.id, at, actor, 'status', { from: row.status, to: change.status })
        const wasFinished = finished.has(row.status as AlertStatus)
        if (finished.has(change.status) && !wasFinished) {
          await queueDeliveries(
            trx,
            row.id,
            JSON.parse(row.destinations) as string[],
            'resolve',
            at,
          )
        }
      }
      if (change.assignee !== undefined && change.assignee !== row.assignee) {
        updates.assignee = change.assignee
        await record(trx, row.id, at, actor, 'assign', { from: row.assignee, to: change.assignee })
      }
      if (Object.keys(updates).length > 0) {
        await trx
          .updateTable('alerts')
          .set({ ...updates, updated_at: at })
          .where('id', '=', row.id)
          .execute()
      }
    }
    const updated = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', 'in', change.ids)
      .execute()
    return updated.map(rowToAlert)
  })
}

/** Adds a comment to an alert's timeline. */
export async function commentAlert(
  db: Db,
  id: string,
  text: string,
  actor: Actor,
): Promise<AlertActivity> {
  await requireAlert(db, id)
  const entry = {
    id: nextId(),
    at: new Date().toISOString(),
    actor,
    action: 'comment' as const,
    detail: { text },
  }
  await db
    .insertInto('alert_activity')
    .values({ ...entry, alert_id: id, detail: JSON.stringify(entry.detail) })
    .execute()
  return entry
}

/** The alert's timeline, oldest first. */
export async function alertActivity(db: Db, id: string): Promise<AlertActivity[]> {
  await requireAlert(db, id)
  const rows = await db
    .selectFrom('alert_activity')
    .selectAll()
    .where('alert_id', '=', id)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action as AlertActivity['action'],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }))
}

/** Every delivery of the alert with each attempt's time, outcome and message. */
export async function alertDeliveries(db: Db, id: string): Promise<AlertDelivery[]> {
  await requireAlert(db, id)
  const outbox = await db
    .selectFrom('outbox')
    .selectAll()
    .where('alert_id', '=', id)
    .orderBy('id')
    .execute()
  const attempts = await db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('alert_id', '=', id)
    .orderBy('id')
    .execute()
  return outbox.map((row) => ({
    destinationId: row.destination_id,
    kind: row.kind,
    status: row.status as AlertDelivery['status'],
    attempts: attempts
      .filter((a) => a.outbox_id === row.id)
      .map((a) => ({ at: a.at, outcome: a.outcome, message: a.message })),
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
  }))
}

/** Queues the alert again for the given destinations (default: its own), recorded in the timeline. */
export async function resendAlert(
  db: Db,
  id: string,
  destinations: readonly string[] | undefined,
  known: ReadonlySet<string>,
  actor: Actor,
): Promise<void> {
  const row = await requireAlert(db, id)
  const targets = destinations ?? (JSON.parse(row.destinations) as string[])
  const unknown = targets.filter((d) => !known.has(d))
  if (unknown.length > 0) {
    throw new AppError('NOT_FOUND', `No destination ${unknown.join(', ')}`, {
      details: { known: [...known] },
    })
  }
  if (targets.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'The alert has no destinations; name some to send to')
  }
  const at = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    await queueDeliveries(trx, id, targets, 'trigger', at)
    await record(trx, id, at, actor, 'resend', { destinations: targets })
  })
}

/** Inserts one pending outbox row per destination. */
export async function queueDeliveries(
  db: Db,
  alertId: string,
  destinations: readonly string[],
  kind: 'trigger' | 'resolve',
  at: string,
): Promise<void> {
  if (destinations.length === 0) return
  await db
    .insertInto('outbox')
    .values(
      destinations.map((destination) => ({
        id: nextId(),
        alert_id: alertId,
        destination_id: destination,
        kind,
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_error: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute()
}

/** Appends a timeline entry. */
export async function record(
  db: Db,
  alertId: string,
  at: string,
  actor: Actor,
  action: AlertActivity['action'],
  detail: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('alert_activity')
    .values({ id: nextId(), alert_id: alertId, at, actor, action, detail: JSON.stringify(detail) })
    .execute()
}

async function requireAlert(db: Db, id: string) {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .where('opened_at', 'is not', null)
    .executeTakeFirst()
  if (row === undefined) throw new AppError('NOT_FOUND', `No alert ${id}`)
  return row
}
