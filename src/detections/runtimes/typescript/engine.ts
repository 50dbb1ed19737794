import { severities } from '../../../contract/index.js'
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
} from '../../../core/index.js'
import type { LoadedDetection } from '../../types.js'
import { functionNames, type Skip, type WorkerDetection } from './protocol.js'
import { workerCode } from './worker-bundle.js'
import { WorkerSlot, type ResultsMessage, type RunOutcome } from './worker-slot.js'

/** Options of the TypeScript detection engine. */
export interface TypeScriptEngineOptions {
  detections: readonly LoadedDetection[]
  /** Worker threads evaluating batches in parallel (at least 1). */
  workers: number
  /** Longest one detection function may run on one event before its worker is replaced. */
  timeoutMs: number
  logger: Logger
  metrics: Metrics
}

/** Runs after this many worker deaths that no detection call can be blamed for, a batch fails. */
const maxUnblamedRestarts = 3
const component = 'typescript'

/** A result with its (event, detection, function) position, to sort results from resumed runs. */
interface Ordered<T> {
  order: readonly [number, number, number]
  item: T
}

interface Job {
  logType: string
  events: readonly EventRecord[]
  signal: AbortSignal | undefined
  matches: Ordered<RuleMatch>[]
  errors: Ordered<RuleError>[]
  resolve(result: DetectionResult): void
  reject(error: unknown): void
}

/**
 * Starts a pool of worker threads that hold every enabled detection and evaluates batches on
 * them. Resolves once every worker has imported the detections.
 */
export async function createTypeScriptEngine(
  options: TypeScriptEngineOptions,
): Promise<DetectionEngine> {
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
  const engine = new TypeScriptEngine(options, await workerCode())
  await engine.start()
  return engine
}

class TypeScriptEngine implements DetectionEngine {
  private readonly metas: readonly DetectionMeta[]
  private readonly logTypes: ReadonlySet<string>
  private readonly slots: WorkerSlot[]
  private readonly idle: WorkerSlot[] = []
  private readonly queue: Job[] = []
  private readonly logger: Logger
  private closed = false
  /** Slots whose worker can still be (re)started. */
  private usable: number

  constructor(
    private readonly options: TypeScriptEngineOptions,
    code: string,
  ) {
    this.metas = options.detections.map((d) => d.meta)
    // The caller's logger already names the component; only the runtime is added.
    this.logger = options.logger.child({ runtime: component })
    const enabled: WorkerDetection[] = options.detections.flatMap((d, index) =>
      d.meta.enabled
        ? [
            {
              index,
              id: d.meta.id,
              name: d.meta.name,
              severity: d.meta.severity,
              logTypes: d.meta.logTypes,
              code: d.code,
            },
          ]
        : [],
    )
    this.logTypes = new Set(enabled.flatMap((d) => d.logTypes))
    const init = { detections: enabled, severities }
    this.slots = Array.from(
      { length: options.workers },
      () =>
        new WorkerSlot(code, init, options.timeoutMs, (stream, output) => {
          this.logger.debug({ stream, output }, 'A detection wrote output.')
        }),
    )
    this.usable = options.workers
  }

  async start(): Promise<void> {
    try {
      await Promise.all(this.slots.map((slot) => slot.start()))
    } catch (err) {
      await this.close()
      throw err
    }
    this.idle.push(...this.slots)
  }

  detections(): readonly DetectionMeta[] {
    return this.metas
  }

  evaluate(
    logType: string,
    events: readonly EventRecord[],
    signal?: AbortSignal,
  ): Promise<DetectionResult> {
    if (this.closed) return Promise.reject(shuttingDown())
    if (this.usable === 0) return Promise.reject(noWorkers())
    if (signal?.aborted === true) return Promise.reject(asError(signal.reason))
    const started = performance.now()
    this.options.metrics.eventsIn('detect', component, events.length)
    const finish = (result: DetectionResult): DetectionResult => {
      this.options.metrics.eventsOut('detect', component, result.matches.length)
      this.options.metrics.latency('detect', (performance.now() - started) / 1000)
      return result
    }
    if (events.length === 0 || !this.logTypes.has(logType)) {
      return Promise.resolve(finish({ matches: [], errors: [] }))
    }
    return new Promise<DetectionResult>((resolve, reject) => {
      // A queued job that is aborted leaves the queue at once; a running one is stopped by its slot.
      const onAbort = (): void => {
        const at = this.queue.indexOf(job)
        if (at >= 0) {
          this.queue.splice(at, 1)
          job.reject(signal?.reason)
        }
      }
      // Callers may pass one long-lived signal for every batch: never leave a listener behind.
      const job: Job = {
        logType,
        events,
        signal,
        matches: [],
        errors: [],
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(result)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
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
    await Promise.all(this.slots.map((slot) => slot.close()))
  }

  /** Hands queued jobs to idle workers. */
  private pump(): void {
    while (!this.closed && this.queue.length > 0 && this.idle.length > 0) {
      const job = this.queue.shift() as Job
      const slot = this.idle.shift() as WorkerSlot
      void this.dispatch(slot, job)
    }
  }

  private async dispatch(slot: WorkerSlot, job: Job): Promise<void> {
    try {
      await this.runJob(slot, job)
      job.resolve({ matches: sorted(job.matches), errors: sorted(job.errors) })
    } catch (err) {
      job.reject(err)
    }
    if (this.closed) return
    if (!slot.alive) {
      try {
        await slot.start()
      } catch (err) {
        // Without its worker the slot is lost; the others keep serving.
        this.usable -= 1
        this.logger.error(
          { err: describeError(err), workers_left: this.usable },
          'A detection worker could not be restarted.',
        )
        if (this.usable === 0) for (const queued of this.queue.splice(0)) queued.reject(noWorkers())
        return
      }
    }
    this.idle.push(slot)
    this.pump()
  }

  /** Runs a job to its end, replacing the worker and resuming after every timeout or crash. */
  private async runJob(slot: WorkerSlot, job: Job): Promise<void> {
    const skips: Skip[] = []
    let start = 0
    let unblamed = 0
    const handlers = {
      onResults: (message: ResultsMessage) => {
        this.collect(job, message)
      },
      onStrayError: (message: string) => {
        this.logger.warn(
          { message },
          'A detection threw outside a call (a timer or promise); ignored.',
        )
      },
    }
    for (;;) {
      if (!slot.alive) await slot.start()
      const outcome = await slot.run(
        { logType: job.logType, events: job.events, start, skips },
        handlers,
        job.signal,
      )
      if (outcome.kind === 'done') return
      if (this.closed) throw shuttingDown()
      if (outcome.kind === 'aborted') throw outcome.reason
      if (outcome.stuck === undefined) {
        unblamed += 1
        if (unblamed > maxUnblamedRestarts) {
          throw new AppError(
            'INTERNAL',
            'A detection worker kept stopping outside any detection call',
            {
              cause: outcome.kind === 'crashed' ? outcome.error : undefined,
            },
          )
        }
      } else {
        this.blame(job, outcome)
        skips.push([outcome.stuck.event, outcome.stuck.detection, outcome.stuck.fn])
      }
      start = outcome.resumeFrom
    }
  }

  private collect(job: Job, message: ResultsMessage): void {
    for (const m of message.matches) {
      const meta = this.meta(m.detection)
      job.matches.push({
        order: [m.event, m.detection, 0],
        item: {
          ruleId: meta.id,
          ruleVersion: meta.version,
          title: m.title,
          dedup: m.dedup,
          severity: m.severity,
          alertContext: m.alertContext,
          destinations: m.destinations,
          event: job.events[m.event] as EventRecord,
        },
      })
    }
    for (const e of message.errors) {
      const meta = this.meta(e.detection)
      job.errors.push({
        order: [e.event, e.detection, functionNames.indexOf(e.functionName)],
        item: {
          ruleId: meta.id,
          ruleVersion: meta.version,
          functionName: e.functionName,
          errorType: e.errorType,
          message: e.message,
          event: job.events[e.event] as EventRecord,
        },
      })
      this.options.metrics.errors('detect', meta.id, 'DETECTION_FAILED')
    }
  }

  /** Records the call a worker was stopped in as that detection's error on that event. */
  private blame(job: Job, outcome: Extract<RunOutcome, { kind: 'timeout' | 'crashed' }>): void {
    const stuck = outcome.stuck
    if (stuck === undefined) return
    const meta = this.meta(stuck.detection)
    const functionName = functionNames[stuck.fn] ?? 'rule'
    const timeout = outcome.kind === 'timeout'
    const message = timeout
      ? `${functionName}() ran longer than ${String(this.options.timeoutMs)} ms; its worker was replaced`
      : `the worker crashed in ${functionName}(): ${describeError(outcome.error)}`
    job.errors.push({
      order: [stuck.event, stuck.detection, stuck.fn],
      item: {
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

  private meta(index: number): DetectionMeta {
    const meta = this.metas[index]
    if (meta === undefined)
      throw new AppError('INTERNAL', `A worker named unknown detection #${String(index)}`)
    return meta
  }
}

/**
 * Results in event, detection, function order. Chunks arrive in order, but after a worker is
 * replaced, events since its last flush are evaluated again after the timeout was recorded.
 */
function sorted<T>(results: Ordered<T>[]): T[] {
  return results
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2])
    .map((r) => r.item)
}

/** Abort reasons may be anything; callers get an Error either way. */
function asError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new AppError('INTERNAL', String(reason), { cause: reason })
}

function noWorkers(): AppError {
  return new AppError('INTERNAL', 'No detection worker is running')
}

function shuttingDown(): AppError {
  return new AppError('SHUTTING_DOWN', 'The detection engine is closed')
}
