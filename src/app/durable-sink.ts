import {
  AppError,
  type BatchReport,
  type BatchSink,
  type Logger,
  type RawBatch,
} from '../core/index.js'
import type { Pipeline, RowDedupe } from './pipeline.js'
import type { Recovery, Spool } from './spool.js'

/**
 * The sink sources acknowledge on when the spool is on: a batch is fsynced to the spool before
 * the pipeline runs it, and marked done after, so a crash in between replays it at the next start.
 */
export class DurableSink implements BatchSink {
  /** Ids replayed at start: a pull source re-reading one (its checkpoint lagged) is deduplicated. */
  private readonly replayed = new Set<string>()

  constructor(
    private readonly spool: Spool,
    private readonly pipeline: Pipeline,
    private readonly dedupe: RowDedupe,
    private readonly logger: Logger,
  ) {}

  async submit(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport> {
    await this.spool.append(batch)
    let report: BatchReport
    try {
      report = this.replayed.has(batch.id)
        ? await this.pipeline.recover(batch, this.dedupe, signal)
        : await this.pipeline.submit(batch, signal)
    } catch (err) {
      // A batch refused for good (unknown log type…) must not be replayed at every start.
      if (err instanceof AppError && err.category === 'user') await this.spool.markDone(batch.id)
      throw err
    }
    await this.spool.markDone(batch.id)
    return report
  }

  /**
   * Runs the batches a crash left unfinished, in order, deduplicated against the lake and the
   * alerts, before any new batch is taken. A batch refused for good is logged and dropped; any
   * other failure stops the start (the batches stay in the spool for the next one).
   */
  async recover(recovery: Recovery): Promise<number> {
    let replayed = 0
    for (const pending of recovery.pending) {
      try {
        await this.pipeline.recover(pending.batch, this.dedupe)
        replayed++
      } catch (err) {
        if (!(err instanceof AppError && err.category === 'user')) throw err
        this.logger.error(
          { err, batchId: pending.batch.id, sourceId: pending.batch.sourceId },
          'A spooled batch cannot be processed; dropped',
        )
      }
      this.replayed.add(pending.batch.id)
      await pending.done()
    }
    await recovery.finish()
    if (replayed > 0) this.logger.info({ batches: replayed }, 'Replayed spooled batches')
    return replayed
  }
}
