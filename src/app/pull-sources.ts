import type { BatchReport, BatchSink, Logger, RawBatch, SourceCheckpoints } from '../core/index.js'
import type { LakeReader } from '../lake/index.js'
import type { LogTypeRegistry } from '../logs/index.js'
import { createSourceCheckpoints } from '../platform/store/index.js'
import { startSources, type RunningSources } from '../sources/index.js'
import { lakeRowDedupe } from './lake-dedupe.js'
import { tablesOf } from './lake-tables.js'
import type { Runtime } from './runtime.js'

/** What `skipDurableRereads` looks a batch up with. */
export interface RereadLookup {
  logTypes: Pick<LogTypeRegistry, 'find'>
  lakeReader: LakeReader
  logger: Logger
}

/**
 * The sink of pull sources (file, S3). A batch they flag as a re-read (`RawBatch.reread`: read
 * again from a checkpoint stored only after the batch was durable) is looked up in the lake
 * first, by its stable id: if any of its rows is there the whole batch is — a batch left half
 * written by a crash was finished by the spool's replay before sources start — so it is skipped
 * and the source moves its checkpoint on. Other batches pass straight through, unchecked.
 */
export function skipDurableRereads(sink: BatchSink, lookup: RereadLookup): BatchSink {
  const dedupe = lakeRowDedupe(lookup.lakeReader)
  const durable = async (batch: RawBatch): Promise<boolean> => {
    for (const name of new Set([batch.logType, ...(batch.candidates ?? [])])) {
      let tables
      try {
        tables = tablesOf(lookup.logTypes.find(name))
      } catch {
        continue // an unknown log type: the sink refuses the batch with the reason
      }
      for (const table of [tables.logs, tables.failures]) {
        if ((await dedupe.existing(table, batch.id)).size > 0) return true
      }
    }
    return false
  }
  return {
    async submit(batch, signal): Promise<BatchReport> {
      if (batch.reread !== true || !(await durable(batch))) return sink.submit(batch, signal)
      lookup.logger.info(
        { sourceId: batch.sourceId, batchId: batch.id, records: batch.records.length },
        'Re-read batch already in the lake; skipped',
      )
      return {
        batchId: batch.id,
        received: batch.records.length,
        parsed: 0,
        failed: 0,
        matches: 0,
        ruleErrors: 0,
        alertsOpened: 0,
      }
    },
  }
}

/**
 * Starts the sources that run themselves (syslog, file, S3) on the runtime's durable sink, with
 * re-reads deduplicated, and their checkpoints in the store (tests may wrap those).
 */
export function startPullSources(
  runtime: Pick<Runtime, 'sources' | 'sink' | 'logTypes' | 'lakeReader' | 'store'>,
  logger: Logger,
  checkpoints: SourceCheckpoints = createSourceCheckpoints(runtime.store.db),
): RunningSources {
  const sink = skipDurableRereads(runtime.sink, {
    logTypes: runtime.logTypes,
    lakeReader: runtime.lakeReader,
    logger: logger.child({ component_id: 'sources', component_type: 'sources' }),
  })
  return startSources(runtime.sources.values(), sink, checkpoints, logger)
}
