import type { Logger, Metrics, ParseFailure, SourceHealth } from '../../core/index.js'
import type { HttpSourceConfig } from './config.js'
import { frameRecords, splitJsonRecords } from '../framing/index.js'
import { SourceStats } from '../source-stats.js'
import { otlpLogRecords } from './otlp-logs.js'
import { SourceAuth } from './source-auth.js'

/** An HTTP push source: it knows its log types and its credentials, and frames request bodies. */
export class HttpSource {
  readonly type = 'http'
  readonly logType: string
  /** Further log types to classify records against. */
  readonly candidates: readonly string[] | undefined
  readonly label: string
  /** Whether `POST /v1/logs` (OTLP/HTTP JSON) may feed this source. */
  readonly otlp: boolean
  /** This source's own credentials (token, HMAC signature, basic auth). */
  readonly auth: SourceAuth
  private readonly maxRecordBytes: number | undefined
  private readonly unwrap: string | undefined
  private readonly otlpRecord: 'body' | 'event'
  /** Counts of what was pushed; the ingest route's sink updates it (see `trackSubmits`). */
  readonly stats: SourceStats
  private readonly metrics: Metrics
  private pressure: () => boolean = () => false
  private rejected = 0
  private lastRejectedAt: string | null = null

  constructor(
    readonly id: string,
    config: HttpSourceConfig,
    context: { logger: Logger; metrics: Metrics },
  ) {
    this.logType = config.logType
    this.candidates = config.candidates
    this.maxRecordBytes = config.maxRecordBytes
    this.label = config.label ?? id
    this.unwrap = config.unwrap
    this.otlp = config.otlp
    this.otlpRecord = config.otlpRecord
    this.auth = new SourceAuth(config.token, config.auth)
    this.metrics = context.metrics
    this.stats = new SourceStats(id, context.logger, context.metrics)
    // A push source is up as long as the API is.
    this.stats.setRunning(true)
  }

  health(): SourceHealth {
    return {
      ...this.stats.snapshot(),
      backpressure: {
        active: this.pressure(),
        rejected: this.rejected,
        lastRejectedAt: this.lastRejectedAt,
      },
    }
  }

  /** Shows in the health whether ingestion is refusing requests now (set once wired). */
  watchPressure(active: () => boolean): void {
    this.pressure = active
  }

  /** Counts a request refused because ingestion was behind (answered 503 + Retry-After). */
  throttled(): void {
    this.rejected += 1
    this.lastRejectedAt = new Date().toISOString()
    this.metrics.errors('source', this.id, 'INGEST_OVERLOADED')
  }

  /**
   * Splits a decoded body into records (NDJSON, a JSON array, one JSON document, CloudWatch Logs
   * envelopes); records over the size limit come back as failures, kept with their reason.
   */
  frame(body: string): { records: string[]; failures: ParseFailure[] } {
    return this.limit(splitJsonRecords(body))
  }

  /** Splits an OTLP/HTTP JSON logs request into records (see `otlpLogRecords`). */
  frameOtlp(body: string): { records: string[]; failures: ParseFailure[] } {
    return this.limit(otlpLogRecords(body, this.otlpRecord))
  }

  private limit(records: string[]): { records: string[]; failures: ParseFailure[] } {
    const unwrapped = this.unwrap === undefined ? records : unwrapAll(records, this.unwrap)
    return frameRecords(unwrapped, { maxRecordBytes: this.maxRecordBytes })
  }
}

/** Replaces records an agent wrapped (`{"date":…,"log":"<line>"}`) with their line. */
function unwrapAll(records: string[], field: string): string[] {
  return records.map((record) => {
    if (!record.startsWith('{')) return record
    try {
      const value = (JSON.parse(record) as Record<string, unknown>)[field]
      return typeof value === 'string' ? value : record
    } catch {
      return record
    }
  })
}
