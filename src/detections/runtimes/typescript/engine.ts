import { severities } from '../../../contract/index.js'
import type { EventRecord, Logger, Metrics } from '../../../core/index.js'
import type { LoadedDetection } from '../../types.js'
import type { DisableableEngine } from '../auto-disable.js'
import { metaAt, startWorkerPool, type ResultSink } from '../worker-pool.js'
import { functionNames, type WorkerDetection } from './protocol.js'
import { workerCode } from './worker-bundle.js'
import { WorkerSlot, type ResultsMessage } from './worker-slot.js'

/** Options of the TypeScript detection engine. */
export interface TypeScriptEngineOptions {
  detections: readonly LoadedDetection[]
  /** Worker threads evaluating batches in parallel (at least 1). */
  workers: number
  /** Longest one detection function may run on one event before its worker is replaced. */
  timeoutMs: number
  logger: Logger
  metrics: Metrics
}

/**
 * Starts a pool of worker threads that hold every enabled detection and evaluates batches on
 * them. Resolves once every worker has imported the detections.
 */
export async function createTypeScriptEngine(
  options: TypeScriptEngineOptions,
): Promise<DisableableEngine> {
  const code = await workerCode()
  const metas = options.detections.map((d) => d.meta)
  const logger = options.logger.child({ runtime: 'typescript' })
  const enabled: WorkerDetection[] = options.detections.flatMap((d, index) =>
    d.meta.enabled
      ? [
          {
            index,
            id: d.meta.id,
            name: d.meta.name,
            severity: d.meta.severity,
            logTypes: d.meta.logTypes,
            code: d.code,
          },
        ]
      : [],
  )
  const init = { detections: enabled, severities }
  const handlers = (events: readonly EventRecord[], sink: ResultSink) => ({
    onResults: (message: ResultsMessage) => {
      for (const m of message.matches) {
        const meta = metaAt(metas, m.detection)
        sink.match(m.event, m.detection, {
          ruleId: meta.id,
          ruleVersion: meta.version,
          title: m.title,
          dedup: m.dedup,
          severity: m.severity,
          alertContext: m.alertContext,
          destinations: m.destinations,
          event: events[m.event] as EventRecord,
        })
      }
      for (const e of message.errors) {
        const meta = metaAt(metas, e.detection)
        sink.error(e.event, e.detection, functionNames.indexOf(e.functionName), {
          ruleId: meta.id,
          ruleVersion: meta.version,
          functionName: e.functionName,
          errorType: e.errorType,
          message: e.message,
          event: events[e.event] as EventRecord,
        })
      }
    },
    onStrayError: (message: string) => {
      logger.warn({ message }, 'A detection threw outside a call (a timer or promise); ignored.')
    },
  })
  return startWorkerPool(options, {
    component: 'typescript',
    workerNoun: 'detection worker',
    metas,
    enabled,
    functionNames,
    // `init.detections` is the roster's array: a worker started later loads the current list.
    spawn: () =>
      new WorkerSlot(code, init, options.timeoutMs, (stream, output) => {
        logger.debug({ stream, output }, 'A detection wrote output.')
      }),
    prepare: () => undefined,
    run: (slot, batch, from, sink) =>
      slot.run(
        { logType: batch.logType, events: batch.events, start: from.start, skips: from.skips },
        handlers(batch.events, sink),
        batch.signal,
      ),
  })
}
