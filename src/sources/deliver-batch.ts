import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { ulid } from 'ulid'
import type { BatchSink, RawBatch } from '../core/index.js'
import type { SourceStats } from './source-stats.js'

/** What a pull source needs to hand a batch to the pipeline. */
export interface DeliveryTarget {
  sink: BatchSink
  sourceId: string
  logType: string
  /** Further log types each record may be (classified per record); absent: all are `logType`. */
  candidates?: readonly string[] | undefined
  stats: SourceStats
  /** Aborted when the source stops: retries then end after a few more attempts. */
  signal: AbortSignal
}

/** Delays between attempts: 0.5 s doubling up to 30 s. */
function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt)
}

/**
 * Submits records as one batch and waits until they are durable, retrying with backoff while the
 * pipeline fails (a lake that cannot write). Resolves true once durable, false if the source
 * stopped first (a source that re-reads, file or S3, then reads them again after a restart).
 * `id`: a batch id derived from where the records came from, so a re-read yields the same row ids;
 * `reread`: the records may already be durable under that id (see `RawBatch.reread`).
 */
export async function deliverBatch(
  target: DeliveryTarget,
  records: readonly string[],
  id: string = ulid(),
  reread = false,
): Promise<boolean> {
  const candidates = target.candidates?.filter((c) => c !== target.logType) ?? []
  const batch: RawBatch = {
    id,
    sourceId: target.sourceId,
    logType: target.logType,
    records,
    receivedAt: new Date(),
    ...(candidates.length === 0 ? {} : { candidates }),
    ...(reread ? { reread } : {}),
  }
  for (let attempt = 0; ; attempt++) {
    try {
      // No signal: a batch already in the pipeline finishes, so shutdown does not half-write it.
      const report = await target.sink.submit(batch)
      target.stats.submitted(report)
      return true
    } catch (err) {
      const stopping = target.signal.aborted
      target.stats.error('SUBMIT_FAILED', err, { batchId: batch.id, records: records.length }, true)
      if (stopping && attempt >= 2) return false
      await sleep(stopping ? 200 : backoffMs(attempt)).catch(() => undefined)
    }
  }
}

/** Waits `ms` or until the signal aborts, whichever comes first. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined)
}

/** A stable batch id (26 characters, like a ULID) from the parts that locate the records. */
export function stableBatchId(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 26)
}
