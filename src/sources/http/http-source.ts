import { createHash, timingSafeEqual } from 'node:crypto'
import type { Logger, Metrics, SourceHealth } from '../../core/index.js'
import type { HttpSourceConfig } from './config.js'
import { splitJsonRecords } from '../framing/index.js'
import { SourceStats } from '../source-stats.js'

/** An HTTP push source: it knows its log type and its own token, and frames request bodies. */
export class HttpSource {
  readonly type = 'http'
  readonly logType: string
  readonly label: string
  /** Counts of what was pushed; the ingest route's sink updates it (see `trackSubmits`). */
  readonly stats: SourceStats
  private readonly tokenDigest: Buffer | undefined

  constructor(
    readonly id: string,
    config: HttpSourceConfig,
    context: { logger: Logger; metrics: Metrics },
  ) {
    this.logType = config.logType
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

  /** Splits a decoded body into records: NDJSON, a JSON array or one JSON document. */
  frame(body: string): string[] {
    return splitJsonRecords(body)
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
