import type { ParseFailure } from './log-type.js'

/** Raw records of one log type from one source, on their way to be parsed. */
export interface RawBatch {
  id: string
  sourceId: string
  logType: string
  /** One raw record each: a line, an array element, or a whole JSON document. */
  records: readonly string[]
  receivedAt: Date
  /**
   * Candidate log types when a source lists several (`logTypes: [A, B]`): each record goes to the
   * first that accepts it (see the classifier in src/logs). Absent: every record is `logType`.
   */
  candidates?: readonly string[]
  /** Records framing could not deliver (over the length limit, say): stored as failures. */
  failures?: readonly ParseFailure[]
  /**
   * Set by a pull source (file, S3) reading again from its checkpoint after a restart or a
   * redelivery: under this (stable) id the records may already be in the lake, because the
   * checkpoint is stored only after the batch was durable. The sink then checks before writing.
   */
  reread?: boolean
}

/** Where sources hand their batches; resolves once the batch is durable, with what became of it. */
export interface BatchSink {
  submit(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport>
}

/** The outcome of one batch. */
export interface BatchReport {
  batchId: string
  received: number
  parsed: number
  failed: number
  matches: number
  ruleErrors: number
  alertsOpened: number
}

/** A configured source. Push sources (HTTP) are fed by the API; pull sources run `start`. */
export interface Source {
  id: string
  type: string
  logType: string
  label: string
  /** What the source has received and what went wrong. */
  health?(): SourceHealth
  /** Present on sources that run themselves: see `RunnableSource`. */
  start?(sink: BatchSink, signal: AbortSignal, checkpoints: SourceCheckpoints): Promise<void>
}

/** How a source is doing, as `GET /v1/sources` and `/metrics` show it. */
export interface SourceHealth {
  /** `ok`: running without recent errors; `failing`: the last attempt failed; `stopped`: not running. */
  status: 'ok' | 'failing' | 'stopped'
  /** When the last record arrived (ISO-8601), or null. */
  lastEventAt: string | null
  /** Records received. */
  eventsIn: number
  /** Bytes received (before decompression where the source sees both). */
  bytesIn: number
  /** Batches handed to the pipeline and made durable. */
  batches: number
  /** Records the pipeline could not parse. */
  parseFailures: number
  /** Errors counted by the source (connections, reads, submits, oversize messages…). */
  errors: number
  /** The latest error, for users to act on; null when none happened. */
  lastError: { at: string; code: string; message: string } | null
  /** Push sources: whether ingestion refuses requests now (503 + Retry-After) and how often it did. */
  backpressure?: { active: boolean; rejected: number; lastRejectedAt: string | null }
}

/**
 * Where pull sources remember how far they got (file offsets, last S3 keys), so a restart
 * resumes there. A checkpoint is written only once the records before it are durable.
 */
export interface SourceCheckpoints {
  /** Every checkpoint of a source, by key. */
  list(sourceId: string): Promise<Map<string, string>>
  set(sourceId: string, key: string, value: string): Promise<void>
  delete(sourceId: string, key: string): Promise<void>
}

/** A source that runs itself (listens or polls) rather than being fed by the API. */
export interface RunnableSource extends Source {
  /** Runs until `signal` aborts, then flushes what it holds and resolves; never rejects. */
  start(sink: BatchSink, signal: AbortSignal, checkpoints: SourceCheckpoints): Promise<void>
  health(): SourceHealth
}
