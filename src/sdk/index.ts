/**
 * `caracal/sdk`: what user TypeScript detections import. Type-only imports keep a detection's
 * bundle free of Caracal's own code: `defineRule` is the only thing that reaches the bundle.
 */
import type { Severity } from '../contract/index.js'
import type { EventRecord } from '../core/index.js'

export type { EventRecord, Severity }

/** A unit test shipped with a detection: `rule(event)` must return `expect`. */
export interface RuleTest {
  name: string
  expect: boolean
  /** A normalized event of one of the rule's log types, as plain JSON values. */
  event: Record<string, unknown>
}

/**
 * A streaming rule: Panther's metadata keys and functions, camel-cased. Every function receives
 * one immutable event; only `rule` is required, the others refine the alert when it returns true.
 */
export interface RuleDefinition<E extends EventRecord = EventRecord> {
  /** Stable unique id, e.g. `AWS.Root.Activity`; alerts and dedup keys are grouped by it. */
  id: string
  /** Human name shown in the UI; defaults to the id. */
  name?: string
  /** Log types the rule sees, e.g. `['AWS.CloudTrail']`. */
  logTypes: readonly string[]
  severity: Severity
  description?: string
  /** Link to documentation about the behaviour detected. */
  reference?: string
  /** What an analyst should do when the alert fires. */
  runbook?: string
  tags?: readonly string[]
  /** Report mappings, e.g. `{ 'MITRE ATT&CK': ['TA0004:T1078.004'] }`. */
  reports?: Readonly<Record<string, readonly string[]>>
  /** Matches with the same dedup string within this window join one alert. Default 60. */
  dedupPeriodMinutes?: number
  /** Matches needed within the dedup window before an alert opens. Default 1. */
  threshold?: number
  /** Destination ids to notify, overriding routing. */
  outputIds?: readonly string[]
  /** Default true. */
  enabled?: boolean
  tests?: readonly RuleTest[]
  /** True when the event is suspicious. Must return a boolean. */
  rule(event: E): boolean
  /** Alert title; defaults to the rule's name. */
  title?(event: E): string
  /** Alerts group by this string; defaults to the title. */
  dedup?(event: E): string
  /** Extra fields stored with the alert (plain JSON). */
  alertContext?(event: E): Record<string, unknown>
  /** Overrides `severity` for this event; return `'DEFAULT'` to keep it. */
  dynamicSeverity?(event: E): Severity | 'DEFAULT'
  /** Destination ids for this event; `[]` suppresses delivery. */
  destinations?(event: E): string[]
}

/** Declares a rule; an identity function that exists so the definition is type-checked. */
export function defineRule<E extends EventRecord = EventRecord>(
  def: RuleDefinition<E>,
): RuleDefinition<E> {
  return def
}
