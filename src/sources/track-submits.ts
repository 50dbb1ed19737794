import type { BatchSink } from '../core/index.js'
import { HttpSource } from './http/index.js'
import type { AnySource } from './registry.js'

/**
 * Wraps the sink the API's ingest route uses so push sources count what they received, like the
 * sources that run themselves do: records, bytes, parse failures and failed submits.
 */
export function trackSubmits(sink: BatchSink, sources: ReadonlyMap<string, AnySource>): BatchSink {
  return {
    async submit(batch, signal) {
      const source = sources.get(batch.sourceId)
      if (!(source instanceof HttpSource)) return sink.submit(batch, signal)
      let bytes = 0
      for (const record of batch.records) bytes += Buffer.byteLength(record)
      source.stats.received(batch.records.length, bytes)
      try {
        const report = await sink.submit(batch, signal)
        source.stats.submitted(report)
        return report
      } catch (err) {
        source.stats.error('SUBMIT_FAILED', err, { batchId: batch.id })
        throw err
      }
    },
  }
}
