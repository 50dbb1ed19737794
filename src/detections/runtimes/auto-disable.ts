import type {
  DetectionEngine,
  DetectionMeta,
  DetectionResult,
  Logger,
  Metrics,
} from '../../core/index.js'
import type { DetectionHealth } from '../health.js'

/** An engine that can stop (and resume) running one of its detections while it runs. */
export interface DisableableEngine extends DetectionEngine {
  /** Replaces the workers with ones that no longer (or again) hold the detection. */
  setEnabled(id: string, enabled: boolean): Promise<void>
}

/** Options of `withAutoDisable`. */
export interface AutoDisableOptions {
  /** Consecutive batches in which a detection was killed before it is disabled; 0 never. */
  after: number
  health: DetectionHealth
  logger: Logger
  metrics: Metrics
  /**
   * How often (at most, on the next batch) the store is read for detections a user re-enabled
   * (`caracal detections enable`), which then run again without a restart. Default 10 s.
   */
  recheckMs?: number
}

/** Rule errors that mean the runtime had to stop the detection: it ran too long or too big. */
const killedBy = new Set(['Timeout', 'WorkerCrashed', 'MemoryError'])

/**
 * Disables a detection that keeps being killed: after `after` consecutive batches of its log type
 * in which it timed out, crashed its worker or ran out of memory, it is taken out of the workers
 * and the reason is stored, logged and counted. It stays disabled (across restarts) until a user
 * re-enables it (picked up within `recheckMs`) or its content changes. Detections disabled
 * earlier are taken out at start.
 */
export async function withAutoDisable(
  engine: DisableableEngine,
  options: AutoDisableOptions,
): Promise<DetectionEngine> {
  const metas = engine.detections()
  const disabled = await options.health.load(metas)
  for (const [id, entry] of disabled) {
    await engine.setEnabled(id, false)
    options.logger.warn(
      { rule_id: id, reason: entry.reason },
      'Detection stays disabled until re-enabled',
    )
  }
  const recheckMs = options.recheckMs ?? 10_000
  let checkedAt = Date.now()
  // Detections re-enabled in the store since the last look run again.
  const recheck = async (): Promise<void> => {
    if (disabled.size === 0 || Date.now() - checkedAt < recheckMs) return
    checkedAt = Date.now()
    const still = new Set((await options.health.list()).map((d) => d.id))
    for (const id of [...disabled.keys()]) {
      if (still.has(id)) continue
      disabled.delete(id)
      await engine.setEnabled(id, true)
      options.logger.info({ rule_id: id }, 'Detection re-enabled')
    }
  }
  const streaks = new Map<string, number>()
  const enabledOf = (logType: string) =>
    metas.filter((m) => m.enabled && m.logTypes.includes(logType) && !disabled.has(m.id))

  const observe = async (logType: string, result: DetectionResult): Promise<void> => {
    const killed = new Map<string, string>()
    for (const error of result.errors) {
      if (killedBy.has(error.errorType)) killed.set(error.ruleId, error.errorType)
    }
    for (const meta of enabledOf(logType)) {
      const kind = killed.get(meta.id)
      const before = streaks.get(meta.id) ?? 0
      if (kind === undefined) {
        if (before > 0) {
          streaks.delete(meta.id)
          await options.health.failures(meta.id, meta.version, 0)
        }
        continue
      }
      const streak = before + 1
      streaks.set(meta.id, streak)
      if (streak < options.after) {
        await options.health.failures(meta.id, meta.version, streak)
        continue
      }
      await disable(meta, streak, kind)
    }
  }

  const disable = async (meta: DetectionMeta, streak: number, kind: string): Promise<void> => {
    const reason =
      `stopped (${kind}) in ${String(streak)} consecutive batches; ` +
      `re-enable with: caracal detections enable ${meta.id}`
    disabled.set(meta.id, {
      id: meta.id,
      version: meta.version,
      reason,
      disabledAt: new Date().toISOString(),
    })
    streaks.delete(meta.id)
    await options.health.disable(meta.id, meta.version, streak, reason)
    await engine.setEnabled(meta.id, false)
    options.metrics.errors('detect', meta.id, 'DETECTION_DISABLED')
    options.logger.error({ rule_id: meta.id, reason }, 'Detection disabled automatically')
  }

  return {
    detections: () => engine.detections(),
    async evaluate(logType, events, signal) {
      await recheck()
      const result = await engine.evaluate(logType, events, signal)
      if (options.after > 0) await observe(logType, result)
      return result
    },
    close: () => engine.close(),
  }
}
