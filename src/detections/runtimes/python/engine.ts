import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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
import type { PythonDataModel, PythonDetection, PythonGlobal } from '../../types.js'
import { pythonFunctionNames, type PythonSkip, type WorkerDetectionSpec } from './protocol.js'
import { PythonProcess, type PythonResults, type PythonRunOutcome } from './python-process.js'
import { DetectionStateStore } from './state-store.js'

/** Options of the Python detection engine. */
export interface PythonEngineOptions {
  detections: readonly PythonDetection[]
  globals: readonly PythonGlobal[]
  dataModels: readonly PythonDataModel[]
  /** Worker processes evaluating batches in parallel (at least 1). */
  workers: number
  /** Longest one detection function may run on one event before its process is killed. */
  timeoutMs: number
  /** Address-space limit of each worker process, in MiB. Default 1024. */
  memoryMb?: number
  /** Python interpreter. Default `/usr/bin/python3` when it exists, else `python3` on PATH. */
  interpreter?: string
  /** Shared state of `panther_detection_helpers.caching`. Default: a fresh in-memory store. */
  state?: DetectionStateStore
  logger: Logger
  metrics: Metrics
}

/** After this many process deaths no detection call can be blamed for, a batch fails. */
const maxUnblamedRestarts = 3
const component = 'python'

/** The `python/` directory of this Caracal, from its sources (`src/`) or its build (`dist/`). */
export function pythonRuntimeDir(): string {
  return fileURLToPath(new URL('../../../../python/', import.meta.url))
}

/** The interpreter used when none is configured. */
export function defaultInterpreter(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

interface Job {
  logType: string
  events: readonly EventRecord[]
  /** `events` as a JSON array, encoded when the batch arrives. */
  eventsJson: string
  signal: AbortSignal | undefined
  resolve(result: DetectionResult): void
  reject(error: unknown): void
}

/**
 * Starts a pool of CPython worker processes holding every enabled Python detection, globals
 * and data models, and evaluates batches on them. Resolves once every worker is ready.
 */
export async function createPythonEngine(options: PythonEngineOptions): Promise<DetectionEngine> {
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
  const engine = new PythonEngine(options)
  await engine.start()
  return engine
}

class PythonEngine implements DetectionEngine {
  private readonly metas: readonly DetectionMeta[]
  private readonly logTypes: ReadonlySet<string>
  private readonly processes: PythonProcess[]
  private readonly idle: PythonProcess[] = []
  private readonly queue: Job[] = []
  private readonly logger: Logger
  private readonly workDir: string
  private closed = false
  /** Processes that can still be (re)started. */
  private usable: number

  constructor(private readonly options: PythonEngineOptions) {
    this.usable = options.workers
    this.metas = options.detections.map((d) => d.meta)
    this.logger = options.logger.child({ runtime: component })
    const enabled: WorkerDetectionSpec[] = options.detections.flatMap((d, index) =>
      d.meta.enabled && d.analysisType === 'rule'
        ? [
            {
              index,
              id: d.meta.id,
              name: d.meta.name,
              file: d.meta.file,
              code: d.code,
              severity: d.meta.severity,
              logTypes: d.meta.logTypes,
            },
          ]
        : [],
    )
    this.logTypes = new Set(enabled.flatMap((d) => d.logTypes))
    const state = options.state ?? new DetectionStateStore()
    this.workDir = mkdtempSync(join(tmpdir(), 'caracal-python-'))
    const init = {
      memoryMb: options.memoryMb ?? 1024,
      globals: options.globals,
      dataModels: options.dataModels.filter((m) => m.enabled),
      detections: enabled,
    }
    this.processes = Array.from(
      { length: options.workers },
      (_, i) =>
        new PythonProcess({
          interpreter: options.interpreter ?? defaultInterpreter(),
          pythonPath: pythonRuntimeDir(),
          workDir: this.workDir,
          markerFile: join(this.workDir, `marker-${String(i)}`),
          init,
          timeoutMs: options.timeoutMs,
          startTimeoutMs: Math.max(30_000, options.timeoutMs),
          onOutput: (output) => {
            this.logger.debug({ output }, 'A Python detection wrote output.')
          },
          onState: (op, args) => state.apply(op, args),
        }),
    )
  }

  async start(): Promise<void> {
    try {
      const [first] = await Promise.all(this.processes.map((p) => p.start()))
      for (const problem of first ?? []) {
        const meta = problem.index === undefined ? undefined : this.metas[problem.index]
        this.logger.error(
          { rule_id: meta?.id, data_model: problem.dataModel, problem: problem.message },
          'A Python detection failed to import; every event it sees becomes a rule error.',
        )
      }
    } catch (err) {
      await this.close()
      throw err
    }
    this.idle.push(...this.processes)
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
    if (this.usable === 0) {
      return Promise.reject(new AppError('INTERNAL', 'No Python detection worker is running'))
    }
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
      const onAbort = (): void => {
        const at = this.queue.indexOf(job)
        if (at >= 0) {
          this.queue.splice(at, 1)
          job.reject(signal?.reason)
        }
      }
      const job: Job = {
        logType,
        events,
        eventsJson: JSON.stringify(events),
        signal,
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
    await Promise.all(this.processes.map((p) => p.close()))
    rmSync(this.workDir, { recursive: true, force: true })
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0 && this.idle.length > 0) {
      const job = this.queue.shift() as Job
      const worker = this.idle.shift() as PythonProcess
      void this.dispatch(worker, job)
    }
  }

  private async dispatch(worker: PythonProcess, job: Job): Promise<void> {
    try {
      job.resolve(await this.runJob(worker, job))
    } catch (err) {
      job.reject(err)
    }
    if (this.closed) return
    if (!worker.alive) {
      try {
        await worker.start()
      } catch (err) {
        // Without its process the slot is lost; the others keep serving.
        this.usable -= 1
        this.logger.error(
          { err: describeError(err) },
          'A Python detection worker could not be restarted.',
        )
        if (this.usable === 0) for (const queued of this.queue.splice(0)) queued.reject(err)
        return
      }
    }
    this.idle.push(worker)
    this.pump()
  }

  /** Runs a job to its end, restarting the process and resuming after every timeout or crash. */
  private async runJob(worker: PythonProcess, job: Job): Promise<DetectionResult> {
    const matches: [number, RuleMatch][] = []
    const errors: [number, RuleError][] = []
    const skips: PythonSkip[] = []
    let start = 0
    let unblamed = 0
    const collect = (message: PythonResults): void => {
      for (const m of message.matches) matches.push([m.event, this.toMatch(job, m)])
      for (const e of message.errors) {
        errors.push([
          e.event,
          this.toError(job, e.detection, e.event, e.functionName, e.errorType, e.message),
        ])
        this.options.metrics.errors('detect', this.meta(e.detection).id, 'DETECTION_FAILED')
      }
    }
    for (;;) {
      if (!worker.alive) await worker.start()
      const outcome = await worker.run(
        { logType: job.logType, eventsJson: job.eventsJson, start, skips },
        collect,
        job.signal,
      )
      if (outcome.kind === 'done') break
      if (this.closed) throw shuttingDown()
      if (outcome.kind === 'aborted') throw asError(outcome.reason)
      if (outcome.stuck === undefined) {
        unblamed += 1
        if (unblamed > maxUnblamedRestarts) {
          throw new AppError(
            'INTERNAL',
            'A Python detection worker kept stopping outside any detection call',
            {
              cause: outcome.error,
            },
          )
        }
      } else {
        errors.push([outcome.stuck.event, this.blame(job, outcome)])
        skips.push([outcome.stuck.event, outcome.stuck.detection, outcome.stuck.fn])
      }
      start = outcome.resumeFrom
    }
    // Stable by event: a resumed run re-evaluates events after the last flush.
    return {
      matches: matches.sort((a, b) => a[0] - b[0]).map(([, m]) => m),
      errors: errors.sort((a, b) => a[0] - b[0]).map(([, e]) => e),
    }
  }

  private blame(
    job: Job,
    outcome: Extract<PythonRunOutcome, { kind: 'timeout' | 'crashed' }>,
  ): RuleError {
    const stuck = outcome.stuck as { event: number; detection: number; fn: number }
    const meta = this.meta(stuck.detection)
    const fn = pythonFunctionNames[stuck.fn] ?? 'rule'
    const timeout = outcome.kind === 'timeout'
    const message = timeout
      ? `${fn}() ran longer than ${String(this.options.timeoutMs)} ms; its worker process was replaced`
      : `the worker process died in ${fn}(): ${describeError(outcome.error)}`
    this.options.metrics.errors(
      'detect',
      meta.id,
      timeout ? 'DETECTION_TIMEOUT' : 'DETECTION_FAILED',
    )
    this.logger.warn(
      {
        rule_id: meta.id,
        function: fn,
        event_index: stuck.event,
        timeout_ms: this.options.timeoutMs,
      },
      timeout
        ? 'A Python detection timed out; its worker was replaced.'
        : 'A Python detection crashed its worker; it was replaced.',
    )
    return this.toError(
      job,
      stuck.detection,
      stuck.event,
      fn,
      timeout ? 'Timeout' : 'WorkerCrashed',
      message,
    )
  }

  private toMatch(job: Job, m: PythonResults['matches'][number]): RuleMatch {
    const meta = this.meta(m.detection)
    return {
      ruleId: meta.id,
      ruleVersion: meta.version,
      title: m.title,
      dedup: m.dedup,
      severity: m.severity,
      alertContext: m.alertContext,
      destinations: m.destinations ?? undefined,
      event: job.events[m.event] as EventRecord,
      ...(m.description === undefined ? {} : { description: m.description }),
      ...(m.reference === undefined ? {} : { reference: m.reference }),
      ...(m.runbook === undefined ? {} : { runbook: m.runbook }),
    }
  }

  private toError(
    job: Job,
    detection: number,
    event: number,
    functionName: string,
    errorType: string,
    message: string,
  ): RuleError {
    const meta = this.meta(detection)
    return {
      ruleId: meta.id,
      ruleVersion: meta.version,
      functionName,
      errorType,
      message,
      event: job.events[event] as EventRecord,
    }
  }

  private meta(index: number): DetectionMeta {
    const meta = this.metas[index]
    if (meta === undefined)
      throw new AppError('INTERNAL', `A Python worker named unknown detection #${String(index)}`)
    return meta
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error
    ? reason
    : new AppError('INTERNAL', String(reason), { cause: reason })
}

function shuttingDown(): AppError {
  return new AppError('SHUTTING_DOWN', 'The detection engine is closed')
}
