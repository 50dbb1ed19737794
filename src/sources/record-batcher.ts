/** How a `RecordBatcher` groups records. */
export interface BatcherOptions {
  /** A batch is sealed at this many records… */
  maxRecords: number
  /** …or this long after its first record arrived. */
  lingerMs: number
  /** Records held (open, sealed and in flight) beyond which `saturated` is true. */
  maxPendingRecords: number
  /** Hands one sealed batch on; must not reject. Batches are submitted one at a time, in order. */
  submit(records: string[]): Promise<unknown>
}

/**
 * Groups records that arrive one by one (syslog messages) into batches by count and by a short
 * linger, and submits them in order, one at a time. `saturated` tells listeners to stop reading
 * (TCP) or drop (UDP) while the pipeline is behind, so memory stays bounded.
 */
export class RecordBatcher {
  private open: string[] = []
  private readonly sealed: string[][] = []
  private pending = 0
  private timer: NodeJS.Timeout | undefined
  private pumping: Promise<void> | undefined
  private waiters: (() => void)[] = []

  constructor(private readonly options: BatcherOptions) {}

  /** True while more records are held than the bound: stop reading until `drained()`. */
  get saturated(): boolean {
    return this.pending >= this.options.maxPendingRecords
  }

  /** Adds one record; seals the batch when full, or starts its linger timer. */
  add(record: string): void {
    this.open.push(record)
    this.pending += 1
    if (this.open.length >= this.options.maxRecords) this.seal()
    else
      this.timer ??= setTimeout(() => {
        this.seal()
      }, this.options.lingerMs)
  }

  /** Resolves once the batcher is below its bound again. */
  drained(): Promise<void> {
    if (!this.saturated) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Seals the open batch and resolves once every batch was submitted. */
  async flush(): Promise<void> {
    this.seal()
    while (this.pumping !== undefined) await this.pumping
  }

  private seal(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    if (this.open.length === 0) return
    this.sealed.push(this.open)
    this.open = []
    this.pumping ??= this.pump()
  }

  private async pump(): Promise<void> {
    for (let batch = this.sealed.shift(); batch !== undefined; batch = this.sealed.shift()) {
      await this.options.submit(batch)
      this.pending -= batch.length
      if (!this.saturated) for (const wake of this.waiters.splice(0)) wake()
    }
    this.pumping = undefined
  }
}
