import { Worker } from 'node:worker_threads'
import { AppError } from '../../../core/index.js'
import {
  idle,
  progressSlot,
  progressSlots,
  type ResultsChunk,
  type RunRequest,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js'

/** A chunk of results a worker posted. */
export type ResultsMessage = { type: 'results' } & ResultsChunk

/** Where a stopped worker was: resume at `resumeFrom`; `stuck` is the call it was killed in, if known. */
export interface StopPoint {
  resumeFrom: number
  stuck: { event: number; detection: number; fn: number } | undefined
}

/** How one run on a worker ended. After anything but `done`, the worker is gone: `start()` again. */
export type RunOutcome =
  | { kind: 'done' }
  | ({ kind: 'timeout' } & StopPoint)
  | ({ kind: 'crashed'; error: unknown } & StopPoint)
  | { kind: 'aborted'; reason: unknown }

/** Callbacks of a run: results as the worker flushes them, and errors detections left behind. */
export interface RunHandlers {
  onResults(message: ResultsMessage): void
  onStrayError(message: string): void
}

/**
 * One detection worker and its progress marker. A run is watched: when the same detection call
 * stays current for `timeoutMs`, the worker is terminated and the run reports where it stopped.
 */
export class WorkerSlot {
  private worker: Worker | undefined
  private progress = new Int32Array(new SharedArrayBuffer(progressSlots * 4))

  private closed = false

  constructor(
    private readonly code: string,
    private readonly init: Omit<WorkerInit, 'progress'>,
    private readonly timeoutMs: number,
    /** What detections print (`console.log` while debugging one): never the server's own stdout. */
    private readonly onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
  ) {}

  /** True while a started worker is alive. */
  get alive(): boolean {
    return this.worker !== undefined
  }

  /** Starts a fresh worker and resolves once it has imported every detection. */
  async start(): Promise<void> {
    this.assertOpen()
    // A fresh marker per worker: a terminated one may still be writing to the old one.
    const buffer = new SharedArrayBuffer(progressSlots * 4)
    this.progress = new Int32Array(buffer)
    const worker = new Worker(this.code, {
      eval: true,
      workerData: { ...this.init, progress: buffer },
      stdout: true,
      stderr: true,
    })
    worker.stdout.setEncoding('utf8')
    worker.stderr.setEncoding('utf8')
    worker.stdout.on('data', (text: string) => {
      this.onOutput('stdout', text)
    })
    worker.stderr.on('data', (text: string) => {
      this.onOutput('stderr', text)
    })
    await new Promise<void>((resolve, reject) => {
      // Never `removeAllListeners()` on a Worker: Node's own listeners keep its message port referenced.
      const detach = (): void => {
        worker.off('message', onMessage)
        worker.off('error', fail)
        worker.off('exit', onExit)
      }
      const fail = (err: unknown): void => {
        detach()
        void worker.terminate()
        reject(
          err instanceof AppError
            ? err
            : new AppError('INTERNAL', 'A detection worker failed to start', { cause: err }),
        )
      }
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'ready') {
          detach()
          resolve()
        } else if (message.type === 'load-failed') {
          fail(
            new AppError(
              'DETECTION_INVALID',
              `Detection ${message.id} failed to load in a worker: ${message.message}`,
            ),
          )
        }
      }
      const onExit = (code: number): void => {
        fail(new Error(`exited with code ${String(code)}`))
      }
      worker.on('message', onMessage)
      worker.on('error', fail)
      worker.on('exit', onExit)
    })
    // close() may have run while the worker was starting: it must not outlive the engine.
    try {
      this.assertOpen()
    } catch (err) {
      await worker.terminate()
      throw err
    }
    this.worker = worker
  }

  /** Evaluates a batch from `request.start`; resolves (never rejects) with how it ended. */
  run(
    request: Omit<RunRequest, 'type'>,
    handlers: RunHandlers,
    signal?: AbortSignal,
  ): Promise<RunOutcome> {
    const worker = this.worker
    if (worker === undefined)
      return Promise.reject(new AppError('INTERNAL', 'The detection worker is not running'))
    const p = this.progress
    // The worker is idle, so these writes cannot race: a stale `completed` must not leak into this run.
    Atomics.store(p, progressSlot.completed, request.start)
    Atomics.store(p, progressSlot.fn, idle)

    return new Promise<RunOutcome>((resolve) => {
      let postedUpTo = request.start
      let stop:
        | { kind: 'timeout'; seq: number }
        | { kind: 'aborted'; reason: unknown }
        | { kind: 'crashed'; error: unknown }
        | undefined
      let lastSeq = Atomics.load(p, progressSlot.seq)
      let since = performance.now()

      const watchdog = setInterval(() => {
        const seq = Atomics.load(p, progressSlot.seq)
        const now = performance.now()
        if (seq !== lastSeq || Atomics.load(p, progressSlot.fn) === idle) {
          lastSeq = seq
          since = now
        } else if (now - since >= this.timeoutMs && stop === undefined) {
          stop = { kind: 'timeout', seq }
          void worker.terminate()
        }
      }, watchPeriod(this.timeoutMs))
      const onAbort = (): void => {
        stop ??= { kind: 'aborted', reason: signal?.reason }
        void worker.terminate()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      // A resumed run may start after the signal fired; 'abort' is not replayed to new listeners.
      if (signal?.aborted === true) onAbort()

      const finish = (outcome: RunOutcome): void => {
        clearInterval(watchdog)
        signal?.removeEventListener('abort', onAbort)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        if (outcome.kind !== 'done') this.worker = undefined
        resolve(outcome)
      }
      const onResults = (json: string): void => {
        const chunk = JSON.parse(json) as ResultsChunk
        postedUpTo = chunk.upTo
        handlers.onResults({ type: 'results', ...chunk })
      }
      const onMessage = (message: WorkerMessage): void => {
        if (message.type === 'results') {
          onResults(message.json)
        } else if (message.type === 'stray-error') {
          handlers.onStrayError(message.message)
        } else if (message.type === 'done') {
          if (message.json !== undefined) onResults(message.json)
          finish({ kind: 'done' })
        } else if (message.type === 'run-failed') {
          stop ??= {
            kind: 'crashed',
            error: new AppError('INTERNAL', `The detection worker failed: ${message.message}`),
          }
          void worker.terminate()
        }
      }
      const onError = (error: unknown): void => {
        stop ??= { kind: 'crashed', error }
      }
      // Node drains the worker's pending messages before 'exit', so every posted result is in.
      const onExit = (code: number): void => {
        stop ??= {
          kind: 'crashed',
          error: new Error(`the worker exited with code ${String(code)}`),
        }
        if (stop.kind === 'aborted') {
          finish({ kind: 'aborted', reason: stop.reason })
          return
        }
        finish(this.stopPoint(stop, postedUpTo))
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage({ type: 'run', ...request } satisfies RunRequest)
    })
  }

  /** Reads the progress marker of a dead worker: where to resume, and which call to blame. */
  private stopPoint(
    stop: { kind: 'timeout'; seq: number } | { kind: 'crashed'; error: unknown },
    postedUpTo: number,
  ): RunOutcome {
    const p = this.progress
    const resumeFrom = Math.max(Atomics.load(p, progressSlot.completed), postedUpTo)
    const fn = Atomics.load(p, progressSlot.fn)
    // A timed-out call is blamed only if it was still the current one when the worker died.
    const blame =
      fn !== idle && (stop.kind !== 'timeout' || Atomics.load(p, progressSlot.seq) === stop.seq)
    const stuck = blame
      ? {
          event: Atomics.load(p, progressSlot.event),
          detection: Atomics.load(p, progressSlot.detection),
          fn,
        }
      : undefined
    return stop.kind === 'timeout'
      ? { kind: 'timeout', resumeFrom, stuck }
      : { kind: 'crashed', error: stop.error, resumeFrom, stuck }
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('SHUTTING_DOWN', 'The detection engine is closed')
  }

  /** Stops the worker, if any, for good: a later `start()` fails with `SHUTTING_DOWN`. */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    if (worker !== undefined) await worker.terminate()
  }
}

/** How often the watchdog looks: a tenth of the limit, so a stuck call is caught within ~110%. */
function watchPeriod(timeoutMs: number): number {
  return Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)))
}
