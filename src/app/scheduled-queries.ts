import type { DetectionEngine } from '../core/index.js'
import { createPythonEngine } from '../detections/index.js'
import { createQueryService } from '../lake/index.js'
import { detectionGroups } from './detection-content.js'
import { Pipeline } from './pipeline.js'
import { createQueryScheduler, type QueryScheduler } from './query-scheduler.js'
import type { Runtime } from './runtime.js'
import { loadScheduledContent } from './scheduled-content.js'

/** The scheduler with what it opened (a Python pool when scheduled rules exist). */
export interface ScheduledQueries {
  scheduler: QueryScheduler
  /** Stops the scheduler and its detection workers. */
  close(): Promise<void>
}

/**
 * Loads the scheduled queries and scheduled rules of the built-in content, the configured folders
 * and the installed packs (as enabled or disabled there), and builds
 * their scheduler over the runtime's lake, alerts and store (not started: call `start()`).
 * Scheduled rules run in a Python engine of their own, through the same pipeline code as
 * streaming rules, so grouping, alerting and rule-match rows behave the same.
 */
export async function openScheduledQueries(
  runtime: Runtime,
  options: { now?: () => Date } = {},
): Promise<ScheduledQueries> {
  const { config, logger, metrics } = runtime
  const log = logger.child({ component_id: 'scheduled-queries', component_type: 'lake' })
  const content = await loadScheduledContent(await detectionGroups(config, runtime.store.db))
  for (const problem of content.errors) {
    log.error({ file: problem.file, problem: problem.message }, 'Scheduled query not loaded')
  }
  const engine = content.rules.length === 0 ? noRules : await startRules(runtime, content)
  const rulesByQuery = new Map<string, string[]>()
  for (const rule of content.rules) {
    for (const name of rule.meta.logTypes) {
      rulesByQuery.set(name, [...(rulesByQuery.get(name) ?? []), rule.meta.id])
    }
  }
  const pipeline = new Pipeline({
    logTypes: runtime.logTypes,
    engine,
    lake: runtime.lake,
    alerts: runtime.alerts,
    sourceLabel: (id) => id,
    logger: log,
    metrics,
  })
  const scheduler = createQueryScheduler({
    queries: content.queries,
    // Each run reads its results at once: keeping a few finished ones is plenty.
    queryService: createQueryService({ reader: runtime.lakeReader, retain: 20 }),
    reader: runtime.lakeReader,
    pipeline,
    rulesByQuery,
    db: runtime.store.db,
    logger: log,
    metrics,
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  return {
    scheduler,
    async close() {
      await scheduler.stop()
      await engine.close()
    },
  }
}

async function startRules(
  runtime: Runtime,
  content: Awaited<ReturnType<typeof loadScheduledContent>>,
): Promise<DetectionEngine> {
  const { config, logger, metrics } = runtime
  const { interpreter, memoryMb } = config.detections.python
  return createPythonEngine({
    detections: content.rules,
    globals: content.globals,
    dataModels: content.dataModels,
    // Scheduled rules see a few query results an hour: one worker is plenty.
    workers: 1,
    timeoutMs: config.detections.timeoutMs,
    memoryMb,
    ...(interpreter === undefined ? {} : { interpreter }),
    logger: logger.child({ component_id: 'scheduled-rules', component_type: 'detections' }),
    metrics,
  })
}

/** The engine when no scheduled rule exists: queries still run and record their rows. */
const noRules: DetectionEngine = {
  detections: () => [],
  evaluate: () => Promise.resolve({ matches: [], errors: [] }),
  close: () => Promise.resolve(),
}
