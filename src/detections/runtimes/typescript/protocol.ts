/**
 * Messages between the engine and its detection workers, and the layout of the shared progress
 * marker. Events never travel back: results name them by index in the batch.
 */
import type { EventRecord } from '../../../core/index.js'
import type { Severity } from '../../../contract/index.js'

/** The detection functions, in the order the worker calls them; indices go in the progress marker. */
export const functionNames = [
  'rule',
  'title',
  'dedup',
  'alertContext',
  'dynamicSeverity',
  'destinations',
] as const
/** Name of one detection function. */
export type FunctionName = (typeof functionNames)[number]

/** Slots of the `Int32Array` progress marker a worker writes with `Atomics` before each call. */
export const progressSlot = {
  /** Incremented at the start of every call: unchanged for `timeoutMs` means a stuck call. */
  seq: 0,
  event: 1,
  detection: 2,
  /** Index into `functionNames`, or `idle` between calls. */
  fn: 3,
  /**
   * Events before this index are settled: evaluated with their results posted. A killed worker's
   * batch resumes from here, so at most the events since the last flush are evaluated again.
   */
  completed: 4,
} as const
/** Value of the `fn` slot while the worker is not inside a detection function. */
export const idle = -1
/** Size of the progress marker in `Int32` slots. */
export const progressSlots = 5

/** What a worker needs to know about one enabled detection. */
export interface WorkerDetection {
  /** Index in the engine's detection list; results refer to detections by it. */
  index: number
  id: string
  name: string
  severity: Severity
  logTypes: readonly string[]
  code: string
}

/** `workerData` of a detection worker. */
export interface WorkerInit {
  detections: readonly WorkerDetection[]
  /** Valid severities, passed in so the worker bundle does not pull in zod for one list. */
  severities: readonly Severity[]
  progress: SharedArrayBuffer
}

/** A function to leave out for one (event, detection), because it already timed out there. */
export type Skip = readonly [event: number, detection: number, fn: number]

/** Engine → worker: evaluate `events[start..]` of `logType`. */
export interface RunRequest {
  type: 'run'
  logType: string
  events: readonly EventRecord[]
  start: number
  skips: readonly Skip[]
}

/** A match, with the event and detection named by index. */
export interface WireMatch {
  event: number
  detection: number
  title: string
  dedup: string
  severity: Severity
  alertContext: Record<string, unknown>
  destinations: string[] | undefined
}

/** A failed detection function, with the event and detection named by index. */
export interface WireError {
  event: number
  detection: number
  functionName: FunctionName
  errorType: string
  message: string
}

/** Results of events `[previous upTo, upTo)`, flushed in chunks so messages stay few. */
export interface ResultsChunk {
  upTo: number
  matches: WireMatch[]
  errors: WireError[]
}

/** Worker → engine messages. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'load-failed'; id: string; message: string }
  /**
   * A `ResultsChunk` as JSON text: one string is cheaper to post and to read than a structured
   * clone of many small objects, and results are plain JSON already (alert contexts are
   * normalized through JSON in the worker).
   */
  | { type: 'results'; json: string }
  /** The run ended; `json` holds the last results, if any (one message wakes the engine once). */
  | { type: 'done'; json?: string }
  /** The batch loop itself threw: the engine replaces the worker. */
  | { type: 'run-failed'; message: string }
  /** An error thrown outside any call (a timer a detection scheduled): reported, not fatal. */
  | { type: 'stray-error'; message: string }
