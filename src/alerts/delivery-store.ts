import type { Kysely, Selectable } from 'kysely'
import { monotonicFactory } from 'ulid'
import type { Database, OutboxTable } from '../platform/store/index.js'

/** An `outbox` row as selected: one alert to deliver to one destination. */
export type OutboxRow = Selectable<OutboxTable>

/** Where a delivery stands: `pending` (due or waiting to retry), `delivered`, or `failed` for good. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One delivery of an alert, as the API shows it. */
export interface Delivery {
  id: string
  alertId: string
  destinationId: string
  status: DeliveryStatus
  attempts: number
  lastError: string | null
  nextAttemptAt: string
  createdAt: string
  updatedAt: string
}

/** Every delivery of an alert, oldest first. */
export async function listDeliveries(db: Kysely<Database>, alertId: string): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    alertId: row.alert_id,
    destinationId: row.destination_id,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }))
}

/** Pending rows due at `nowIso`, oldest first. */
export function dueRows(db: Kysely<Database>, nowIso: string, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', nowIso)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Leases a due row by pushing its next attempt to `leaseUntil`; false if another worker got it
 * first. A worker that dies mid-send leaves the lease to expire, so the row is retried.
 */
export async function claimRow(
  db: Kysely<Database>,
  row: OutboxRow,
  leaseUntil: string,
  nowIso: string,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: leaseUntil, updated_at: nowIso })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The outcome of one attempt, as stored. */
export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'failed'; error: string }
  | { status: 'retry'; error: string; nextAttemptAt: string }
  /** Interrupted by shutdown: not counted as an attempt, due again at once. */
  | { status: 'released'; nextAttemptAt: string }

const maxErrorLength = 1000
const nextAttemptId = monotonicFactory()

/** Stores what became of an attempt on a leased row. */
export async function settleRow(
  db: Kysely<Database>,
  row: OutboxRow,
  outcome: AttemptOutcome,
  nowIso: string,
): Promise<void> {
  const attempts = outcome.status === 'released' ? row.attempts : row.attempts + 1
  await db
    .updateTable('outbox')
    .set({ ...outcomeChanges(outcome), attempts, updated_at: nowIso })
    .where('id', '=', row.id)
    .execute()
  if (outcome.status === 'released') return
  // Every attempt is kept, so the API can show what each destination answered and when.
  await db
    .insertInto('delivery_attempts')
    .values({
      id: nextAttemptId(),
      outbox_id: row.id,
      alert_id: row.alert_id,
      destination_id: row.destination_id,
      kind: row.kind,
      at: nowIso,
      outcome: outcome.status,
      message: outcome.status === 'delivered' ? null : outcome.error.slice(0, maxErrorLength),
    })
    .execute()
}

function outcomeChanges(outcome: AttemptOutcome): Partial<OutboxRow> {
  switch (outcome.status) {
    case 'delivered':
      return { status: 'delivered', last_error: null }
    case 'failed':
      return { status: 'failed', last_error: outcome.error.slice(0, maxErrorLength) }
    case 'retry':
      return {
        next_attempt_at: outcome.nextAttemptAt,
        last_error: outcome.error.slice(0, maxErrorLength),
      }
    case 'released':
      return { next_attempt_at: outcome.nextAttemptAt }
  }
}

/** Rows still waiting to be delivered, for the queue depth gauge. */
export async function pendingCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  // PostgreSQL returns counts as strings (bigint); SQLite as numbers.
  return Number(row.n)
}
