import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DetectionMeta, EventRecord, Logger, Metrics } from '../../../core/index.js'
import type { PythonDataModel, PythonDetection, PythonGlobal } from '../../types.js'
import type { DisableableEngine } from '../auto-disable.js'
import { metaAt, startWorkerPool, type ResultSink } from '../worker-pool.js'
import { pythonFunctionNames, type PythonLoadError, type WorkerDetectionSpec } from './protocol.js'
import { PythonProcess, type PythonResults } from './python-process.js'
import { DetectionStateStore } from './state-store.js'
import type { DetectionState } from './store-state.js'

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
  state?: DetectionState
  logger: Logger
  metrics: Metrics
}

/** The `python/` directory of this Caracal, from its sources (`src/`) or its build (`dist/`). */
export function pythonRuntimeDir(): string {
  return fileURLToPath(new URL('../../../../python/', import.meta.url))
}

/** The interpreter used when none is configured. */
export function defaultInterpreter(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/**
 * Starts a pool of CPython worker processes holding every enabled Python detection, globals
 * and data models, and evaluates batches on them. Resolves once every worker is ready.
 */
export async function createPythonEngine(options: PythonEngineOptions): Promise<DisableableEngine> {
  const metas = options.detections.map((d) => d.meta)
  const logger = options.logger.child({ runtime: 'python' })
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
  const state = options.state ?? new DetectionStateStore()
  const workDir = mkdtempSync(join(tmpdir(), 'caracal-python-'))
  let batchFiles = 0
  // `init.detections` is the roster's array: a process started later loads the current list.
  const init = {
    memoryMb: options.memoryMb ?? 1024,
    globals: options.globals,
    dataModels: options.dataModels.filter((m) => m.enabled),
    detections: enabled,
  }
  try {
    return await startWorkerPool(options, {
      component: 'python',
      workerNoun: 'Python detection worker',
      metas,
      enabled,
      functionNames: pythonFunctionNames,
      spawn: (i) =>
        new PythonProcess({
          interpreter: options.interpreter ?? defaultInterpreter(),
          pythonPath: pythonRuntimeDir(),
          workDir,
          markerFile: join(workDir, `marker-${String(i)}`),
          init,
          timeoutMs: options.timeoutMs,
          startTimeoutMs: Math.max(30_000, options.timeoutMs),
          onOutput: (output) => {
            logger.debug({ output }, 'A Python detection wrote output.')
          },
          onState: (op, args) => state.apply(op, args),
        }),
      // Encoded once per batch, however many times it resumes, and written to a file when the
      // batch is queued: the worker then reads it without waiting on this event loop.
      prepare: (events) => {
        const file = join(workDir, `batch-${String(batchFiles++)}.json`)
        writeFileSync(file, JSON.stringify(events))
        return file
      },
      release: (file) => {
        rmSync(file, { force: true })
      },
      run: (process, batch, from, sink) =>
        process.run(
          { logType: batch.logType, eventsFile: batch.payload, ...from },
          (message) => {
            collect(metas, batch.events, message, sink)
          },
          batch.signal,
        ),
      started: (results) => {
        for (const problem of (results[0] ?? []) as PythonLoadError[]) {
          const meta = problem.index === undefined ? undefined : metas[problem.index]
          logger.error(
            { rule_id: meta?.id, data_model: problem.dataModel, problem: problem.message },
            'A Python detection failed to import; every event it sees becomes a rule error.',
          )
        }
      },
      closed: () => {
        rmSync(workDir, { recursive: true, force: true })
      },
    })
  } catch (err) {
    rmSync(workDir, { recursive: true, force: true })
    throw err
  }
}

function collect(
  metas: readonly DetectionMeta[],
  events: readonly EventRecord[],
  message: PythonResults,
  sink: ResultSink,
): void {
  for (const m of message.matches) {
    const meta = metaAt(metas, m.detection)
    sink.match(m.event, m.detection, {
      ruleId: meta.id,
      ruleVersion: meta.version,
      title: m.title,
      dedup: m.dedup,
      severity: m.severity,
      alertContext: m.alertContext,
      destinations: m.destinations ?? undefined,
      event: events[m.event] as EventRecord,
      ...(m.description === undefined ? {} : { description: m.description }),
      ...(m.reference === undefined ? {} : { reference: m.reference }),
      ...(m.runbook === undefined ? {} : { runbook: m.runbook }),
    })
  }
  for (const e of message.errors) {
    const meta = metaAt(metas, e.detection)
    sink.error(e.event, e.detection, functionIndex(e.functionName), {
      ruleId: meta.id,
      ruleVersion: meta.version,
      functionName: e.functionName,
      errorType: e.errorType,
      message: e.message,
      event: events[e.event] as EventRecord,
    })
  }
}

const functionIndex = (name: string): number =>
  (pythonFunctionNames as readonly string[]).indexOf(name)
