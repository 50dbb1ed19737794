import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs'
import { AppError, describeError } from '../../../core/index.js'
import {
  idleFn,
  markerBytes,
  markerSlot,
  type InitMessage,
  type PythonLoadError,
  type PythonTestResult,
  type PythonWorkerMessage,
  type RunMessage,
  type TestMessage,
} from './protocol.js'

/** A chunk of results the worker flushed. */
export type PythonResults = Extract<PythonWorkerMessage, { type: 'results' }>

/** How a run ended. After anything but `done` the process is gone: `start()` again. */
export type PythonRunOutcome =
  | { kind: 'done' }
  | {
      kind: 'timeout' | 'crashed'
      error: unknown
      resumeFrom: number
      stuck: { event: number; detection: number; fn: number } | undefined
    }
  | { kind: 'aborted'; reason: unknown }

/** How to start a worker process. */
export interface PythonProcessOptions {
  interpreter: string
  /** Directory holding `caracal_runtime`, `panther_core`… (becomes PYTHONPATH). */
  pythonPath: string
  /** Scratch directory: the working directory and HOME of the worker, and its marker file. */
  workDir: string
  markerFile: string
  init: Omit<InitMessage, 'type' | 'progressFile'>
  timeoutMs: number
  startTimeoutMs: number
  onOutput(text: string): void
  /** May answer with a promise (the store-backed state). */
  onState(op: string, args: unknown[]): unknown
}

/**
 * One CPython worker process. Requests go to its stdin, results come back on its stdout (the
 * worker moves detections' own output to stderr). A run is watched through the marker file: when
 * the same call stays current for `timeoutMs`, the process is killed and the run says where.
 */
export class PythonProcess {
  private child: ChildProcessWithoutNullStreams | undefined
  private buffer = ''
  private listener: ((message: PythonWorkerMessage) => void) | undefined
  private exitListener: ((reason: string) => void) | undefined
  private marker: number | undefined
  private closed = false

  constructor(private readonly options: PythonProcessOptions) {}

  /** True while a started process is alive. */
  get alive(): boolean {
    return this.child !== undefined
  }

  /** Starts the process and resolves with its detections' import errors once it is ready. */
  async start(): Promise<PythonLoadError[]> {
    if (this.closed) throw new AppError('SHUTTING_DOWN', 'The detection engine is closed')
    const o = this.options
    const idle = Buffer.alloc(markerBytes)
    idle.writeInt32LE(idleFn, markerSlot.fn * 4)
    writeFileSync(o.markerFile, idle)
    if (this.marker !== undefined) closeSync(this.marker)
    this.marker = openSync(o.markerFile, 'r')
    // A clean environment: the server's secrets and settings never reach detection code.
    const child = spawn(o.interpreter, ['-s', '-B', '-m', 'caracal_runtime.worker'], {
      cwd: o.workDir,
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: o.workDir,
        LANG: 'C.UTF-8',
        PYTHONPATH: o.pythonPath,
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child = child
    this.buffer = ''
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      this.receive(chunk)
    })
    child.stderr.on('data', (text: string) => {
      o.onOutput(text)
    })
    // Writes to a process that just died fail with EPIPE; the exit handler reports it.
    child.stdin.on('error', () => undefined)
    // 'close', not 'exit': it fires once stdout is drained, so every flushed result is in.
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = undefined
      this.exitListener?.(`exited with ${signal ?? `code ${String(code)}`}`)
    })
    child.on('error', (err) => {
      if (this.child === child) this.child = undefined
      this.exitListener?.(describeError(err))
    })
    try {
      return await new Promise<PythonLoadError[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`not ready within ${String(o.startTimeoutMs)} ms`))
        }, o.startTimeoutMs)
        this.listener = (message) => {
          if (message.type === 'ready') {
            clearTimeout(timer)
            resolve(message.loadErrors)
          }
        }
        this.exitListener = (reason) => {
          clearTimeout(timer)
          reject(new Error(reason))
        }
        this.send({ type: 'init', progressFile: o.markerFile, ...o.init })
      })
    } catch (err) {
      this.kill()
      throw new AppError(
        'INTERNAL',
        `A Python detection worker failed to start: ${describeError(err)}`,
        {
          cause: err,
        },
      )
    } finally {
      this.listener = undefined
      this.exitListener = undefined
    }
  }

  /**
   * Evaluates a batch from `request.start`; resolves (never rejects) with how it ended. The events
   * come pre-serialized, so the engine can encode a queued batch while the worker is still busy,
   * and encode it once however often the run is resumed: in `eventsFile`, or as `eventsJson` (a
   * JSON array) on its own line after the request (see `RunMessage`). The worker decodes one
   * event at a time from it.
   */
  run(
    request: Omit<RunMessage, 'type'> & { eventsJson?: string },
    onResults: (message: PythonResults) => void,
    signal?: AbortSignal,
  ): Promise<PythonRunOutcome> {
    const { eventsJson, ...rest } = request
    const header = JSON.stringify({ type: 'run', ...rest } satisfies RunMessage)
    const line =
      rest.eventsFile === undefined ? `${header}\n${eventsJson ?? '[]'}\n` : `${header}\n`
    return this.exchange(line, request.start, onResults, signal)
  }

  /** Runs one unit test; `result` is set when the run ends `done`. */
  async test(
    request: Omit<TestMessage, 'type'>,
  ): Promise<{ outcome: PythonRunOutcome; result: PythonTestResult | undefined }> {
    let result: PythonTestResult | undefined
    const outcome = await this.exchange(
      `${JSON.stringify({ type: 'test', ...request })}\n`,
      0,
      () => undefined,
      undefined,
      (message) => {
        result = message
      },
    )
    return { outcome, result }
  }

  /** Sends one request line and watches the process until the worker says `done` or dies. */
  private exchange(
    line: string,
    start: number,
    onResults: (message: PythonResults) => void,
    signal: AbortSignal | undefined,
    onTestResult?: (message: PythonTestResult) => void,
  ): Promise<PythonRunOutcome> {
    if (this.child === undefined) {
      return Promise.reject(new AppError('INTERNAL', 'The Python detection worker is not running'))
    }
    return new Promise<PythonRunOutcome>((resolve) => {
      let postedUpTo = start
      let stop:
        { kind: 'timeout' | 'crashed' | 'aborted'; detail: unknown; at?: Marker } | undefined
      let last = this.readMarker()
      let since = performance.now()
      const watchdog = setInterval(() => {
        const now = performance.now()
        const m = this.readMarker()
        if (!sameCall(m, last) || m.fn === idleFn) {
          last = m
          since = now
        } else if (now - since >= this.options.timeoutMs && stop === undefined) {
          stop = { kind: 'timeout', detail: undefined, at: m }
          this.kill()
        }
      }, watchPeriod(this.options.timeoutMs))
      const onAbort = (): void => {
        stop ??= { kind: 'aborted', detail: signal?.reason }
        this.kill()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      if (signal?.aborted === true) onAbort()
      const finish = (outcome: PythonRunOutcome): void => {
        clearInterval(watchdog)
        signal?.removeEventListener('abort', onAbort)
        this.listener = undefined
        this.exitListener = undefined
        resolve(outcome)
      }
      this.listener = (message) => {
        if (message.type === 'results') {
          postedUpTo = message.upTo
          onResults(message)
        } else if (message.type === 'state') {
          this.answerState(message.op, message.args)
        } else if (message.type === 'test-result') {
          onTestResult?.(message)
        } else if (message.type === 'done') {
          finish({ kind: 'done' })
        } else if (message.type === 'run-failed') {
          stop ??= { kind: 'crashed', detail: new Error(message.message) }
          this.kill()
        }
      }
      this.exitListener = (reason) => {
        stop ??= { kind: 'crashed', detail: new Error(`the worker ${reason}`) }
        if (stop.kind === 'aborted') {
          finish({ kind: 'aborted', reason: stop.detail })
          return
        }
        const m = this.readMarker()
        // A timed-out call is blamed only if it was still the current one when the process died.
        const blame = m.fn !== idleFn && (stop.at === undefined || sameCall(m, stop.at))
        finish({
          kind: stop.kind,
          error: stop.detail,
          resumeFrom: postedUpTo,
          stuck: blame ? { event: m.event, detection: m.detection, fn: m.fn } : undefined,
        })
      }
      this.child?.stdin.write(line)
    })
  }

  /** Kills the process for good: a later `start()` fails with `SHUTTING_DOWN`. */
  async close(): Promise<void> {
    this.closed = true
    const child = this.child
    if (child !== undefined) {
      const exited = new Promise<void>((resolve) => {
        child.once('close', () => {
          resolve()
        })
      })
      this.kill()
      await exited
    }
    if (this.marker !== undefined) closeSync(this.marker)
    this.marker = undefined
  }

  private kill(): void {
    this.child?.kill('SIGKILL')
  }

  private send(message: object): void {
    this.child?.stdin.write(`${JSON.stringify(message)}\n`)
  }

  private answerState(op: string, args: unknown[]): void {
    // The store-backed state answers asynchronously; the worker waits for this one reply. A
    // process replaced meanwhile (timeout) must not get its predecessor's answer.
    const asker = this.child
    const reply = (value: unknown): void => {
      if (this.child === asker) this.send({ type: 'state-result', ok: true, value })
    }
    const fail = (err: unknown): void => {
      if (this.child === asker) {
        this.send({ type: 'state-result', ok: false, message: describeError(err) })
      }
    }
    try {
      const value = this.options.onState(op, args)
      if (value instanceof Promise) value.then(reply, fail)
      else reply(value)
    } catch (err) {
      fail(err)
    }
  }

  private receive(chunk: string): void {
    this.buffer += chunk
    let newline = this.buffer.indexOf('\n')
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline)
      this.buffer = this.buffer.slice(newline + 1)
      if (line.length > 0) this.listener?.(JSON.parse(line) as PythonWorkerMessage)
      newline = this.buffer.indexOf('\n')
    }
  }

  /** The marker as the worker last wrote it (the page cache makes its mmap writes visible). */
  private readMarker(): Marker {
    const bytes = Buffer.alloc(markerBytes)
    if (this.marker !== undefined) readSync(this.marker, bytes, 0, markerBytes, 0)
    return {
      event: bytes.readInt32LE(markerSlot.event * 4),
      detection: bytes.readInt32LE(markerSlot.detection * 4),
      fn: bytes.readInt32LE(markerSlot.fn * 4),
    }
  }
}

/** The call a worker is in, as its marker says. */
interface Marker {
  event: number
  detection: number
  fn: number
}

function sameCall(a: Marker, b: Marker): boolean {
  return a.event === b.event && a.detection === b.detection && a.fn === b.fn
}

/** How often the watchdog looks: a tenth of the limit, so a stuck call is caught within ~110%. */
function watchPeriod(timeoutMs: number): number {
  return Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)))
}
