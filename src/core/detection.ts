import type { Severity } from '../contract/index.js'
import type { EventRecord } from './event.js'

/** What the engine knows of a loaded detection (Panther's metadata keys, camel-cased). */
export interface DetectionMeta {
  id: string
  name: string
  /** Content hash of the detection's source: alerts record the version that fired. */
  version: string
  logTypes: readonly string[]
  severity: Severity
  description: string
  reference: string
  runbook: string
  tags: readonly string[]
  /** MITRE ATT&CK and other report mappings, e.g. `{ 'MITRE ATT&CK': ['TA0004:T1078'] }`. */
  reports: Readonly<Record<string, readonly string[]>>
  dedupPeriodMinutes: number
  threshold: number
  outputIds: readonly string[]
  enabled: boolean
  /** Where it was loaded from, for error messages. */
  file: string
  /** Which runtime runs it; absent means TypeScript. */
  runtime?: 'typescript' | 'python'
  /** Panther's `SummaryAttributes`: event fields to show in alert summaries. */
  summaryAttributes?: readonly string[]
}

/** A rule that returned true for an event, with what its optional functions computed. */
export interface RuleMatch {
  ruleId: string
  ruleVersion: string
  title: string
  dedup: string
  severity: Severity
  alertContext: Record<string, unknown>
  /** `undefined`: the detection did not say; `[]`: do not deliver. */
  destinations: readonly string[] | undefined
  event: EventRecord
  /** Per-event overrides of the detection's documentation (Python `description()` etc.). */
  description?: string
  reference?: string
  runbook?: string
}

/** A detection that raised or ran out of time on one event; the event is kept with the error. */
export interface RuleError {
  ruleId: string
  ruleVersion: string
  /** Which function failed: `rule`, `title`, `dedup`, … */
  functionName: string
  errorType: string
  message: string
  event: EventRecord
}

/** Everything the detections said about a batch of events of one log type. */
export interface DetectionResult {
  matches: RuleMatch[]
  errors: RuleError[]
}

/** Runs the enabled detections of a log type over a batch of its events. */
export interface DetectionEngine {
  detections(): readonly DetectionMeta[]
  evaluate(
    logType: string,
    events: readonly EventRecord[],
    signal?: AbortSignal,
  ): Promise<DetectionResult>
  close(): Promise<void>
}
