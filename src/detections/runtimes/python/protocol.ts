/**
 * Messages between the Python engine and its worker processes (one JSON object per line), and the
 * layout of the progress marker file the worker writes before each detection call.
 */
import type { Severity } from '../../../contract/index.js'
import type { EventRecord } from '../../../core/index.js'

/** Python function names in call order; indices go in the progress marker and in skips. */
export const pythonFunctionNames = [
  'rule',
  'title',
  'dedup',
  'alert_context',
  'severity',
  'description',
  'reference',
  'runbook',
  'destinations',
] as const

/**
 * Int32 slots of the progress marker: the current call as (event, detection, function); `fn` is
 * -1 between batches. Each call of a batch has a distinct triple, so an unchanged triple is a
 * call still running. Slot 0 is reserved.
 */
export const markerSlot = { event: 1, detection: 2, fn: 3 } as const
/** Size of the marker file in bytes. */
export const markerBytes = 16
/** `fn` value while no detection function runs. */
export const idleFn = -1

/** One enabled detection as the worker loads it. */
export interface WorkerDetectionSpec {
  index: number
  id: string
  name: string
  file: string
  code: string
  severity: Severity
  logTypes: readonly string[]
}

/** Engine → worker, first line: everything to load. */
export interface InitMessage {
  type: 'init'
  progressFile: string
  memoryMb: number
  globals: readonly { id: string; file: string; code: string }[]
  dataModels: readonly {
    id: string
    file: string
    logTypes: readonly string[]
    mappings: readonly { name: string; path?: string; method?: string }[]
    code: string | undefined
  }[]
  detections: readonly WorkerDetectionSpec[]
}

/** A function to leave out for one (event, detection): it already timed out there. */
export type PythonSkip = readonly [event: number, detection: number, fn: number]

/**
 * Engine → worker: evaluate `events[start..]`. The events are one JSON array, in `eventsFile`
 * or else on the next line (JSON has no raw newlines): the worker decodes them one at a time as
 * it goes, so an event's objects are freed, and their memory reused, before the next is decoded.
 */
export interface RunMessage {
  type: 'run'
  logType: string
  /**
   * A file holding the events, written when the batch was queued: the worker reads it at its own
   * pace, rather than waiting for the engine's event loop to push a large line through the pipe.
   */
  eventsFile?: string
  start: number
  skips: readonly PythonSkip[]
}

/** A match named by event and detection index. */
export interface PythonWireMatch {
  event: number
  detection: number
  title: string
  dedup: string
  severity: Severity
  alertContext: Record<string, unknown>
  destinations: string[] | null
  description?: string
  reference?: string
  runbook?: string
}

/** A failed function named by event and detection index. */
export interface PythonWireError {
  event: number
  detection: number
  functionName: string
  errorType: string
  message: string
}

/** A detection or data model that failed to import. */
export interface PythonLoadError {
  index?: number
  dataModel?: string
  errorType: string
  message: string
}

/** Engine → worker: run one unit test of a detection (`caracal test`). */
export interface TestMessage {
  type: 'test'
  detection: number
  /** The test's number, written into the marker's event slot. */
  test: number
  log: EventRecord
  mocks: readonly { objectName: string; returnValue: unknown }[]
  /** Selects the data model: the log's `p_log_type`, else the detection's first log type. */
  logType: string
}

/** One function's result in a test: its output, its error, or both (a wrong return type). */
export interface FunctionOutcome {
  output?: unknown
  error?: string
}

/** Worker → engine: what one test produced. */
export interface PythonTestResult {
  type: 'test-result'
  loadError?: string
  mockError?: string
  rule?: FunctionOutcome
  /** Alert functions by Python name, run when `rule()` returned True. */
  functions?: Record<string, FunctionOutcome>
}

/** Worker → engine messages. */
export type PythonWorkerMessage =
  | { type: 'ready'; loadErrors: PythonLoadError[] }
  | { type: 'results'; upTo: number; matches: PythonWireMatch[]; errors: PythonWireError[] }
  | { type: 'done' }
  | { type: 'run-failed'; message: string }
  | { type: 'state'; op: string; args: unknown[] }
  | PythonTestResult
