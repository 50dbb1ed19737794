import { AsyncLocalStorage } from 'node:async_hooks'
import type {
  DetectionEngine,
  DetectionMeta,
  DetectionResult,
  EventRecord,
  RuleError,
} from '../../core/index.js'
import type { DisableableEngine } from './auto-disable.js'

/**
 * Runs several engines (TypeScript and Python) side by side on every batch and merges what they
 * found. One engine failing fails the batch, as it would alone: the pipeline retries batches.
 */
export function createCompositeEngine(engines: readonly DisableableEngine[]): DisableableEngine {
  return {
    async setEnabled(id: string, enabled: boolean): Promise<void> {
      for (const engine of engines) {
        if (engine.detections().some((d) => d.id === id)) await engine.setEnabled(id, enabled)
      }
    },
    detections(): readonly DetectionMeta[] {
      return engines.flatMap((e) => e.detections())
    },
    async evaluate(
      logType: string,
      events: readonly EventRecord[],
      signal?: AbortSignal,
    ): Promise<DetectionResult> {
      const results = await Promise.all(engines.map((e) => e.evaluate(logType, events, signal)))
      return {
        matches: results.flatMap((r) => r.matches),
        errors: results.flatMap((r) => r.errors),
      }
    },
    async close(): Promise<void> {
      await Promise.all(engines.map((e) => e.close()))
    },
  }
}

/**
 * The batch rule errors come from: its key is stored with their RULE_ERROR alerts, and with
 * `skipIfRecorded` (a replay after a crash) errors of a batch already recorded count nothing.
 */
export interface RuleErrorBatch {
  key: string
  skipIfRecorded: boolean
}

/** Where rule errors go besides the `rule_errors` table: the RULE_ERROR alerts. */
export type RuleErrorSink = (
  errors: readonly RuleError[],
  batch: RuleErrorBatch | undefined,
) => Promise<unknown>

/** What evaluations run inside `ruleErrorAlertScope` hand to the sink. */
export interface RuleErrorAlertScope {
  /** False: record nothing (a dry-run replay). */
  record: boolean
  /** Only these rules' errors (a replay of some rules). */
  ruleIds?: ReadonlySet<string>
  /** The batch being evaluated, handed to the sink with its errors. */
  batch?: RuleErrorBatch
}

const scopes = new AsyncLocalStorage<RuleErrorAlertScope>()

/**
 * Runs `work` with its evaluations' rule errors recorded as `scope` says, so a dry-run replay
 * opens no RULE_ERROR alert and a replay of some rules only reports theirs.
 */
export function ruleErrorAlertScope<T>(
  scope: RuleErrorAlertScope,
  work: () => Promise<T>,
): Promise<T> {
  return scopes.run(scope, work)
}

/**
 * Runs `work` with its evaluations' rule errors attributed to `batch` (keeping an enclosing
 * scope's other settings), so recording them again for a replayed batch changes no count.
 */
export function ruleErrorBatchScope<T>(batch: RuleErrorBatch, work: () => Promise<T>): Promise<T> {
  return scopes.run({ record: true, ...scopes.getStore(), batch }, work)
}

/**
 * Hands every batch's rule errors to `sink` before the batch's result is returned, so the
 * RULE_ERROR alerts are recorded (durably) before the pipeline acknowledges the batch.
 */
export function withRuleErrorSink(engine: DetectionEngine, sink: RuleErrorSink): DetectionEngine {
  return {
    detections: () => engine.detections(),
    async evaluate(logType, events, signal): Promise<DetectionResult> {
      const result = await engine.evaluate(logType, events, signal)
      const scope = scopes.getStore()
      const keep = scope?.ruleIds
      const errors =
        scope?.record === false
          ? []
          : keep === undefined
            ? result.errors
            : result.errors.filter((e) => keep.has(e.ruleId))
      if (errors.length > 0) await sink(errors, scope?.batch)
      return result
    },
    close: () => engine.close(),
  }
}
