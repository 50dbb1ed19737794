/** Raw records of one log type from one source, on their way to be parsed. */
export interface RawBatch {
  id: string
  sourceId: string
  logType: string
  /** One raw record each: a line, an array element, or a whole JSON document. */
  records: readonly string[]
  receivedAt: Date
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
}
