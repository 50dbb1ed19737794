import type { Readable } from 'node:stream'
import { ulid } from 'ulid'
import type { BatchReport, BatchSink } from '../core/index.js'
import { readFramedBatches } from './framing/index.js'

/** What a stream's batches added up to. */
export type StreamTotals = Omit<BatchReport, 'batchId'>

/** Totals of nothing yet. */
export function emptyTotals(): StreamTotals {
  return { received: 0, parsed: 0, failed: 0, matches: 0, ruleErrors: 0, alertsOpened: 0 }
}

/**
 * Reads a stream of logs (plain or gzip) in batches and submits each to the sink, waiting for each
 * to be durable before reading on: the stream's pace is the backpressure.
 */
export async function submitStream(
  sink: BatchSink,
  input: Readable,
  options: {
    sourceId: string
    logType: string
    batchSize?: number
    candidates?: readonly string[] | undefined
    maxRecordBytes?: number | undefined
  },
  totals: StreamTotals = emptyTotals(),
): Promise<StreamTotals> {
  const framing = { maxRecordBytes: options.maxRecordBytes }
  for await (const { records, failures } of readFramedBatches(
    input,
    options.batchSize ?? 2000,
    framing,
  )) {
    const report = await sink.submit({
      id: ulid(),
      sourceId: options.sourceId,
      logType: options.logType,
      records,
      receivedAt: new Date(),
      ...(options.candidates === undefined ? {} : { candidates: options.candidates }),
      ...(failures.length === 0 ? {} : { failures }),
    })
    totals.received += report.received
    totals.parsed += report.parsed
    totals.failed += report.failed
    totals.matches += report.matches
    totals.ruleErrors += report.ruleErrors
    totals.alertsOpened += report.alertsOpened
  }
  return totals
}
