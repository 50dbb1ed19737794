/**
 * `caracal/sdk`: what user TypeScript detections import. Type-only imports keep a detection's
 * bundle free of Caracal's own code: `defineRule` is the only thing that reaches the bundle.
 */
import type { Severity } from '../contract/index.js'
import type { EventRecord, StandardFields } from '../core/index.js'
import type { LogTypeEvents } from './log-types.generated.js'

export type { EventRecord, Severity, StandardFields }
export type * from './log-types.generated.js'

/** The name of a built-in log type that has a generated event type, e.g. `'AWS.CloudTrail'`. */
export type BuiltinLogType = keyof LogTypeEvents

/**
 * An event of a log type without a generated type (a `Custom.*` schema): the standard fields are
 * known, every other field is `unknown` until narrowed. Declare an interface and pass it as
 * `defineRule<MyEvent>({...})` to get field names checked.
 */
export interface GenericEvent extends StandardFields {
  [field: string]: unknown
}

/**
 * The event type of the log types a rule names: the generated type of each built-in one (a union
 * when there are several, told apart by `p_log_type`), `GenericEvent` for any other name.
 */
export type EventOf<L extends string> = L extends BuiltinLogType ? LogTypeEvents[L] : GenericEvent

/** A test event: any of the event's top-level fields, the standard `p_*` ones included. */
export type TestEvent<E> = Partial<E>

/** A unit test shipped with a detection: `rule(event)` must return `expect`. */
export interface RuleTest<E = EventRecord> {
  name: string
  expect: boolean
  /** A normalized event of one of the rule's log types, as plain JSON values. */
  event: TestEvent<E>
}

/**
 * A streaming rule: Panther's metadata keys and functions, camel-cased. Every function receives
 * one immutable event; only `rule` is required, the others refine the alert when it returns true.
 */
export interface RuleDefinition<E extends object = EventRecord, L extends string = string> {
  /** Stable unique id, e.g. `AWS.Root.Activity`; alerts and dedup keys are grouped by it. */
  id: string
  /** Human name shown in the UI; defaults to the id. */
  name?: string
  /** Log types the rule sees, e.g. `['AWS.CloudTrail']`. */
  logTypes: readonly L[]
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
  tests?: readonly RuleTest<E>[]
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

/**
 * The event type `defineRule` gives a rule: the explicit type argument when there is one, else
 * the type of the log types it names.
 */
export type RuleEvent<E extends object, L extends string> = [E] extends [never] ? EventOf<L> : E

/**
 * Declares a rule; an identity function that exists so the definition is type-checked.
 * `defineRule({ logTypes: ['AWS.CloudTrail'], rule(event) {...} })` types `event` as
 * `AWSCloudTrailEvent`, so a misspelt field does not compile; `defineRule<MyEvent>({...})` uses
 * your own type instead (for custom log types).
 */
export function defineRule<E extends object = never, L extends string = string>(
  // NoInfer: `E` comes only from an explicit type argument and `L` only from `logTypes`, never
  // from a test event or a function's parameter annotation.
  def: NoInfer<RuleDefinition<RuleEvent<E, L>, L>> & { logTypes: readonly L[] },
): RuleDefinition<RuleEvent<E, L>, L> {
  return def
}
