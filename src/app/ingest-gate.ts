import type { Metrics } from '../core/index.js'

/** The bounds of {@link IngestGate} (config `ingest`). */
export interface IngestLimits {
  maxInFlightBytes: number
  maxPendingBatches: number
  retryAfterSeconds: number
}

/** Bytes held for one request or one batch; `release` is idempotent. */
export interface Hold {
  release(): void
}

/**
 * Accounts the memory HTTP ingestion holds — request bodies being read and batches acknowledged
 * but not yet in the lake — so the API refuses work (503 + Retry-After) instead of buffering it.
 * One request is let through when nothing is held, so a body near the bound still gets in.
 */
export class IngestGate {
  private bytes = 0
  private batches = 0
  private rejectedCount = 0
  private peak = 0

  constructor(
    readonly limits: IngestLimits,
    private readonly metrics?: Metrics,
  ) {}

  /** Holds `bytes` if they fit under the bounds (or nothing is held); undefined to refuse. */
  tryHold(bytes: number): Hold | undefined {
    const empty = this.batches === 0
    if (
      !empty &&
      (this.bytes + bytes > this.limits.maxInFlightBytes ||
        this.batches + 1 > this.limits.maxPendingBatches)
    ) {
      this.rejectedCount += 1
      return undefined
    }
    return this.hold(bytes)
  }

  /** Holds `bytes` whatever the bounds: for data already in memory that must stay there. */
  hold(bytes: number): Hold {
    this.change(bytes, 1)
    let held = true
    return {
      release: () => {
        if (!held) return
        held = false
        this.change(-bytes, -1)
      },
    }
  }

  /** True while new requests would be refused. */
  get overloaded(): boolean {
    return (
      this.batches > 0 &&
      (this.bytes >= this.limits.maxInFlightBytes || this.batches >= this.limits.maxPendingBatches)
    )
  }

  /** Current and peak accounting, for tests and `/metrics`. */
  snapshot(): { bytes: number; batches: number; peakBytes: number; rejected: number } {
    return {
      bytes: this.bytes,
      batches: this.batches,
      peakBytes: this.peak,
      rejected: this.rejectedCount,
    }
  }

  private change(bytes: number, batches: number): void {
    this.bytes += bytes
    this.batches += batches
    if (this.bytes > this.peak) {
      this.peak = this.bytes
      // The high-water mark shows whether the bound held, between two scrapes too.
      this.metrics?.queueDepth('ingest_in_flight_bytes_peak', this.peak)
    }
    this.metrics?.queueDepth('ingest_in_flight_bytes', this.bytes)
    this.metrics?.queueDepth('ingest_pending_batches', this.batches)
  }
}

/** The record bytes of a batch: what it holds in memory until its rows are in the lake. */
export function batchBytes(records: readonly string[]): number {
  let bytes = 0
  // String length is cheap and close to UTF-8 bytes for log text.
  for (const record of records) bytes += record.length
  return bytes
}
