/**
 * The detection worker: bundled by the engine at start-up and run with `new Worker(code, { eval:
 * true })`, so the same entry works from TypeScript sources and from `dist/`. It imports every
 * enabled detection bundle, then evaluates batches the engine sends, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { EventRecord } from '../../../core/index.js'
import type { RuleDefinition } from '../../../sdk/index.js'
import {
  idle,
  progressSlot,
  type RunRequest,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js'
import {
  bindFunctions,
  DetectionRunner,
  type Findings,
  type RunnableDetection,
} from './run-detection.js'

if (parentPort === null) throw new Error('the detection worker must run in a worker thread')
const port = parentPort
const post = (message: WorkerMessage): void => {
  port.postMessage(message)
}

async function main(init: WorkerInit): Promise<void> {
  const progress = new Int32Array(init.progress)
  const byLogType = new Map<string, RunnableDetection[]>()
  for (const detection of init.detections) {
    let def: RuleDefinition
    try {
      const url = `data:text/javascript;base64,${Buffer.from(detection.code).toString('base64')}`
      const module = (await import(url)) as { default?: RuleDefinition }
      if (typeof module.default?.rule !== 'function')
        throw new Error('the default export has no rule()')
      def = module.default
    } catch (err) {
      post({
        type: 'load-failed',
        id: detection.id,
        message: err instanceof Error ? err.message : String(err),
      })
      return
    }
    const runnable = {
      index: detection.index,
      id: detection.id,
      name: detection.name,
      severity: detection.severity,
      fns: bindFunctions(def),
    }
    for (const logType of detection.logTypes) {
      const list = byLogType.get(logType) ?? []
      list.push(runnable)
      byLogType.set(logType, list)
    }
  }
  const runner = new DetectionRunner(progress, new Set(init.severities))

  // A timer or promise a detection left behind must not kill the worker mid-batch.
  const stray = (err: unknown): void => {
    post({ type: 'stray-error', message: err instanceof Error ? err.message : String(err) })
  }
  process.on('uncaughtException', stray)
  process.on('unhandledRejection', stray)

  port.on('message', (request: RunRequest) => {
    try {
      run(request, byLogType.get(request.logType) ?? [], runner, progress)
    } catch (err) {
      // Detection errors are caught per call, so this is Caracal's own bug: fail the run loudly.
      post({
        type: 'run-failed',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    }
  })
  post({ type: 'ready' })
}

/** Results are flushed when this many are buffered or this much time passed since the last flush. */
const flushResults = 256
const flushMs = 50

function run(
  request: RunRequest,
  detections: readonly RunnableDetection[],
  runner: DetectionRunner,
  progress: Int32Array,
): void {
  const skips = skipIndex(request)
  let out: Findings = { matches: [], errors: [] }
  let lastFlush = performance.now()
  const flush = (upTo: number): void => {
    // Post before marking settled: the engine resumes from the later of the two, so a kill in
    // between neither loses nor repeats results.
    post({ type: 'results', upTo, ...out })
    out = { matches: [], errors: [] }
    lastFlush = performance.now()
    Atomics.store(progress, progressSlot.completed, upTo)
  }
  for (let e = request.start; e < request.events.length; e++) {
    const event = request.events[e] as EventRecord
    deepFreeze(event)
    for (const detection of detections) {
      runner.run(detection, event, e, skips?.get(`${String(e)}:${String(detection.index)}`), out)
    }
    const buffered = out.matches.length + out.errors.length
    if (buffered === 0) {
      Atomics.store(progress, progressSlot.completed, e + 1)
    } else if (buffered >= flushResults || performance.now() - lastFlush >= flushMs) {
      flush(e + 1)
    }
  }
  if (out.matches.length + out.errors.length > 0) flush(request.events.length)
  Atomics.store(progress, progressSlot.fn, idle)
  post({ type: 'done' })
}

/** `"event:detection"` → function indices to leave out, for resuming after a timeout. */
function skipIndex(request: RunRequest): Map<string, Set<number>> | undefined {
  if (request.skips.length === 0) return undefined
  const index = new Map<string, Set<number>>()
  for (const [event, detection, fn] of request.skips) {
    const key = `${String(event)}:${String(detection)}`
    const set = index.get(key) ?? new Set<number>()
    set.add(fn)
    index.set(key, set)
  }
  return index
}

/** Events are immutable to detections (as in Panther): one rule cannot change what the next sees. */
function deepFreeze(value: unknown): void {
  // Typed arrays cannot be frozen; they never come from JSON, so leave them as they are.
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.isFrozen(value) ||
    ArrayBuffer.isView(value)
  )
    return
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
}

void main(workerData as WorkerInit)
