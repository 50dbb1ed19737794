import {
  describeError,
  type BatchReport,
  type Logger,
  type Metrics,
  type SourceHealth,
} from '../core/index.js'

/**
 * Counts what a source received and what went wrong, and writes the log line and the metric of
 * each error together (CONVENTIONS: one internal event, one log line, one metric).
 */
export class SourceStats {
  private running = false
  private failing = false
  private lastEventAt: string | null = null
  private eventsIn = 0
  private bytesIn = 0
  private batches = 0
  private parseFailures = 0
  private errors = 0
  private lastError: SourceHealth['lastError'] = null

  constructor(
    private readonly id: string,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** Marks the source running or stopped. */
  setRunning(running: boolean): void {
    this.running = running
  }

  /** Records arrived from outside (before batching). */
  received(records: number, bytes: number): void {
    this.eventsIn += records
    this.bytesIn += bytes
    if (records > 0) this.lastEventAt = new Date().toISOString()
  }

  /** A batch became durable. A failing source that delivers again is healthy again. */
  submitted(report: BatchReport): void {
    this.batches += 1
    this.parseFailures += report.failed
    this.failing = false
  }

  /**
   * Counts an error, logs it and keeps it for the health view. `fatal` errors (cannot listen,
   * cannot list the bucket) mark the source failing until it recovers; per-connection or
   * per-record errors are only counted.
   */
  error(code: string, err: unknown, fields: Record<string, unknown> = {}, fatal = false): void {
    const message = describeError(err)
    this.errors += 1
    this.lastError = { at: new Date().toISOString(), code, message }
    if (fatal) this.failing = true
    this.metrics.errors('source', this.id, code)
    const line = { ...fields, code, error: message }
    if (fatal) this.logger.error(line, 'Source failing; retrying with backoff')
    else this.logger.warn(line, 'Source error; the source goes on')
  }

  /** The source works again after a fatal error. */
  recovered(): void {
    this.failing = false
  }

  /** A copy of the current health. */
  snapshot(): SourceHealth {
    return {
      status: !this.running ? 'stopped' : this.failing ? 'failing' : 'ok',
      lastEventAt: this.lastEventAt,
      eventsIn: this.eventsIn,
      bytesIn: this.bytesIn,
      batches: this.batches,
      parseFailures: this.parseFailures,
      errors: this.errors,
      lastError: this.lastError,
    }
  }
}
