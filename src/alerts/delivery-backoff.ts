import { AppError } from '../core/index.js'

/** The longest `Retry-After` honoured: a destination asking for more is probably misconfigured. */
const maxRetryAfterMs = 24 * 60 * 60 * 1000

/** Backoff settings of the delivery worker. */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random: () => number
}

/**
 * Delay before retry number `attempts` (1 after the first failure): the destination's own
 * `retryAfterMs` when it gave one, else exponential backoff with full jitter, so that many alerts
 * failing together do not retry in lockstep.
 */
export function retryDelayMs(attempts: number, err: unknown, policy: BackoffPolicy): number {
  const retryAfter = retryAfterMs(err)
  if (retryAfter !== undefined) return Math.min(retryAfter, maxRetryAfterMs)
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1))
  return Math.floor(policy.random() * ceiling)
}

function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof AppError)) return undefined
  const details = err.details
  if (typeof details !== 'object' || details === null || !('retryAfterMs' in details))
    return undefined
  const value = details.retryAfterMs
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}
