import { createHash, timingSafeEqual } from 'node:crypto'
import type { Logger, Metrics, ParseFailure, SourceHealth } from '../../core/index.js'
import type { HttpSourceConfig } from './config.js'
import { frameRecords, splitJsonRecords } from '../framing/index.js'
import { SourceStats } from '../source-stats.js'

/** An HTTP push source: it knows its log type and its own token, and frames request bodies. */
export class HttpSource {
  readonly type = 'http'
  readonly logType: string
  /** Further log types to classify records against. */
  readonly candidates: readonly string[] | undefined
  readonly label: string
  private readonly maxRecordBytes: number | undefined
  /** Counts of what was pushed; the ingest route's sink updates it (see `trackSubmits`). */
  readonly stats: SourceStats
  private readonly tokenDigest: Buffer | undefined

  constructor(
    readonly id: string,
    config: HttpSourceConfig,
    context: { logger: Logger; metrics: Metrics },
  ) {
    this.logType = config.logType
    this.candidates = config.candidates
    this.maxRecordBytes = config.maxRecordBytes
    this.label = config.label ?? id
    this.tokenDigest = config.token === undefined ? undefined : digest(config.token)
    this.stats = new SourceStats(id, context.logger, context.metrics)
    // A push source is up as long as the API is.
    this.stats.setRunning(true)
  }

  health(): SourceHealth {
    return this.stats.snapshot()
  }

  /** True when the bearer token is this source's own token (compared in constant time). */
  acceptsToken(token: string): boolean {
    return this.tokenDigest !== undefined && timingSafeEqual(this.tokenDigest, digest(token))
  }

  /**
   * Splits a decoded body into records (NDJSON, a JSON array, one JSON document, CloudWatch Logs
   * envelopes); records over the size limit come back as failures, kept with their reason.
   */
  frame(body: string): { records: string[]; failures: ParseFailure[] } {
    return frameRecords(splitJsonRecords(body), { maxRecordBytes: this.maxRecordBytes })
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
