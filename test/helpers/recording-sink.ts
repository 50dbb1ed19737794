import type { BatchReport, BatchSink, RawBatch, SourceCheckpoints } from '../../src/core/index.js'

/** A `BatchSink` that keeps every batch; it can be made slow or failing to test backpressure. */
export class RecordingSink implements BatchSink {
  readonly batches: RawBatch[] = []
  /** Milliseconds each submit takes. */
  delayMs = 0
  /** Submits fail while this is above zero (each failure decrements it). */
  failNext = 0
  /** Records that should count as parse failures (returned in `failed`). */
  failedPerBatch = 0
  private waiters: (() => void)[] = []

  async submit(batch: RawBatch): Promise<BatchReport> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs))
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('the lake is unavailable (test)')
    }
    this.batches.push(batch)
    for (const wake of this.waiters.splice(0)) wake()
    return {
      batchId: batch.id,
      received: batch.records.length,
      parsed: batch.records.length - this.failedPerBatch,
      failed: this.failedPerBatch,
      matches: 0,
      ruleErrors: 0,
      alertsOpened: 0,
    }
  }

  /** Every record submitted so far, in order. */
  get records(): string[] {
    return this.batches.flatMap((b) => b.records)
  }

  /** Resolves once at least `count` records arrived; rejects after `timeoutMs`. */
  async waitForRecords(count: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs
    while (this.records.length < count) {
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new Error(`expected ${count} records, got ${this.records.length}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100))
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return this.records
  }
}

/** Source checkpoints in memory, shared across source restarts within a test. */
export class MemoryCheckpoints implements SourceCheckpoints {
  readonly data = new Map<string, Map<string, string>>()

  list(sourceId: string): Promise<Map<string, string>> {
    return Promise.resolve(new Map(this.data.get(sourceId) ?? []))
  }

  set(sourceId: string, key: string, value: string): Promise<void> {
    let entries = this.data.get(sourceId)
    if (entries === undefined) this.data.set(sourceId, (entries = new Map<string, string>()))
    entries.set(key, value)
    return Promise.resolve()
  }

  delete(sourceId: string, key: string): Promise<void> {
    this.data.get(sourceId)?.delete(key)
    return Promise.resolve()
  }
}

/** Polls `check` until it returns true; rejects after `timeoutMs`. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
