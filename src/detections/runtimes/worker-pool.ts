import {
  AppError,
  describeError,
  type DetectionEngine,
  type DetectionMeta,
  type DetectionResult,
  type EventRecord,
  type Logger,
  type Metrics,
  type RuleError,
  type RuleMatch,
} from '../../core/index.js'
import type { DisableableEngine } from './auto-disable.js'
import { Roster } from './roster.js'

/** What a pool needs of one worker: a thread or a process that can be (re)started and closed. */
export interface PoolWorker {
  readonly alive: boolean
  start(): Promise<unknown>
  close(): Promise<void>
}

/** A call a worker must not make again when a batch resumes: (event, detection, function). */
export type Skip = readonly [event: number, detection: number, fn: number]

/**
 * How one run of a batch on a worker ended. After anything but `done` the worker is gone; the
 * batch resumes at `resumeFrom` on a restarted one, and `stuck` is the call it was stopped in.
 */
export type PoolRunOutcome =
  | { kind: 'done' }
  | { kind: 'aborted'; reason: unknown }
  | {
      kind: 'timeout' | 'crashed'
      error?: unknown
      resumeFrom: number
      stuck: { event: number; detection: number; fn: number } | undefined
    }

/** Where a run hands its results, each with its (event, detection, function) position. */
export interface ResultSink {
  match(event: number, detection: number, match: RuleMatch): void
  error(event: number, detection: number, fn: number, error: RuleError): void
}

/** A batch as a run sees it: `payload` is what the runtime prepared once for every run of it. */
export interface PoolBatch<Payload> {
  logType: string
  events: readonly EventRecord[]
  payload: Payload
  signal: AbortSignal | undefined
}

/** What a runtime (TypeScript threads, Python processes) plugs into the pool. */
export interface PoolRuntime<Spec extends { id: string; logTypes: readonly string[] }, W, Payload> {
  /** For logs and metrics: `typescript`, `python`. */
  component: string
  /** How log lines name one worker, e.g. `detection worker`, `Python detection worker`. */
  workerNoun: string
  metas: readonly DetectionMeta[]
  /** The enabled detections; workers load the very array, as it is when they start. */
  enabled: Spec[]
  functionNames: readonly string[]
  /** Makes worker `i`. */
  spawn(i: number, enabled: readonly Spec[]): W
  prepare(events: readonly EventRecord[]): Payload
  /** Frees what `prepare` made, once the batch has ended however it ended. */
  release?(payload: Payload): void
  run(
    worker: W,
    batch: PoolBatch<Payload>,
    from: { start: number; skips: readonly Skip[] },
    sink: ResultSink,
  ): Promise<PoolRunOutcome>
  /** Called once with what each worker's first start returned (import problems, say). */
  started?(results: readonly unknown[]): void
  closed?(): void
}

/** Pool options every runtime shares. */
export interface PoolOptions {
  workers: number
  timeoutMs: number
  logger: Logger
  metrics: Metrics
}

/** After this many worker deaths no detection call can be blamed for, a batch fails. */
const maxUnblamedRestarts = 3

interface Job<Payload> extends PoolBatch<Payload> {
  results: Ordered[]
  resolve(result: DetectionResult): void
  reject(error: unknown): void
}

type Ordered =
  | { order: readonly [number, number, number]; match: RuleMatch }
  | { order: readonly [number, number, number]; error: RuleError }

/** Checks the options and starts a pool; resolves once every worker is ready. */
export async function startWorkerPool<
  Spec extends { id: string; logTypes: readonly string[] },
  W extends PoolWorker,
  Payload,
>(options: PoolOptions, runtime: PoolRuntime<Spec, W, Payload>): Promise<DisableableEngine> {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new AppError(
      'CONFIG_INVALID',
      `workers must be a positive integer, got ${String(options.workers)}`,
    )
  }
  if (!(options.timeoutMs > 0)) {
    throw new AppError(
      'CONFIG_INVALID',
      `timeoutMs must be positive, got ${String(options.timeoutMs)}`,
    )
  }
  const pool = new WorkerPool(options, runtime)
  await pool.start()
  return pool
}

/**
 * A pool of workers that each hold every enabled detection: batches queue until a worker is
 * idle; a worker stopped by a timeout or crash is restarted and the batch resumes after the
 * call it was stopped in, which becomes that detection's error on that event.
 */
class WorkerPool<
  Spec extends { id: string; logTypes: readonly string[] },
  W extends PoolWorker,
  P,
> implements DetectionEngine {
  private readonly logTypes: ReadonlySet<string>
  private readonly workers: W[]
  private readonly roster: Roster<Spec, W>
  private readonly idle: W[] = []
  private readonly queue: Job<P>[] = []
  private readonly logger: Logger
  private closed = false
  /** Workers that can still be (re)started. */
  private usable: number

  constructor(
    private readonly options: PoolOptions,
    private readonly runtime: PoolRuntime<Spec, W, P>,
  ) {
    // The caller's logger already names the component; only the runtime is added.
    this.logger = options.logger.child({ runtime: runtime.component })
    this.roster = new Roster(runtime.enabled)
    this.logTypes = new Set(runtime.enabled.flatMap((d) => d.logTypes))
    this.workers = Array.from({ length: options.workers }, (_, i) =>
      runtime.spawn(i, this.roster.enabled),
    )
    this.usable = options.workers
  }

  async start(): Promise<void> {
    try {
      this.runtime.started?.(await Promise.all(this.workers.map((w) => w.start())))
    } catch (err) {
      await this.close()
      throw err
    }
    this.idle.push(...this.workers)
  }

  detections(): readonly DetectionMeta[] {
    return this.runtime.metas
  }

  /** Takes a detection out of every worker, or back in: idle ones now, busy ones after their job. */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    if (!this.roster.set(id, enabled, this.workers)) return
    const idle = this.idle.splice(0)
    const fresh = await Promise.all(idle.map((w) => this.replace(w)))
    for (const w of fresh) if (w !== undefined) this.idle.push(w)
    this.pump()
  }

  evaluate(
    logType: string,
    events: readonly EventRecord[],
    signal?: AbortSignal,
  ): Promise<DetectionResult> {
    if (this.closed) return Promise.reject(shuttingDown())
    if (this.usable === 0) return Promise.reject(this.noWorkers())
    if (signal?.aborted === true) return Promise.reject(asError(signal.reason))
    const started = performance.now()
    const { metrics } = this.options
    metrics.eventsIn('detect', this.runtime.component, events.length)
    const finish = (result: DetectionResult): DetectionResult => {
      metrics.eventsOut('detect', this.runtime.component, result.matches.length)
      metrics.latency('detect', (performance.now() - started) / 1000)
      return result
    }
    if (events.length === 0 || !this.logTypes.has(logType)) {
      return Promise.resolve(finish({ matches: [], errors: [] }))
    }
    return new Promise<DetectionResult>((resolve, reject) => {
      // A queued job that is aborted leaves the queue at once; a running one is stopped by its run.
      const onAbort = (): void => {
        const at = this.queue.indexOf(job)
        if (at >= 0) {
          this.queue.splice(at, 1)
          job.reject(signal?.reason)
        }
      }
      // Callers may pass one long-lived signal for every batch: never leave a listener behind.
      const job: Job<P> = {
        logType,
        events,
        payload: this.runtime.prepare(events),
        signal,
        results: [],
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort)
          this.runtime.release?.(job.payload)
          resolve(result)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
          this.runtime.release?.(job.payload)
          reject(asError(error))
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(job)
      this.pump()
    }).then(finish)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(shuttingDown())
    await Promise.all(this.workers.map((w) => w.close()))
    this.runtime.closed?.()
  }

  /** Swaps a stale worker for a new one that holds the current detections. */
  private async replace(old: W): Promise<W | undefined> {
    this.roster.takeStale(old)
    await old.close()
    const i = this.workers.indexOf(old)
    const next = this.runtime.spawn(i, this.roster.enabled)
    this.workers[i] = next
    try {
      await next.start()
      return next
    } catch (err) {
      this.usable -= 1
      this.logger.error(
        { err: describeError(err) },
        `A ${this.runtime.workerNoun} could not start.`,
      )
      return undefined
    }
  }

  /** Hands queued jobs to idle workers. */
  private pump(): void {
    while (!this.closed && this.queue.length > 0 && this.idle.length > 0) {
      const job = this.queue.shift() as Job<P>
      const worker = this.idle.shift() as W
      void this.dispatch(worker, job)
    }
  }

  private async dispatch(used: W, job: Job<P>): Promise<void> {
    try {
      await this.runJob(used, job)
      job.resolve(sorted(job.results))
    } catch (err) {
      job.reject(err)
    }
    if (this.closed) return
    const worker = this.roster.takeStale(used) ? await this.replace(used) : used
    if (worker === undefined) return
    if (!worker.alive) {
      try {
        await worker.start()
      } catch (err) {
        // Without its worker the slot is lost; the others keep serving.
        this.usable -= 1
        this.logger.error(
          { err: describeError(err), workers_left: this.usable },
          `A ${this.runtime.workerNoun} could not be restarted.`,
        )
        if (this.usable === 0)
          for (const queued of this.queue.splice(0)) queued.reject(this.noWorkers())
        return
      }
    }
    this.idle.push(worker)
    this.pump()
  }

  /** Runs a job to its end, restarting the worker and resuming after every timeout or crash. */
  private async runJob(worker: W, job: Job<P>): Promise<void> {
    const skips: Skip[] = []
    let start = 0
    let unblamed = 0
    const sink: ResultSink = {
      match: (event, detection, match) => {
        job.results.push({ order: [event, detection, 0], match })
      },
      error: (event, detection, fn, error) => {
        job.results.push({ order: [event, detection, fn], error })
        this.options.metrics.errors('detect', error.ruleId, 'DETECTION_FAILED')
      },
    }
    for (;;) {
      if (!worker.alive) await worker.start()
      const outcome = await this.runtime.run(worker, job, { start, skips }, sink)
      if (outcome.kind === 'done') return
      if (this.closed) throw shuttingDown()
      if (outcome.kind === 'aborted') throw asError(outcome.reason)
      if (outcome.stuck === undefined) {
        unblamed += 1
        if (unblamed > maxUnblamedRestarts) {
          throw new AppError(
            'INTERNAL',
            `A ${this.runtime.workerNoun} kept stopping outside any detection call`,
            { cause: outcome.error },
          )
        }
      } else {
        this.blame(job, outcome.kind, outcome.stuck, outcome.error)
        skips.push([outcome.stuck.event, outcome.stuck.detection, outcome.stuck.fn])
      }
      start = outcome.resumeFrom
    }
  }

  /** Records the call a worker was stopped in as that detection's error on that event. */
  private blame(
    job: Job<P>,
    kind: 'timeout' | 'crashed',
    stuck: { event: number; detection: number; fn: number },
    error: unknown,
  ): void {
    const meta = metaAt(this.runtime.metas, stuck.detection)
    const functionName = this.runtime.functionNames[stuck.fn] ?? 'rule'
    const timeout = kind === 'timeout'
    const message = timeout
      ? `${functionName}() ran longer than ${String(this.options.timeoutMs)} ms; its worker was replaced`
      : `the worker crashed in ${functionName}(): ${describeError(error)}`
    job.results.push({
      order: [stuck.event, stuck.detection, stuck.fn],
      error: {
        ruleId: meta.id,
        ruleVersion: meta.version,
        functionName,
        errorType: timeout ? 'Timeout' : 'WorkerCrashed',
        message,
        event: job.events[stuck.event] as EventRecord,
      },
    })
    this.options.metrics.errors(
      'detect',
      meta.id,
      timeout ? 'DETECTION_TIMEOUT' : 'DETECTION_FAILED',
    )
    this.logger.warn(
      {
        rule_id: meta.id,
        function: functionName,
        event_index: stuck.event,
        timeout_ms: this.options.timeoutMs,
      },
      timeout
        ? 'A detection timed out; its worker was replaced.'
        : 'A detection crashed its worker; it was replaced.',
    )
  }

  private noWorkers(): AppError {
    return new AppError('INTERNAL', `No ${this.runtime.workerNoun} is running`)
  }
}

/**
 * Results in event, detection, function order. Chunks arrive in order, but after a worker is
 * replaced, events since its last flush are evaluated again after the timeout was recorded.
 */
function sorted(results: Ordered[]): DetectionResult {
  results.sort(
    (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2],
  )
  const matches: RuleMatch[] = []
  const errors: RuleError[] = []
  for (const r of results) {
    if ('match' in r) matches.push(r.match)
    else errors.push(r.error)
  }
  return { matches, errors }
}

/** Abort reasons may be anything; callers get an Error either way. */
function asError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new AppError('INTERNAL', String(reason), { cause: reason })
}

function shuttingDown(): AppError {
  return new AppError('SHUTTING_DOWN', 'The detection engine is closed')
}

/** The metadata of detection `index`, or an internal error naming the runtime's bad answer. */
export function metaAt(metas: readonly DetectionMeta[], index: number): DetectionMeta {
  const meta = metas[index]
  if (meta === undefined)
    throw new AppError('INTERNAL', `A worker named unknown detection #${String(index)}`)
  return meta
}
