import { setTimeout as sleep } from 'node:timers/promises'
import type { Kysely } from 'kysely'
import {
  AppError,
  describeError,
  type Destination,
  type Logger,
  type Metrics,
} from '../core/index.js'
import { deadline } from '../platform/abort/index.js'
import type { Database } from '../platform/store/index.js'
import { rowToAlert } from './alert-rows.js'
import { retryDelayMs, type BackoffPolicy } from './delivery-backoff.js'
import {
  claimRow,
  dueRows,
  pendingCount,
  settleRow,
  type AttemptOutcome,
  type OutboxRow,
} from './delivery-store.js'

/** What `createDeliveryWorker` needs; every number has a production default. */
export interface DeliveryWorkerOptions {
  db: Kysely<Database>
  destinations: ReadonlyMap<string, Destination>
  /** The link to an alert in Caracal; a function because the listening address may come later. */
  alertLink: (alertId: string) => string
  logger: Logger
  metrics: Metrics
  /** How often the outbox is checked when idle. Default 1000. */
  pollIntervalMs?: number
  /** Attempts before a delivery is given up. Default: no limit (see `giveUpAfterMs`). */
  maxAttempts?: number
  /** Age of a delivery after which it is given up if it still fails. Default 24 h. */
  giveUpAfterMs?: number
  /** First retry delay ceiling; doubles per attempt. Default 1000. */
  baseBackoffMs?: number
  /** Largest retry delay ceiling. Default 15 minutes. */
  maxBackoffMs?: number
  /** Longest one send may take. Default 10 s. */
  timeoutMs?: number
  /** Rows picked per run. Default 50. */
  batchSize?: number
  now?: () => Date
  /** Jitter source, for tests. Default `Math.random`. */
  random?: () => number
}

/** Delivers the outbox: a polling loop, or one run at a time. */
export interface DeliveryWorker {
  /** Starts polling; does nothing if already started. */
  start(): void
  /** Aborts in-flight sends (they stay pending, due at once) and waits for the loop to end. */
  stop(): Promise<void>
  /** Attempts every delivery due now (up to one batch); returns how many were attempted. */
  runOnce(): Promise<number>
}

type Settings = Required<Omit<DeliveryWorkerOptions, 'random'>> & { backoff: BackoffPolicy }

// Longer than any send, so a lease only expires when its worker died.
const leaseMarginMs = 60_000

/**
 * Builds the outbox delivery worker. Rows live in the store, so deliveries survive restarts;
 * a failure is retried with backoff unless the destination rejected the alert for good.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const merged = {
    pollIntervalMs: 1000,
    maxAttempts: Number.POSITIVE_INFINITY,
    giveUpAfterMs: 24 * 60 * 60 * 1000,
    baseBackoffMs: 1000,
    maxBackoffMs: 15 * 60 * 1000,
    timeoutMs: 10_000,
    batchSize: 50,
    now: () => new Date(),
    ...withoutUndefined(options),
  }
  const settings: Settings = {
    ...merged,
    backoff: {
      baseMs: merged.baseBackoffMs,
      maxMs: merged.maxBackoffMs,
      random: options.random ?? Math.random,
    },
  }
  let stopping = new AbortController()
  let loop: Promise<void> | undefined
  // Runs never overlap: a manual runOnce waits for the loop's current run and vice versa.
  let current: Promise<unknown> = Promise.resolve()

  const runOnce = (): Promise<number> => {
    const signal = stopping.signal
    const run = current.then(() => runBatch(settings, signal))
    current = run.catch(() => undefined)
    return run
  }

  return {
    start() {
      loop ??= pollLoop(settings, stopping.signal, runOnce)
    },
    async stop() {
      stopping.abort()
      await loop
      await current
      loop = undefined
      stopping = new AbortController()
    },
    runOnce,
  }
}

async function pollLoop(s: Settings, signal: AbortSignal, runOnce: () => Promise<number>) {
  while (!signal.aborted) {
    let attempted = 0
    try {
      attempted = await runOnce()
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'STORE_UNAVAILABLE'
      s.metrics.errors('deliver', 'outbox', code)
      s.logger.warn({ err: describeError(err), code }, 'Outbox could not be read; will try again')
    }
    // A full batch means more is probably due: go again without waiting.
    if (attempted >= s.batchSize) continue
    await sleep(s.pollIntervalMs, undefined, { signal }).catch(() => undefined)
  }
}

async function runBatch(s: Settings, stopping: AbortSignal): Promise<number> {
  if (stopping.aborted) return 0
  const at = s.now()
  const rows = await dueRows(s.db, at.toISOString(), s.batchSize)
  const leaseUntil = new Date(at.getTime() + s.timeoutMs + leaseMarginMs).toISOString()
  const claimed: OutboxRow[] = []
  for (const row of rows) {
    if (await claimRow(s.db, row, leaseUntil, at.toISOString())) claimed.push(row)
  }
  await Promise.all(claimed.map((row) => deliver(s, row, stopping)))
  s.metrics.queueDepth('outbox', await pendingCount(s.db))
  return claimed.length
}

async function deliver(s: Settings, row: OutboxRow, stopping: AbortSignal): Promise<void> {
  const destination = s.destinations.get(row.destination_id)
  const alertRow = await s.db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', row.alert_id)
    .executeTakeFirst()
  let outcome: AttemptOutcome
  if (destination === undefined || alertRow === undefined) {
    const error = new AppError(
      'NOT_FOUND',
      destination === undefined
        ? `Destination ${row.destination_id} is no longer configured`
        : `Alert ${row.alert_id} no longer exists`,
    )
    outcome = failure(s, row, error)
  } else {
    s.metrics.eventsIn('deliver', row.destination_id, 1)
    const notification = {
      alert: rowToAlert(alertRow),
      link: s.alertLink(row.alert_id),
      kind: row.kind === 'resolve' ? ('resolve' as const) : ('trigger' as const),
    }
    try {
      await sendWithTimeout(destination, notification, s.timeoutMs, stopping)
      s.metrics.eventsOut('deliver', row.destination_id, 1)
      outcome = { status: 'delivered' }
    } catch (err) {
      outcome = stopping.aborted
        ? { status: 'released', nextAttemptAt: s.now().toISOString() }
        : failure(s, row, err)
    }
  }
  await settleRow(s.db, row, outcome, s.now().toISOString())
}

/** Sends, giving up when the timeout or shutdown fires even if the destination ignores its signal. */
async function sendWithTimeout(
  destination: Destination,
  notification: Parameters<Destination['send']>[0],
  timeoutMs: number,
  stopping: AbortSignal,
): Promise<void> {
  const limit = deadline(stopping, timeoutMs)
  const signal = limit.signal
  let onAbort = (): void => undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      const reason = stopping.aborted
        ? `Delivery to ${destination.id} was interrupted by shutdown`
        : `Destination ${destination.id} did not answer within ${String(timeoutMs)} ms`
      reject(new AppError('DESTINATION_UNAVAILABLE', reason))
    }
  })
  // Whoever ends up not awaiting it (a send that throws at once), it must not go unhandled.
  aborted.catch(() => undefined)
  signal.addEventListener('abort', onAbort, { once: true })
  if (signal.aborted) onAbort()
  try {
    const sending = destination.send(notification, signal)
    // If the race is lost to the abort, a late rejection of the send must not go unhandled.
    sending.catch(() => undefined)
    await Promise.race([sending, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
    limit.dispose()
  }
}

/** Classifies a failed attempt: retry later, or give up (rejected, or out of attempts). */
function failure(s: Settings, row: OutboxRow, err: unknown): AttemptOutcome {
  const code = err instanceof AppError ? err.code : 'DESTINATION_UNAVAILABLE'
  const error = describeError(err)
  const attempts = row.attempts + 1
  const fields = {
    alert_id: row.alert_id,
    destination_id: row.destination_id,
    attempts,
    code,
    err: error,
  }
  s.metrics.errors('deliver', row.destination_id, code)
  const permanent = code === 'DESTINATION_REJECTED' || code === 'NOT_FOUND'
  const tooOld = s.now().getTime() - Date.parse(row.created_at) >= s.giveUpAfterMs
  if (permanent || attempts >= s.maxAttempts || tooOld) {
    s.logger.error(fields, 'Alert delivery given up; the destination did not receive it')
    return { status: 'failed', error }
  }
  const delay = retryDelayMs(attempts, err, s.backoff)
  const nextAttemptAt = new Date(s.now().getTime() + delay).toISOString()
  s.logger.warn({ ...fields, next_attempt_at: nextAttemptAt }, 'Alert delivery failed; will retry')
  return { status: 'retry', error, nextAttemptAt }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
