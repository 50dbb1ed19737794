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
  type ResultsChunk,
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
    post({ type: 'results', json: JSON.stringify({ upTo, ...out } satisfies ResultsChunk) })
    out = { matches: [], errors: [] }
    lastFlush = performance.now()
    Atomics.store(progress, progressSlot.completed, upTo)
  }
  for (let e = request.start; e < request.events.length; e++) {
    const event = request.events[e] as EventRecord
    deepFreeze(event)
    runner.evaluate(detections, event, e, skips?.get(e), out)
    const buffered = out.matches.length + out.errors.length
    if (buffered === 0) {
      Atomics.store(progress, progressSlot.completed, e + 1)
    } else if (buffered >= flushResults || performance.now() - lastFlush >= flushMs) {
      flush(e + 1)
    }
  }
  Atomics.store(progress, progressSlot.fn, idle)
  if (out.matches.length + out.errors.length === 0) {
    post({ type: 'done' })
    return
  }
  const upTo = request.events.length
  post({ type: 'done', json: JSON.stringify({ upTo, ...out } satisfies ResultsChunk) })
  Atomics.store(progress, progressSlot.completed, upTo)
}

/** Event → detection → function indices to leave out, for resuming after a timeout. */
function skipIndex(request: RunRequest): Map<number, Map<number, Set<number>>> | undefined {
  if (request.skips.length === 0) return undefined
  const index = new Map<number, Map<number, Set<number>>>()
  for (const [event, detection, fn] of request.skips) {
    const byDetection = index.get(event) ?? new Map<number, Set<number>>()
    const set = byDetection.get(detection) ?? new Set<number>()
    set.add(fn)
    byDetection.set(detection, set)
    index.set(event, byDetection)
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
  // Index and key loops rather than Object.values(): no array allocated per object.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i]
      if (typeof child === 'object' && child !== null) deepFreeze(child)
    }
    return
  }
  const record = value as Record<string, unknown>
  for (const key in record) {
    const child = record[key]
    if (typeof child === 'object' && child !== null) deepFreeze(child)
  }
}

void main(workerData as WorkerInit)
