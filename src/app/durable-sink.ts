import {
  AppError,
  type BatchReport,
  type BatchSink,
  type Logger,
  type RawBatch,
} from '../core/index.js'
import { batchBytes, type IngestGate } from './ingest-gate.js'
import type { Pipeline, RowDedupe, StartedBatch } from './pipeline.js'
import type { Recovery, Spool } from './spool.js'

/**
 * The sink sources acknowledge on when the spool is on: a batch is fsynced to the spool before
 * the pipeline runs it, and marked done once its rows are in the lake, so a crash in between
 * replays it at the next start. `submit` resolves once the rows are in the lake; `accept` (the
 * HTTP ingest path) as soon as the batch is spooled and its alerts recorded.
 */
export class DurableSink implements BatchSink {
  /** Ids replayed at start: a pull source re-reading one (its checkpoint lagged) is deduplicated. */
  private readonly replayed = new Set<string>()
  /** Accepted batches whose lake writes are still running. */
  private readonly writing = new Set<Promise<void>>()

  constructor(
    private readonly spool: Spool,
    private readonly pipeline: Pipeline,
    private readonly dedupe: RowDedupe,
    private readonly logger: Logger,
    private readonly gate?: IngestGate,
  ) {}

  async submit(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport> {
    const started = await this.start(batch, signal)
    await started.written
    await this.spool.markDone(batch.id)
    return started.report
  }

  /**
   * Acknowledge-on-spool: resolves once the batch is fsynced (group commit with concurrent
   * batches) and its detections ran; its lake writes go on in the background, their bytes held
   * in the gate until durable. Marked done only then, so a crash before replays it.
   */
  async accept(batch: RawBatch, signal?: AbortSignal): Promise<BatchReport> {
    const hold = this.gate?.hold(batchBytes(batch.records))
    let started: StartedBatch
    try {
      started = await this.start(batch, signal)
    } catch (err) {
      hold?.release()
      throw err
    }
    const settled = started.written
      .then(() => this.spool.markDone(batch.id))
      .catch((err: unknown) => {
        // The batch stays in the spool: the next start replays it, deduplicated.
        this.logger.error(
          { err, batchId: batch.id, sourceId: batch.sourceId },
          'Lake write failed; the batch stays in the spool and is replayed at the next start',
        )
      })
      .finally(() => {
        hold?.release()
        this.writing.delete(settled)
      })
    this.writing.add(settled)
    return started.report
  }

  /** A sink whose `submit` is {@link accept}: for the HTTP ingest route. */
  acknowledging(): BatchSink {
    return { submit: (batch, signal) => this.accept(batch, signal) }
  }

  /** Resolves once every batch accepted so far is in the lake (read-after-acknowledge). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing])
  }

  private async start(batch: RawBatch, signal?: AbortSignal): Promise<StartedBatch> {
    await this.spool.append(batch)
    try {
      return this.replayed.has(batch.id)
        ? await this.pipeline.start(batch, signal, this.dedupe)
        : await this.pipeline.start(batch, signal)
    } catch (err) {
      // A batch refused for good (unknown log type…) must not be replayed at every start.
      if (err instanceof AppError && err.category === 'user') await this.spool.markDone(batch.id)
      throw err
    }
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
