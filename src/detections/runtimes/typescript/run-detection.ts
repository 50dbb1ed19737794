import type { Severity } from '../../../contract/index.js'
import type { EventRecord } from '../../../core/index.js'
import type { RuleDefinition } from '../../../sdk/index.js'
import {
  functionNames,
  idle,
  progressSlot,
  type FunctionName,
  type WireError,
  type WireMatch,
} from './protocol.js'

/** Panther's limits on generated strings and on the alert context. */
const maxGeneratedLength = 1000
const maxAlertContextBytes = 200 * 1024
const maxMessageLength = 1000

/** One detection function, bound to its definition; `undefined` when the detection lacks it. */
type DetectionFunction = ((event: EventRecord) => unknown) | undefined

/** A detection as the worker holds it: its identity plus its functions in `functionNames` order. */
export interface RunnableDetection {
  index: number
  id: string
  name: string
  severity: Severity
  fns: readonly DetectionFunction[]
}

/** The definition's functions in `functionNames` order, bound so `this` works in method syntax. */
export function bindFunctions(def: RuleDefinition): readonly DetectionFunction[] {
  return [
    def.rule.bind(def),
    def.title?.bind(def),
    def.dedup?.bind(def),
    def.alertContext?.bind(def),
    def.dynamicSeverity?.bind(def),
    def.destinations?.bind(def),
  ]
}

/** Where one (event, detection) evaluation writes what it found. */
export interface Findings {
  matches: WireMatch[]
  errors: WireError[]
}

type Call = { ok: true; value: unknown } | { ok: false; error: unknown }

/**
 * Runs detections on events the way Panther does: `rule` decides; the optional functions only
 * refine a match, so one that fails records an error and falls back to its default.
 *
 * The progress marker is written with plain stores, not `Atomics`: the watchdog only needs to
 * see them within its period, and a fenced store per call costs more than a typical rule.
 */
export class DetectionRunner {
  constructor(
    private readonly progress: Int32Array,
    private readonly severities: ReadonlySet<string>,
  ) {}

  /**
   * Evaluates every detection on one event: the hot loop. `skips` maps a detection index to the
   * function indices that already timed out on this event. The marker's `fn` stays 0 while rules
   * run (each call bumps `seq`), and is `idle` once the event is done.
   */
  evaluate(
    detections: readonly RunnableDetection[],
    event: EventRecord,
    eventIndex: number,
    skips: ReadonlyMap<number, ReadonlySet<number>> | undefined,
    out: Findings,
  ): void {
    const p = this.progress
    p[progressSlot.event] = eventIndex
    for (const det of detections) {
      const skip = skips?.get(det.index)
      if (skip !== undefined) {
        this.run(det, event, eventIndex, skip, out)
        continue
      }
      const rule = det.fns[0] as (event: EventRecord) => unknown
      p[progressSlot.detection] = det.index
      p[progressSlot.fn] = 0
      p[progressSlot.seq] = ((p[progressSlot.seq] as number) + 1) | 0
      let value: unknown
      try {
        value = rule(event)
      } catch (error) {
        out.errors.push(ruleError(eventIndex, det.index, errorTypeOf(error), messageOf(error)))
        continue
      }
      if (value === true) this.alert(det, event, eventIndex, undefined, out)
      else if (value !== false) out.errors.push(notBoolean(eventIndex, det.index, value))
    }
    p[progressSlot.fn] = idle
  }

  /** Evaluates one detection on one event; `skip` lists function indices that already timed out here. */
  run(
    det: RunnableDetection,
    event: EventRecord,
    eventIndex: number,
    skip: ReadonlySet<number> | undefined,
    out: Findings,
  ): void {
    if (skip?.has(0) === true) return
    const ruleResult = this.call(det, 0, det.fns[0], event, eventIndex)
    if (ruleResult === undefined) return
    if (!ruleResult.ok) {
      const { error } = ruleResult
      out.errors.push(ruleError(eventIndex, det.index, errorTypeOf(error), messageOf(error)))
      return
    }
    if (ruleResult.value === true) this.alert(det, event, eventIndex, skip, out)
    else if (ruleResult.value !== false)
      out.errors.push(notBoolean(eventIndex, det.index, ruleResult.value))
  }

  /** `rule` returned true: runs the optional functions, each with its fallback. */
  private alert(
    det: RunnableDetection,
    event: EventRecord,
    eventIndex: number,
    skip: ReadonlySet<number> | undefined,
    out: Findings,
  ): void {
    const fail = (functionName: FunctionName, errorType: string, message: string): void => {
      out.errors.push({ event: eventIndex, detection: det.index, functionName, errorType, message })
    }
    const call = (fn: number): Call | undefined => {
      if (skip?.has(fn) === true) return undefined
      const result = this.call(det, fn, det.fns[fn], event, eventIndex)
      if (result?.ok === false)
        fail(functionNames[fn] ?? 'rule', errorTypeOf(result.error), messageOf(result.error))
      return result
    }
    const title = this.text(call(1), 'title', fail) ?? det.name
    const dedup = this.text(call(2), 'dedup', fail) ?? title
    out.matches.push({
      event: eventIndex,
      detection: det.index,
      title,
      dedup,
      alertContext: this.context(call(3), fail),
      severity: this.severity(call(4), det.severity, fail),
      destinations: this.destinations(call(5), fail),
    })
  }

  /**
   * Calls one function (if the detection has it) with the progress marker set, so the engine
   * can tell where a stuck call is.
   */
  private call(
    det: RunnableDetection,
    fn: number,
    f: DetectionFunction,
    event: EventRecord,
    eventIndex: number,
  ): Call | undefined {
    if (f === undefined) return undefined
    const p = this.progress
    p[progressSlot.event] = eventIndex
    p[progressSlot.detection] = det.index
    p[progressSlot.fn] = fn
    p[progressSlot.seq] = ((p[progressSlot.seq] as number) + 1) | 0
    try {
      return { ok: true, value: f(event) }
    } catch (error) {
      return { ok: false, error }
    } finally {
      p[progressSlot.fn] = idle
    }
  }

  private text(result: Call | undefined, name: FunctionName, fail: Fail): string | undefined {
    if (result?.ok !== true) return undefined
    if (typeof result.value !== 'string') {
      fail(name, 'TypeError', `${name}() must return a string, got ${describeValue(result.value)}`)
      return undefined
    }
    return result.value === '' ? undefined : result.value.slice(0, maxGeneratedLength)
  }

  private context(result: Call | undefined, fail: Fail): Record<string, unknown> {
    if (result?.ok !== true) return {}
    const value = result.value
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(
        'alertContext',
        'TypeError',
        `alertContext() must return an object, got ${describeValue(value)}`,
      )
      return {}
    }
    // Stored as JSON with the alert: normalize now, in the worker, where a failure can be blamed.
    let json: string
    try {
      json = JSON.stringify(value)
    } catch (error) {
      fail('alertContext', errorTypeOf(error), `alertContext() is not JSON: ${messageOf(error)}`)
      return {}
    }
    if (json.length > maxAlertContextBytes) {
      fail(
        'alertContext',
        'RangeError',
        `alertContext() is ${String(json.length)} bytes, over ${String(maxAlertContextBytes)}`,
      )
      return {}
    }
    return JSON.parse(json) as Record<string, unknown>
  }

  private severity(result: Call | undefined, fallback: Severity, fail: Fail): Severity {
    if (result?.ok !== true) return fallback
    const value = typeof result.value === 'string' ? result.value.toUpperCase() : undefined
    if (value === 'DEFAULT') return fallback
    if (value !== undefined && this.severities.has(value)) return value as Severity
    const allowed = [...this.severities, 'DEFAULT'].join(', ')
    fail(
      'dynamicSeverity',
      'ValueError',
      `dynamicSeverity() returned ${describeValue(result.value)}, expected one of ${allowed}`,
    )
    return fallback
  }

  private destinations(result: Call | undefined, fail: Fail): string[] | undefined {
    if (result?.ok !== true) return undefined
    const value = result.value
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value]
    fail(
      'destinations',
      'TypeError',
      `destinations() must return an array of strings, got ${describeValue(value)}`,
    )
    return undefined
  }
}

type Fail = (functionName: FunctionName, errorType: string, message: string) => void

function ruleError(
  event: number,
  detection: number,
  errorType: string,
  message: string,
): WireError {
  return { event, detection, functionName: 'rule', errorType, message }
}

function notBoolean(event: number, detection: number, value: unknown): WireError {
  const message = `rule() must return a boolean, got ${describeValue(value)}`
  return ruleError(event, detection, 'TypeError', message)
}

/** The class of what was thrown (`TypeError`, a custom error class…). */
function errorTypeOf(error: unknown): string {
  if (error instanceof Error) return error.constructor.name || error.name
  return 'Error'
}

function messageOf(error: unknown): string {
  const message =
    error instanceof Error ? error.message : `non-Error value thrown: ${String(error)}`
  return message.slice(0, maxMessageLength)
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `"${value.slice(0, 50)}"`
  if (typeof value === 'object') {
    return value instanceof Promise ? 'a Promise (detections must be synchronous)' : 'an object'
  }
  switch (typeof value) {
    case 'function':
      return 'a function'
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${String(value)}`
    default:
      return typeof value
  }
}
